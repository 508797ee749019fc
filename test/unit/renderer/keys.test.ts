import { describe, expect, it } from 'vitest';
import { createKeyMatcher, describeKeys, isEditable, parseKeys } from '../../../renderer/app/keys';
import type { KeyEventLike } from '../../../renderer/app/keys';

const bindings = [
  { id: 'inbox', keys: 'g i' },
  { id: 'chat', keys: 'g c' },
  { id: 'inbox', keys: 'Ctrl+1' },
  { id: 'help', keys: 'F1' },
  { id: 'list', keys: '?' },
];

function keyboard(now = { t: 0 }) {
  const matcher = createKeyMatcher(bindings, { timeoutMs: 1000, now: () => now.t });
  const press = (key: string, extra: Partial<KeyEventLike> = {}) =>
    matcher.handle({ key, ctrlKey: false, metaKey: false, altKey: false, target: null, ...extra });
  return { matcher, press, now };
}

describe('key bindings', () => {
  it('parses sequences, chords and single keys', () => {
    expect(parseKeys('g i')).toEqual([
      { key: 'g', ctrl: false, alt: false },
      { key: 'i', ctrl: false, alt: false },
    ]);
    expect(parseKeys('Ctrl+1')).toEqual([{ key: '1', ctrl: true, alt: false }]);
    expect(parseKeys('Ctrl++')).toEqual([{ key: '+', ctrl: true, alt: false }]);
    expect(parseKeys('F1')).toEqual([{ key: 'F1', ctrl: false, alt: false }]);
    expect(describeKeys('g i')).toEqual([['g'], ['i']]);
    expect(describeKeys('Ctrl+1')).toEqual([['Ctrl', '1']]);
  });

  it('completes a sequence only with its second key, and only the first key waits', () => {
    const { press, matcher } = keyboard();
    expect(press('g')).toBeNull();
    expect(matcher.pending()).toBe(true);
    expect(press('c')).toBe('chat');
    expect(matcher.pending()).toBe(false);
    expect(press('i')).toBeNull(); // 'i' alone is nothing
  });

  it('lets Shift pass on its way to ?, and a modifier key does not break a sequence', () => {
    const { press } = keyboard();
    expect(press('Shift', { target: null })).toBeNull();
    expect(press('?')).toBe('list');
    expect(press('g')).toBeNull();
    expect(press('Shift')).toBeNull();
    expect(press('i')).toBe('inbox');
  });

  it('starts over with a key that is no continuation ("g x g i" still opens the inbox)', () => {
    const { press } = keyboard();
    press('g');
    expect(press('x')).toBeNull();
    press('g');
    expect(press('i')).toBe('inbox');
    press('g');
    expect(press('?')).toBe('list'); // the second key begins (and completes) a binding of its own
  });

  it('forgets a half-typed sequence after the timeout and on Escape', () => {
    const { press, now } = keyboard();
    press('g');
    now.t = 1500;
    expect(press('i')).toBeNull();
    press('g');
    press('Escape');
    expect(press('i')).toBeNull();
  });

  it('matches chords with Ctrl or Cmd, and by the physical digit key on other layouts', () => {
    const { press } = keyboard();
    expect(press('1', { ctrlKey: true })).toBe('inbox');
    expect(press('1', { metaKey: true })).toBe('inbox');
    expect(press('&', { ctrlKey: true, code: 'Digit1' })).toBe('inbox'); // AZERTY
    expect(press('1')).toBeNull(); // the digit alone is not the chord
    expect(press('i', { ctrlKey: true })).toBeNull();
  });

  it('leaves letters typed into fields alone, but chords and F-keys work there', () => {
    const { press } = keyboard();
    const input = document.createElement('input');
    const checkbox = Object.assign(document.createElement('input'), { type: 'checkbox' });
    const textarea = document.createElement('textarea');
    expect(isEditable(input)).toBe(true);
    expect(isEditable(textarea)).toBe(true);
    expect(isEditable(checkbox)).toBe(false);
    expect(isEditable(document.createElement('button'))).toBe(false);
    expect(press('g', { target: input })).toBeNull();
    expect(press('i', { target: input })).toBeNull();
    expect(press('?', { target: textarea })).toBeNull();
    expect(press('1', { target: input, ctrlKey: true })).toBe('inbox');
    expect(press('F1', { target: input })).toBe('help');
    press('g', { target: checkbox });
    expect(press('i', { target: checkbox })).toBe('inbox');
  });

  it('never takes Enter or Space from a focused button or link (the control activates), but does from a list row', () => {
    const matcher = createKeyMatcher([
      { id: 'open', keys: 'Enter' },
      { id: 'inbox', keys: 'g i' },
    ]);
    const press = (key: string, target: EventTarget | null) =>
      matcher.handle({ key, ctrlKey: false, metaKey: false, altKey: false, target });
    const link = Object.assign(document.createElement('a'), { href: 'https://office.example' });
    const roleButton = document.createElement('div');
    roleButton.setAttribute('role', 'button');
    const option = document.createElement('div');
    option.setAttribute('role', 'option');
    for (const control of [
      document.createElement('button'),
      link,
      roleButton,
      Object.assign(document.createElement('input'), { type: 'submit' }),
    ]) {
      expect(press('Enter', control)).toBeNull();
    }
    expect(press('Enter', option)).toBe('open');
    expect(press('Enter', document.body)).toBe('open');
    // letters still work from a focused button
    press('g', document.createElement('button'));
    expect(press('i', document.createElement('button'))).toBe('inbox');
  });
});
