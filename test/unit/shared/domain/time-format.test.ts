import { describe, expect, it } from 'vitest';
import { formatDateTime } from '../../../../shared/domain/time-format';

describe('formatDateTime', () => {
  const now = Date.parse('2026-12-07T09:00:00');
  it('leaves the year out for a moment of this year, in both languages', () => {
    const at = Date.parse('2026-12-14T10:00:00');
    expect(formatDateTime(at, 'en', now)).not.toMatch(/2026/);
    expect(formatDateTime(at, 'en', now)).toMatch(/14 Dec|Dec 14/);
    expect(formatDateTime(at, 'id', now)).not.toMatch(/2026/);
    expect(formatDateTime(at, 'id', now)).toMatch(/14 Des/);
  });
  it('says the year of another year', () => {
    const at = Date.parse('2025-12-30T10:00:00');
    expect(formatDateTime(at, 'en', now)).toMatch(/2025/);
    expect(formatDateTime(at, 'id', now)).toMatch(/2025/);
  });
});
