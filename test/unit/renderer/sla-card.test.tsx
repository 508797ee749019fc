// The ticket's SLA cards on a team calendar: the clock stands still outside business hours and on a
// holiday, and the card says why and when it resumes, in the UI's language.
import { act, cleanup, render, screen } from '@testing-library/react';
import { I18nextProvider } from 'react-i18next';
import { afterEach, describe, expect, it } from 'vitest';
import type { TicketRow } from '../../../shared/contract/tickets';
import type { SlaCalendar } from '../../../shared/domain/sla-calendar';
import { setupI18n } from '../../../renderer/i18n';
import { SlaCard } from '../../../renderer/inbox/SlaClock';
import { tick } from '../../../renderer/inbox/sla-ticker';

afterEach(cleanup);

const calendar: SlaCalendar = {
  id: 'cal-1',
  timeZone: 'Asia/Jakarta',
  country: 'ID',
  workingDays: [1, 2, 3, 4, 5],
  dayStart: 480,
  dayEnd: 1020,
  holidays: [
    {
      date: '2026-08-17',
      kind: 'public',
      name: { en: 'Independence Day', id: 'Hari Ulang Tahun Kemerdekaan Republik Indonesia' },
    },
  ],
  roundTheClock: ['P1'],
};
const friday1630 = Date.parse('2026-03-06T16:30:00+07:00');
const row: TicketRow = {
  id: 'INC-1042',
  title: 'Teller printer',
  requester: 'Andi',
  priority: 'P3',
  status: 'new',
  escalationLevel: 'L1',
  assigneeId: 'u-budi',
  createdAt: friday1630,
  updatedAt: friday1630,
  respondedAt: null,
  resolvedAt: null,
  pausedMs: 0,
  pausedSince: null,
  version: 1,
  calendarId: 'cal-1',
  pending: 0,
  failed: null,
};

describe('the SLA card on a calendar', () => {
  it('outside business hours: the clock keeps its time left and says when it resumes', async () => {
    const i18n = await setupI18n('en');
    render(
      <I18nextProvider i18n={i18n}>
        <SlaCard row={row} which="response" calendar={calendar} />
      </I18nextProvider>,
    );
    act(() => tick(Date.parse('2026-03-06T16:45:00+07:00')));
    expect(screen.getByTestId('sla-response').textContent).toBe('3:45 left');
    expect(screen.getByTestId('sla-response-reason').hidden).toBe(true);
    act(() => tick(Date.parse('2026-03-07T12:00:00+07:00'))); // Saturday
    expect(screen.getByTestId('sla-response').textContent).toBe('3:30 left');
    expect(screen.getByTestId('sla-response-reason').textContent).toBe('Outside business hours — resumes Monday 08:00');
    expect(screen.getByTestId('sla-response-reason').hidden).toBe(false);
  });

  it('on a public holiday, in Bahasa Indonesia', async () => {
    const i18n = await setupI18n('id');
    const holiday = { ...row, createdAt: Date.parse('2026-08-14T16:00:00+07:00') };
    render(
      <I18nextProvider i18n={i18n}>
        <SlaCard row={holiday} which="response" calendar={calendar} />
      </I18nextProvider>,
    );
    act(() => tick(Date.parse('2026-08-17T10:00:00+07:00')));
    expect(screen.getByTestId('sla-response-reason').textContent).toBe(
      'Hari libur nasional: \u2068Hari Ulang Tahun Kemerdekaan Republik Indonesia\u2069 — dilanjutkan Selasa 08.00',
    );
  });
});
