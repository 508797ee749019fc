// One rule for text that people type, at every door it comes in by: the office API (HTTP bodies
// and the event socket), the renderer's IPC contract and the control channel all build their text
// fields from `plainText()`. PostgreSQL cannot store NUL in a text column while SQLite can, and a
// lone surrogate is not Unicode at all (PostgreSQL's UTF-8 refuses it, JSON round trips turn it
// into U+FFFD): refusing both at the edge, with a field error, gives the same answer on both
// engines and keeps the stored text what the person meant. Other control characters are refused
// too: nobody means them, and they garble logs, CSV and terminals. Tab, line feed and carriage
// return stay: multi-line text (notes, comments, messages) needs them.
import { z } from 'zod';

/** C0 controls but tab, LF and CR; DEL; C1 controls */
// eslint-disable-next-line no-control-regex -- finding control characters is this rule's purpose
const CONTROL = /[\u0000-\u0008\u000b\u000c\u000e-\u001f\u007f-\u009f]/;
/** a high surrogate not followed by a low one, or a low one not preceded by a high one */
const LONE_SURROGATE = /[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/;

export const CONTROL_CHARACTER_MESSAGE = 'must not contain control characters (only tab and line breaks)';
export const LONE_SURROGATE_MESSAGE = 'must be valid Unicode text (it contains a lone surrogate)';

/** true when `s` passes the text rule */
export function isPlainText(s: string): boolean {
  return !CONTROL.test(s) && !LONE_SURROGATE.test(s);
}

/** a string field of text from people: chain `.min()`, `.max()`, `.trim()` as on `z.string()` */
export function plainText() {
  return z
    .string()
    .refine((s) => !CONTROL.test(s), CONTROL_CHARACTER_MESSAGE)
    .refine((s) => !LONE_SURROGATE.test(s), LONE_SURROGATE_MESSAGE);
}
