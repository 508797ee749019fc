// Relative times for the inbox ("3 min ago", "kemarin"), through Intl (absolute ones: i18n/format.ts).

export function formatRelative(at: number, locale: string, now: number = Date.now()): string {
  const diff = at - now;
  const abs = Math.abs(diff);
  const format = new Intl.RelativeTimeFormat(locale, { numeric: 'auto', style: 'short' });
  if (abs < 60_000) return format.format(Math.round(diff / 1000), 'second');
  if (abs < 3_600_000) return format.format(Math.round(diff / 60_000), 'minute');
  if (abs < 86_400_000) return format.format(Math.round(diff / 3_600_000), 'hour');
  return format.format(Math.round(diff / 86_400_000), 'day');
}
