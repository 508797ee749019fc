// The UI's words in every language, shared by the renderer (through react-i18next) and the main
// process (tray tooltip, notifications), so a string exists once.
import en from './locales/en.json';
import id from './locales/id.json';

export const catalogues = { en, id } as const;
export type Locale = keyof typeof catalogues;
export const locales = Object.keys(catalogues) as Locale[];

export const isLocale = (value: unknown): value is Locale => typeof value === 'string' && value in catalogues;

type Tree = { [key: string]: string | Tree };

/** The placeholders that carry people's text (a name, a channel's name) into UI text. */
export const PERSON_TEXT_PARAMS: readonly string[] = ['name', 'channel'];

/**
 * People's text inside UI text, between Unicode's first-strong isolate and pop-isolate marks: a
 * right-to-left override in a name ends at the name instead of reversing the sentence around it.
 * The renderer puts such text in <bdi> where it is an element of its own; this is for strings.
 */
export const isolate = (text: string): string => `\u2068${text}\u2069`;

/** For the main process: `translate('id', 'status.offline')`; {{name}} placeholders filled from params. */
export function translate(locale: Locale, key: string, params: Record<string, string | number> = {}): string {
  const found = key
    .split('.')
    .reduce<Tree | string | undefined>(
      (node, part) => (typeof node === 'object' ? node[part] : undefined),
      catalogues[locale] as Tree,
    );
  const text = typeof found === 'string' ? found : key;
  return text.replace(/{{(\w+)}}/g, (_, name: string) => {
    const value = params[name];
    if (value === undefined) return `{{${name}}}`;
    return PERSON_TEXT_PARAMS.includes(name) && typeof value === 'string' ? isolate(value) : String(value);
  });
}
