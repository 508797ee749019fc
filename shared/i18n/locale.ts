// The languages and the rules for people's text in UI text, without the words themselves: what the
// renderer's first screen needs before it fetches the one catalogue it shows (renderer/i18n).

const LOCALES = ['en', 'id'] as const;
export type Locale = (typeof LOCALES)[number];
export const locales: Locale[] = [...LOCALES];

export const isLocale = (value: unknown): value is Locale =>
  typeof value === 'string' && (LOCALES as readonly string[]).includes(value);

/** The placeholders that carry people's text (a name, a channel's name) into UI text. */
export const PERSON_TEXT_PARAMS: readonly string[] = ['name', 'channel'];

/**
 * People's text inside UI text, between Unicode's first-strong isolate and pop-isolate marks: a
 * right-to-left override in a name ends at the name instead of reversing the sentence around it.
 * The renderer puts such text in <bdi> where it is an element of its own; this is for strings.
 */
export const isolate = (text: string): string => `\u2068${text}\u2069`;
