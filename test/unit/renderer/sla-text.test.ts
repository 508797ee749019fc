// The SLA card's reason for a stopped calendar clock, in both languages, with the resume time in the team's zone.
import i18next from 'i18next';
import { describe, expect, it } from 'vitest';
import { catalogues } from '../../../shared/i18n';
import { offClockText } from '../../../renderer/inbox/sla-text';

async function tFor(lng: 'en' | 'id') {
  const i = i18next.createInstance();
  await i.init({
    lng,
    resources: { en: { translation: catalogues.en }, id: { translation: catalogues.id } },
    interpolation: { escapeValue: false },
  });
  return i.t;
}

const monday0800 = Date.parse('2026-03-09T01:00:00Z'); // 08:00 WIB
const independence = {
  date: '2026-08-17',
  kind: 'public' as const,
  name: { en: 'Independence Day', id: 'Hari Ulang Tahun Kemerdekaan Republik Indonesia' },
};

describe('offClockText', () => {
  it('outside business hours, in English and Bahasa Indonesia', async () => {
    const off = { reason: 'outside-hours' as const, resumesAt: monday0800 };
    expect(offClockText(await tFor('en'), 'en', 'Asia/Jakarta', off)).toBe(
      'Outside business hours — resumes Monday 08:00',
    );
    expect(offClockText(await tFor('id'), 'id', 'Asia/Jakarta', off)).toBe(
      'Di luar jam kerja — dilanjutkan Senin 08.00',
    );
  });

  it('a public holiday by its name in the UI language; an office day as such', async () => {
    const off = { reason: 'holiday' as const, holiday: independence, resumesAt: Date.parse('2026-08-18T01:00:00Z') };
    expect(offClockText(await tFor('id'), 'id', 'Asia/Jakarta', off)).toBe(
      'Hari libur nasional: Hari Ulang Tahun Kemerdekaan Republik Indonesia — dilanjutkan Selasa 08.00',
    );
    expect(offClockText(await tFor('en'), 'en', 'Asia/Jakarta', off)).toBe(
      'Public holiday: Independence Day — resumes Tuesday 08:00',
    );
    const cuti = { ...off, holiday: { date: '2026-08-18', kind: 'office' as const, name: { en: 'Cuti', id: 'Cuti' } } };
    expect(offClockText(await tFor('en'), 'en', 'Asia/Jakarta', cuti)).toMatch(/^Office day off: Cuti — resumes/);
  });
});
