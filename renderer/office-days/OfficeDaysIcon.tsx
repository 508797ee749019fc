/** A desk with a screen: decorative, the rail's label names the section. */
export const OfficeDaysIcon = () => (
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
    <rect x="6" y="4" width="12" height="8" rx="1" />
    <path d="M12 12v3M3 15h18M5 15v5M19 15v5" />
  </svg>
);
