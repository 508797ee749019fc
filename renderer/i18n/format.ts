// Dates, times and durations through Intl in the chosen locale; never hand-formatted.
import { dateTimeFormat } from '../../shared/domain/time-format';
export { formatDateTime } from '../../shared/domain/time-format';

export function formatTime(date: Date | string, locale: string): string {
  return dateTimeFormat(locale, 'time').format(new Date(date));
}

/** 3725 s → "1 hour 2 minutes" / "1 jam 2 menit"; under a minute → seconds. */
export function formatDuration(ms: number, locale: string): string {
  const totalSeconds = Math.max(0, Math.floor(ms / 1000));
  const hours = Math.floor(totalSeconds / 3600);
  const minutes = Math.floor((totalSeconds % 3600) / 60);
  const seconds = totalSeconds % 60;
  const unit = (value: number, name: 'hour' | 'minute' | 'second') =>
    new Intl.NumberFormat(locale, { style: 'unit', unit: name, unitDisplay: 'long' }).format(value);
  if (hours > 0) return minutes > 0 ? `${unit(hours, 'hour')} ${unit(minutes, 'minute')}` : unit(hours, 'hour');
  if (minutes > 0) return unit(minutes, 'minute');
  return unit(seconds, 'second');
}
