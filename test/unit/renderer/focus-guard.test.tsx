import { act, cleanup, render, screen } from '@testing-library/react';
import { useCallback, useRef, useState } from 'react';
import { afterEach, describe, expect, it } from 'vitest';
import { useFocusGuard } from '../../../renderer/app/use-focus-guard';

afterEach(cleanup);

function Screen() {
  const heading = useRef<HTMLHeadingElement>(null);
  const [shown, setShown] = useState(true);
  const [busy, setBusy] = useState(false);
  useFocusGuard(useCallback(() => heading.current, []));
  return (
    <main>
      <h1 tabIndex={-1} ref={heading}>
        Inbox
      </h1>
      {shown && (
        <button type="button" onClick={() => setShown(false)}>
          Discard
        </button>
      )}
      <button type="button" disabled={busy} onClick={() => setBusy(true)}>
        Save
      </button>
      <p>plain text</p>
    </main>
  );
}

const tick = () => act(() => new Promise((r) => setTimeout(r, 5)));

describe('the focus guard', () => {
  it('hands the focus to the heading when the focused control disappears', async () => {
    render(<Screen />);
    const discard = screen.getByRole('button', { name: 'Discard' });
    discard.focus();
    act(() => discard.click());
    await tick();
    expect(document.activeElement).toBe(screen.getByRole('heading', { name: 'Inbox' }));
  });

  it('does the same for a control that became disabled, and leaves a deliberate blur alone', async () => {
    render(<Screen />);
    const save = screen.getByRole('button', { name: 'Save' });
    save.focus();
    act(() => save.click());
    await tick();
    expect(document.activeElement).toBe(screen.getByRole('heading', { name: 'Inbox' }));

    const heading = screen.getByRole('heading', { name: 'Inbox' });
    heading.blur(); // e.g. a click on empty space: the heading is still there and enabled
    act(() => screen.getByRole('button', { name: 'Discard' }).click()); // and the page changes meanwhile
    await tick();
    expect(document.activeElement).toBe(document.body);
  });
});
