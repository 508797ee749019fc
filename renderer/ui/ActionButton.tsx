import { useId } from 'react';
import type { ButtonHTMLAttributes, ReactNode } from 'react';

/**
 * A button that can be unavailable and says why. Unavailable it stays in the tab order (a keyboard
 * or screen-reader user reaches it and hears the reason, which a `disabled` button never gets),
 * looks disabled, ignores clicks, and shows the reason beside it on hover and focus; the reason is
 * its accessible description (aria-describedby), not only a title.
 */
export function ActionButton({
  why,
  onClick,
  children,
  className,
  ...rest
}: Omit<ButtonHTMLAttributes<HTMLButtonElement>, 'disabled'> & {
  /** null: available; else the sentence that says why not */
  why: string | null;
  children: ReactNode;
}) {
  const id = useId();
  return (
    <span className="why-not-wrap">
      <button
        type="button"
        {...rest}
        className={className}
        aria-disabled={why !== null || undefined}
        aria-describedby={why !== null ? id : undefined}
        onClick={why === null ? onClick : (e) => e.preventDefault()}
      >
        {children}
      </button>
      {why !== null && (
        <span className="why-not" id={id} role="tooltip">
          {why}
        </span>
      )}
    </span>
  );
}
