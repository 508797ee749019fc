// Who follows an escalated ticket on the client: after a further hop (L1 budi → L2 eko → L3), budi
// still has it in "Escalated by me" and hears when it is taken or resolved; it is no ticket for his
// queue, while the L3 team's people see it waiting there.
import { describe, expect, it } from 'vitest';
import { escalationAlert } from '../../../../electron/services/tickets/tickets-module';
import { escalatedAway, waitingInQueue } from '../../../../renderer/inbox/inbox-store';
import type { TicketRow } from '../../../../shared/contract/tickets';

const onward = { assigneeId: null, escalatedBy: 'u-eko', firstEscalatedBy: 'u-budi' };

describe('a ticket escalated on from L2 to L3', () => {
  it('is still the first escalator’s to follow, and hears of its steps', () => {
    expect(escalationAlert(onward, 'escalated:L3', 'u-budi')).toBeNull();
    expect(escalationAlert(onward, 'escalated:L3', 'u-joko')).toBe('queued');
    const taken = { ...onward, assigneeId: 'u-joko' };
    expect(escalationAlert(taken, 'taken', 'u-budi')).toBe('taken');
    expect(escalationAlert(taken, 'taken', 'u-eko')).toBe('taken');
    expect(escalationAlert(taken, 'status:resolved', 'u-budi')).toBe('resolved');
    expect(escalationAlert({ ...taken, firstEscalatedBy: null }, 'taken', 'u-budi')).toBeNull();
  });

  it('shows in "Escalated by me" for the first escalator, and in the queue only for the new team', () => {
    const row = onward as unknown as TicketRow;
    expect(escalatedAway(row, 'u-budi')).toBe(true);
    expect(escalatedAway(row, 'u-eko')).toBe(true);
    expect(escalatedAway(row, 'u-joko')).toBe(false);
    expect(waitingInQueue(row, 'u-budi')).toBe(false);
    expect(waitingInQueue(row, 'u-joko')).toBe(true);
  });
});
