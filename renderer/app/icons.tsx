// The rail's icons: simple strokes in currentColor, so they follow the theme and the active state.
// Always decorative: the visible label names the control.
import type { ReactNode } from 'react';

function Icon({ children }: { children: ReactNode }) {
  return (
    <svg
      className="icon"
      viewBox="0 0 24 24"
      width="20"
      height="20"
      fill="none"
      stroke="currentColor"
      strokeWidth="1.8"
      strokeLinecap="round"
      strokeLinejoin="round"
      aria-hidden="true"
      focusable="false"
    >
      {children}
    </svg>
  );
}

export const InboxIcon = () => (
  <Icon>
    <path d="M4 13l2.5-8h11L20 13v6H4z" />
    <path d="M4 13h5l1 2h4l1-2h5" />
  </Icon>
);

export const ChatIcon = () => (
  <Icon>
    <path d="M4 5h16v11H9l-5 4z" />
  </Icon>
);

export const ClockIcon = () => (
  <Icon>
    <circle cx="12" cy="12" r="8" />
    <path d="M12 8v4l3 2" />
  </Icon>
);

export const TeamIcon = () => (
  <Icon>
    <circle cx="9" cy="9" r="3" />
    <path d="M3.5 19c.5-3 2.7-5 5.5-5s5 2 5.5 5" />
    <circle cx="17" cy="8" r="2.5" />
    <path d="M16 13.2c2.4.2 4 1.9 4.5 4.8" />
  </Icon>
);

export const HelpIcon = () => (
  <Icon>
    <circle cx="12" cy="12" r="8.5" />
    <path d="M9.6 9.5a2.5 2.5 0 1 1 3.4 2.3c-.6.3-1 .8-1 1.5v.7" />
    <path d="M12 17h.01" />
  </Icon>
);

export const SyncIcon = () => (
  <Icon>
    <path d="M7 4v15M4 7l3-3 3 3" />
    <path d="M17 20V5M14 17l3 3 3-3" />
  </Icon>
);
