// The UI's words in every language, shared by the renderer (through react-i18next) and the main
// process (tray tooltip, notifications), so a string exists once. The renderer loads one language's
// catalogue at a time (renderer/i18n) and takes the rest from ./locale, which holds no words.
import en from './locales/en.json';
import id from './locales/id.json';
import type { Locale } from './locale';
import { isolate, PERSON_TEXT_PARAMS } from './locale';

export { locales } from './locale';
export type { Locale } from './locale';

export const catalogues: Readonly<Record<Locale, typeof en>> = { en, id };

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
  return text.replace(/{{(\w+)}}/g, (_, name: string) => {
    const value = params[name];
    if (value === undefined) return `{{${name}}}`;
    return PERSON_TEXT_PARAMS.includes(name) && typeof value === 'string' ? isolate(value) : String(value);
  });
}
