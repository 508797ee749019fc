// A person with a key, in the rail's style (stroked in currentColor, decorative).
export const AdminIcon = () => (
  <svg
    className="icon"
    viewBox="0 0 24 24"
    width="20"
    height="20"
    fill="none"
    stroke="currentColor"
    strokeWidth="1.8"
    strokeLinecap="round"
    aria-hidden="true"
    focusable="false"
  >
    <circle cx="9" cy="8" r="3.5" />
    <path d="M3 20c0-3.3 2.7-6 6-6 1.2 0 2.3.3 3.2.9" />
    <circle cx="17" cy="15" r="2.2" />
    <path d="M18.6 16.6 21 19M20 18l-1 1" />
  </svg>
);
