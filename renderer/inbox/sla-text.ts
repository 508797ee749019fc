// The words of an SLA clock: "1:02 left", "2 d 4 h", "breached 0:05 ago", "paused", "met".
import type { TFunction } from 'i18next';
import type { SlaClock } from '../../shared/domain/sla';
import { hoursMinutes } from '../../shared/domain/time-format';
import type { SlaOffClock } from '../../shared/domain/sla-calendar';

const MINUTE = 60_000;
const HOUR = 60 * MINUTE;
const DAY = 24 * HOUR;

/** h:mm below a day, "2 d 4 h" above; seconds are not shown (a minute is the clock's grain). */
export function duration(t: TFunction, ms: number): string {
  const abs = Math.abs(ms);
  if (abs >= DAY) return t('inbox.sla.days', { days: Math.floor(abs / DAY), hours: Math.floor((abs % DAY) / HOUR) });
  return hoursMinutes(abs / MINUTE);
}

export function slaText(t: TFunction, clock: SlaClock): string {
  switch (clock.bucket) {
    case 'paused':
      return t('inbox.sla.paused');
    case 'met':
      return t('inbox.sla.met');
    case 'breached':
      return clock.remainingMs < 0
        ? t('inbox.sla.breachedAgo', { time: duration(t, clock.remainingMs) })
        : t('inbox.sla.breached');
    case 'critical':
      return t('inbox.sla.breachIn', { time: duration(t, clock.remainingMs) });
    default:
      return t('inbox.sla.left', { time: duration(t, clock.remainingMs) });
  }
}

/**
 * Why a calendar clock stands still, with when it resumes written in the team's zone and the UI's
 * language ("Outside business hours — resumes Monday 08:00", "Public holiday: Hari Kemerdekaan …").
 */
export function offClockText(t: TFunction, locale: string, timeZone: string, off: SlaOffClock): string {
  const when = new Intl.DateTimeFormat(locale, {
    timeZone,
    weekday: 'long',
    hour: '2-digit',
    minute: '2-digit',
    hourCycle: 'h23',
  }).format(off.resumesAt);
  if (off.reason === 'outside-hours') return t('inbox.sla.outsideHours', { when });
  const name = locale.startsWith('id') ? off.holiday.name.id : off.holiday.name.en;
  return t(off.holiday.kind === 'public' ? 'inbox.sla.holiday' : 'inbox.sla.officeDay', { name, when });
}
