// The days a booking request stands for: a range books the office's weekdays, never a weekend.
import { describe, expect, it } from 'vitest';
import { OFFICE_WEEKDAYS, expandDays, isoWeekday } from '../../../../shared/domain/office-days';

describe('expandDays', () => {
  it('a range from Thursday to the Friday after books the seven workdays in it, no Saturday or Sunday', () => {
    const days = expandDays('2026-12-10', '2026-12-18', undefined, 31);
    expect(days).toEqual([
      '2026-12-10',
      '2026-12-11',
      '2026-12-14',
      '2026-12-15',
      '2026-12-16',
      '2026-12-17',
      '2026-12-18',
    ]);
    expect(days.every((d) => OFFICE_WEEKDAYS.includes(isoWeekday(d)))).toBe(true);
  });

  it('chosen weekdays are kept as chosen, a Saturday too', () => {
    expect(expandDays('2026-12-07', '2026-12-20', [2, 6], 31)).toEqual([
      '2026-12-08',
      '2026-12-12',
      '2026-12-15',
      '2026-12-19',
    ]);
  });

  it('stops one past the limit, so the caller can say the span is too long', () => {
    expect(expandDays('2026-12-07', '2027-03-01', undefined, 5)).toHaveLength(6);
  });
});
