import { useEffect, useId, useRef, useState } from 'react';
import type { KeyboardEvent, ReactNode } from 'react';

/**
 * A status-bar item: a button showing the state in words, which opens its details above the bar
 * (never in the main area). Esc or a click elsewhere closes it and focus returns to the button.
 */
export function StatusPopover({
  label,
  title,
  children,
  align = 'start',
  tone,
  testId,
}: {
  /** what the bar shows: the state in words (a coloured dot is only ever beside a word) */
  label: ReactNode;
  /** the details' accessible name */
  title: string;
  children: ReactNode;
  align?: 'start' | 'end';
  tone?: string;
  testId?: string;
}) {
  const [open, setOpen] = useState(false);
  const panelId = useId();
  const wrap = useRef<HTMLDivElement>(null);
  const button = useRef<HTMLButtonElement>(null);

  useEffect(() => {
    if (!open) return;
    const outside = (event: PointerEvent) => {
      if (!wrap.current?.contains(event.target as Node)) setOpen(false);
    };
    document.addEventListener('pointerdown', outside);
    return () => document.removeEventListener('pointerdown', outside);
  }, [open]);

  const onKeyDown = (event: KeyboardEvent) => {
    if (event.key !== 'Escape' || !open) return;
    event.stopPropagation();
    setOpen(false);
    button.current?.focus();
  };

  return (
    <div className="status-item" ref={wrap} onKeyDown={onKeyDown} data-tone={tone}>
      <button
        ref={button}
        type="button"
        className="status-button"
        aria-expanded={open}
        aria-controls={open ? panelId : undefined}
        onClick={() => setOpen(!open)}
        data-testid={testId}
      >
        {label}
      </button>
      {open && (
        <div id={panelId} className="popover" data-align={align} role="dialog" aria-label={title}>
          {children}
        </div>
      )}
    </div>
  );
}
