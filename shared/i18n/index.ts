// The UI's words in every language, shared by the renderer (through react-i18next) and the main
// process (tray tooltip, notifications), so a string exists once.
import en from './locales/en.json';
import id from './locales/id.json';

export const catalogues = { en, id } as const;
export type Locale = keyof typeof catalogues;
export const locales = Object.keys(catalogues) as Locale[];

export const isLocale = (value: unknown): value is Locale => typeof value === 'string' && value in catalogues;

type Tree = { [key: string]: string | Tree };

/** For the main process: `translate('id', 'status.offline')`; {{name}} placeholders filled from params. */
export function translate(locale: Locale, key: string, params: Record<string, string | number> = {}): string {
  const found = key
    .split('.')
    .reduce<Tree | string | undefined>(
      (node, part) => (typeof node === 'object' ? node[part] : undefined),
      catalogues[locale] as Tree,
    );
  const text = typeof found === 'string' ? found : key;
  return text.replace(/{{(\w+)}}/g, (_, name: string) => String(params[name] ?? `{{${name}}}`));
}
