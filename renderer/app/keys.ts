// Keyboard shortcuts as data: 'g i' is a sequence of two keys, 'Ctrl+1' a chord, 'F1' or '?' a
// single key. The matcher is plain code (no DOM listeners) so the sequence logic has its own tests.

export interface Stroke {
  key: string;
  ctrl: boolean;
  alt: boolean;
}

export interface KeyBinding {
  id: string;
  keys: string;
}

/** The parts of a KeyboardEvent the matcher reads. */
export interface KeyEventLike {
  key: string;
  code?: string;
  ctrlKey: boolean;
  metaKey: boolean;
  altKey: boolean;
  target: EventTarget | null;
}

const MODIFIER_KEYS = new Set(['Shift', 'Control', 'Alt', 'Meta', 'AltGraph', 'CapsLock', 'OS']);

export function parseKeys(keys: string): Stroke[] {
  return keys
    .trim()
    .split(/\s+/)
    .map((part) => {
      const pieces = part.split('+');
      // "Ctrl++" would be a chord with "+"; a lone "+" is the plus key.
      const key = pieces.length > 1 && pieces[pieces.length - 1] === '' ? '+' : pieces[pieces.length - 1]!;
      const mods = pieces.slice(0, key === '+' && pieces.length > 1 ? -2 : -1).map((m) => m.toLowerCase());
      return {
        key: key.length === 1 ? key.toLowerCase() : key,
        ctrl: mods.includes('ctrl') || mods.includes('mod'),
        alt: mods.includes('alt'),
      };
    });
}

/** For the `?` list: 'g i' → [['g'], ['i']], 'Ctrl+1' → [['Ctrl', '1']]. */
export function describeKeys(keys: string): string[][] {
  return parseKeys(keys).map((s) => [...(s.ctrl ? ['Ctrl'] : []), ...(s.alt ? ['Alt'] : []), s.key]);
}

export function isEditable(target: EventTarget | null): boolean {
  if (!target || typeof (target as Element).tagName !== 'string') return false;
  const element = target as HTMLElement;
  const tag = element.tagName.toLowerCase();
  if (tag === 'textarea' || tag === 'select') return true;
  if (tag === 'input') {
    const type = (element.getAttribute('type') ?? 'text').toLowerCase();
    return !['button', 'checkbox', 'radio', 'submit', 'reset', 'range', 'color', 'file', 'image'].includes(type);
  }
  return element.isContentEditable === true || element.getAttribute?.('contenteditable') === 'true';
}

/** A control that Enter (or Space) itself activates: a button, a link, a summary or their ARIA roles. */
export function activatesOnEnter(target: EventTarget | null): boolean {
  if (!target || typeof (target as Element).tagName !== 'string') return false;
  const element = target as HTMLElement;
  const tag = element.tagName.toLowerCase();
  if (tag === 'button' || tag === 'summary' || (tag === 'a' && element.hasAttribute?.('href'))) return true;
  if (tag === 'input')
    return ['button', 'checkbox', 'radio', 'submit', 'reset', 'image'].includes(
      (element.getAttribute('type') ?? '').toLowerCase(),
    );
  const role = element.getAttribute?.('role');
  return (
    role === 'button' ||
    role === 'link' ||
    role === 'menuitem' ||
    role === 'tab' ||
    role === 'checkbox' ||
    role === 'switch'
  );
}

function strokeOf(event: KeyEventLike): Stroke {
  const key = event.key.length === 1 ? event.key.toLowerCase() : event.key;
  return { key, ctrl: event.ctrlKey || event.metaKey, alt: event.altKey };
}

function same(binding: Stroke, stroke: Stroke, event: KeyEventLike): boolean {
  if (binding.ctrl !== stroke.ctrl || binding.alt !== stroke.alt) return false;
  if (binding.key === stroke.key) return true;
  // Ctrl+1 where the digit row types other characters (AZERTY): fall back to the physical key.
  return /^\d$/.test(binding.key) && event.code === `Digit${binding.key}`;
}

/** A stroke that can fire while the user types in a field: chords and function keys, never letters. */
const worksInFields = (s: Stroke) => s.ctrl || s.alt || /^F\d{1,2}$/.test(s.key);

export interface KeyMatcher {
  /** The id of the binding this key completes, else null (a sequence may be waiting for its next key). */
  handle(event: KeyEventLike): string | null;
  /** true while the first keys of a sequence have been typed */
  pending(): boolean;
  reset(): void;
}

export function createKeyMatcher(
  bindings: readonly KeyBinding[],
  options: { timeoutMs?: number; now?: () => number } = {},
): KeyMatcher {
  const timeoutMs = options.timeoutMs ?? 1500;
  const now = options.now ?? (() => Date.now());
  const parsed = bindings.map((b) => ({ id: b.id, strokes: parseKeys(b.keys) }));
  let typed: Stroke[] = [];
  let lastAt = 0;

  const attempt = (strokes: Stroke[], event: KeyEventLike): { done: string | null; prefix: boolean } => {
    let prefix = false;
    for (const b of parsed) {
      if (b.strokes.length < strokes.length) continue;
      if (!strokes.every((s, i) => same(b.strokes[i]!, s, event))) continue;
      if (b.strokes.length === strokes.length) return { done: b.id, prefix: false };
      prefix = true;
    }
    return { done: null, prefix };
  };

  return {
    handle(event) {
      if (MODIFIER_KEYS.has(event.key)) return null; // Shift on its way to '?', Ctrl on its way to Ctrl+1
      const stroke = strokeOf(event);
      // Enter and Space on a focused button or link are that control's own: a binding never takes them
      const activates =
        !stroke.ctrl && !stroke.alt && (stroke.key === 'Enter' || stroke.key === ' ') && activatesOnEnter(event.target);
      if (event.key === 'Escape' || activates || (isEditable(event.target) && !worksInFields(stroke))) {
        typed = [];
        return null;
      }
      if (typed.length && now() - lastAt > timeoutMs) typed = [];
      lastAt = now();
      let candidate = [...typed, stroke];
      let result = attempt(candidate, event);
      // 'g x' is no binding, but the 'x' may begin one of its own ('g x g i' still goes to the inbox).
      if (!result.done && !result.prefix && typed.length) {
        candidate = [stroke];
        result = attempt(candidate, event);
      }
      if (result.done) {
        typed = [];
        return result.done;
      }
      typed = result.prefix ? candidate : [];
      return null;
    },
    pending: () => typed.length > 0,
    reset() {
      typed = [];
    },
  };
}
