// Times and durations as people read them, in one place for the renderer and the main process
// (a notification's "7:30", the Team table's "due 14 Dec, 10:00"): through Intl, never hand-built dates.

/** Whole minutes as h:mm (125 → "2:05"); with a locale, the digits are that locale's numerals. */
export function hoursMinutes(totalMinutes: number, locale?: string): string {
  const minutes = Math.max(0, Math.floor(totalMinutes));
  const h = Math.floor(minutes / 60);
  const m = minutes % 60;
  if (locale === undefined) return `${h}:${String(m).padStart(2, '0')}`;
  const [hours, mins] = numberFormats(locale);
  return `${hours.format(h)}:${mins.format(m)}`;
}

// a formatter costs far more to make than to use, and a week chart formats hundreds of figures
const formats = new Map<string, [Intl.NumberFormat, Intl.NumberFormat]>();
function numberFormats(locale: string): [Intl.NumberFormat, Intl.NumberFormat] {
  let f = formats.get(locale);
  if (!f) {
    f = [new Intl.NumberFormat(locale), new Intl.NumberFormat(locale, { minimumIntegerDigits: 2 })];
    if (formats.size > 20) formats.clear();
    formats.set(locale, f);
  }
  return f;
}

/**
 * A moment as a date and a short time in the locale: "7 Dec, 09:30" this year (the year goes
 * without saying), "7 Dec 2025, 09:30" in another.
 */
export function formatDateTime(at: Date | string | number, locale: string, now: number = Date.now()): string {
  const date = new Date(at);
  const other = date.getFullYear() !== new Date(now).getFullYear();
  return dateTimeFormat(locale, other ? 'dateTimeYear' : 'dateTime').format(date);
}

const dateTimeOptions = {
  dateTime: { day: 'numeric', month: 'short', hour: '2-digit', minute: '2-digit' },
  dateTimeYear: { dateStyle: 'medium', timeStyle: 'short' },
  time: { hour: '2-digit', minute: '2-digit', second: '2-digit' },
} satisfies Record<string, Intl.DateTimeFormatOptions>;

// as with numbers: a chat list formats two moments per row on every scroll frame
const dateTimeFormats = new Map<string, Intl.DateTimeFormat>();
/** One formatter per locale and style, made once. */
export function dateTimeFormat(locale: string, style: keyof typeof dateTimeOptions): Intl.DateTimeFormat {
  const key = `${style} ${locale}`;
  let f = dateTimeFormats.get(key);
  if (!f) {
    f = new Intl.DateTimeFormat(locale, dateTimeOptions[style]);
    if (dateTimeFormats.size > 60) dateTimeFormats.clear();
    dateTimeFormats.set(key, f);
  }
  return f;
}
