// npm run bench -- sla
// The deadlines of 10,000 open tickets on the demo team's calendar (Mon–Fri 08:00–17:00 Asia/Jakarta,
// Indonesia's public holidays from the holidays library plus two office days), as the office server
// computes them for a list and the inbox recomputes them on every filter.
//   sla.deadline_10k_ms  computeSla for 10,000 tickets (P2–P4, opened over the last 90 days, some
//                        waiting on the user) on a calendar object seen for the first time, so laying
//                        out its days is included; median of 15 runs. Target ≤ 50 ms (issue 23;
//                        no targets table in bench/ yet: the target lives here).
import { buildCalendar } from '../office-server/sla/calendar';
import { computeSla, type Priority, type SlaInput } from '../shared/domain/sla';

const TICKETS = 10_000;
const RUNS = 15;
const MIN = 60_000;
const now = Date.parse('2026-08-20T10:00:00+07:00');
const settings = {
  timeZone: 'Asia/Jakarta',
  country: 'ID',
  workingDays: [1, 2, 3, 4, 5],
  dayStart: 8 * 60,
  dayEnd: 17 * 60,
  roundTheClock: ['P1'] as Priority[],
  extraDays: [
    { date: '2026-03-23', name: 'Cuti bersama' },
    { date: '2026-08-18', name: 'Cuti bersama' },
  ],
};
const priorities: Priority[] = ['P2', 'P3', 'P4'];
const tickets: SlaInput[] = [];
for (let i = 0; i < TICKETS; i++) {
  const createdAt = now - ((i * 7919) % (90 * 24 * 60)) * MIN;
  const waiting = i % 5 === 0;
  tickets.push({
    priority: priorities[i % priorities.length]!,
    createdAt,
    respondedAt: createdAt + 10 * MIN,
    resolvedAt: null,
    pausedMs: (i % 7) * 30 * MIN,
    pausedSince: waiting ? createdAt + 60 * MIN : null,
  });
}

const times: number[] = [];
let sink = 0;
for (let run = 0; run < RUNS; run++) {
  // a new calendar object each run: nothing laid out from the run before
  const calendar = buildCalendar(`bench-${run}`, settings, 2026);
  const t0 = performance.now();
  for (const t of tickets) sink += computeSla(t, now, undefined, calendar).resolutionDueAt;
  times.push(performance.now() - t0);
}
if (!Number.isFinite(sink)) throw new Error('no deadline computed');
const median = [...times].sort((a, b) => a - b)[Math.floor(times.length / 2)]!;
console.log(`BENCH sla.deadline_10k_ms ${Math.round(median * 100) / 100} ms`);
