// The demo organisation: the bank's first-level IT support team (tickets in every SLA state, some
// chat) and the second-level infrastructure team its escalations go to.
// Seeded once into an empty database; later demo starts keep what the demo users did.
import { DEFAULT_CALENDAR_SHAPE } from '../../shared/domain/sla-calendar';
import { teamChannelId, dmChannelId } from '../../shared/office-api';
import type { Priority } from '../../shared/domain/sla';
import type { TicketStatus } from '../../shared/domain/tickets';
import { hashPassword } from '../auth/passwords';
import type { NewTicket, OfficeStore, UserRecord } from '../data/store';

export const DEMO_PASSWORD = 'teleworker';
export const DEMO_USERS = [
  { username: 'siti', displayName: 'Siti Rahayu', role: 'manager' },
  { username: 'budi', displayName: 'Budi Santoso', role: 'worker' },
  { username: 'ayu', displayName: 'Ayu Lestari', role: 'worker' },
  { username: 'dewi', displayName: 'Dewi Kartika', role: 'worker' },
  { username: 'rudi', displayName: 'Rudi Hartono', role: 'worker' },
  { username: 'admin', displayName: 'Administrator', role: 'admin' },
  // second level: the team escalated tickets go to
  { username: 'rina', displayName: 'Rina Wijaya', role: 'manager', team: 'l2' },
  { username: 'eko', displayName: 'Eko Prasetyo', role: 'worker', team: 'l2' },
] as const;

export const DEMO_TEAMS = { l1: 'IT Support — Jakarta', l2: 'Infrastructure — L2' } as const;

/** how the demo people are reached outside the app (example.com addresses, 555 numbers); Rudi has none */
const DEMO_CONTACTS: Record<string, { phone?: string; sip?: string; email?: string }> = {
  siti: { phone: '+62 21 555 0101', sip: 'siti@pbx.example.com', email: 'siti@example.com' },
  budi: { phone: '+62 21 555 0102', sip: 'budi@pbx.example.com', email: 'budi@example.com' },
  ayu: { phone: '+62 21 555 0103', email: 'ayu@example.com' },
  dewi: { sip: 'dewi@pbx.example.com', email: 'dewi@example.com' },
};

let demoHash: Promise<string> | undefined;
/** one scrypt run per process: every demo account shares the hash of the one demo password */
export function demoPasswordHash(): Promise<string> {
  demoHash ??= hashPassword(DEMO_PASSWORD);
  return demoHash;
}

const MIN = 60_000;
const HOUR = 60 * MIN;
const DAY = 24 * HOUR;

export async function seedDemo(store: OfficeStore, now: number): Promise<boolean> {
  if (!(await store.isEmpty())) return false;
  const hash = await demoPasswordHash();
  const team = await store.users.createTeam(DEMO_TEAMS.l1, now - 30 * DAY, 'L1');
  const l2 = await store.users.createTeam(DEMO_TEAMS.l2, now - 30 * DAY, 'L2');
  const users: Record<string, UserRecord> = {};
  for (const u of DEMO_USERS) {
    users[u.username] = await store.users.create(
      {
        username: u.username,
        displayName: u.displayName,
        role: u.role,
        teamId: u.role === 'admin' ? null : 'team' in u ? l2.id : team.id,
        passwordHash: hash,
        demo: true,
        ...DEMO_CONTACTS[u.username],
      },
      now - 30 * DAY,
    );
  }
  // the desk's calendar: Mon–Fri 08:00–17:00 WIB, Indonesia's public holidays, P1 round the clock.
  // The tickets seeded below predate it (no calendar: 24x7), so the SLA states they were written to
  // show (at risk, breached…) hold at any hour the demo runs; tickets made in the demo use it.
  for (const teamId of [team.id, l2.id]) {
    await store.calendars.add(
      teamId,
      {
        ...DEFAULT_CALENDAR_SHAPE,
        workingDays: [...DEFAULT_CALENDAR_SHAPE.workingDays],
        roundTheClock: [...DEFAULT_CALENDAR_SHAPE.roundTheClock],
        extraDays: [],
      },
      null,
      now - 30 * DAY,
    );
  }
  const id = (name: string): string => {
    const u = users[name];
    if (!u) throw new Error(`no demo user ${name}`);
    return u.id;
  };

  interface T {
    title: string;
    requester: string;
    priority: Priority;
    status: TicketStatus;
    assignee: string | null;
    age: number;
    respondedAfter?: number;
    resolvedAfter?: number;
    closedAfter?: number;
    pausedSinceAgo?: number;
    pausedMs?: number;
    level?: 'L1' | 'L2' | 'L3';
    comments?: [string, string][];
  }
  const tickets: T[] = [
    {
      title: 'Teller PC cannot reach core banking after VPN reconnect',
      requester: 'Branch Kemang, teller 3',
      priority: 'P1',
      status: 'new',
      assignee: 'budi',
      age: 4 * MIN,
    },
    {
      title: 'ATM monitoring console shows stale data',
      requester: 'ATM operations',
      priority: 'P1',
      status: 'new',
      assignee: 'ayu',
      age: 12 * MIN,
    },
    {
      title: 'Shared mailbox for loans team not syncing',
      requester: 'Loans desk, Ibu Wati',
      priority: 'P2',
      status: 'new',
      assignee: 'dewi',
      age: 2 * HOUR,
    },
    {
      title: 'Printer queue stuck on 3rd floor',
      requester: 'Operations floor 3',
      priority: 'P4',
      status: 'new',
      assignee: null,
      age: 10 * MIN,
    },
    {
      title: 'Password reset for branch manager token',
      requester: 'Branch Sudirman manager',
      priority: 'P3',
      status: 'acknowledged',
      assignee: 'rudi',
      age: 30 * MIN,
      respondedAfter: 5 * MIN,
    },
    {
      title: 'Slow file share for the audit team',
      requester: 'Internal audit',
      priority: 'P2',
      status: 'in-progress',
      assignee: 'budi',
      age: 7 * HOUR,
      respondedAfter: 10 * MIN,
      comments: [['budi', 'Looking at SMB latency on the file server.']],
    },
    {
      title: 'Payment gateway certificate warning in browser',
      requester: 'Treasury',
      priority: 'P1',
      status: 'in-progress',
      assignee: 'rudi',
      age: 5 * HOUR,
      respondedAfter: 8 * MIN,
      level: 'L2',
      comments: [['rudi', 'Certificate chain incomplete on the proxy; needs the network team.']],
    },
    {
      title: 'New hire laptop: VPN profile missing',
      requester: 'HR, new hire onboarding',
      priority: 'P3',
      status: 'waiting-on-user',
      assignee: 'ayu',
      age: DAY,
      respondedAfter: 30 * MIN,
      pausedSinceAgo: 2 * HOUR,
      comments: [['ayu', 'Asked the user to connect the laptop to the office LAN once.']],
    },
    {
      title: 'Excel add-in for reconciliation crashes',
      requester: 'Finance, reconciliation',
      priority: 'P4',
      status: 'in-progress',
      assignee: 'budi',
      age: 1 * DAY,
      respondedAfter: 2 * HOUR,
    },
    {
      title: 'Card printer driver update at branch Kota',
      requester: 'Branch Kota',
      priority: 'P3',
      status: 'resolved',
      assignee: 'budi',
      age: 2 * DAY,
      respondedAfter: HOUR,
      resolvedAfter: DAY,
    },
    {
      title: 'Core banking report job failed overnight',
      requester: 'Reporting team',
      priority: 'P2',
      status: 'resolved',
      assignee: 'ayu',
      age: DAY,
      respondedAfter: 20 * MIN,
      resolvedAfter: 10 * HOUR,
    },
    {
      title: 'Desk phone headset replacement',
      requester: 'Call centre, seat 12',
      priority: 'P4',
      status: 'closed',
      assignee: 'dewi',
      age: 6 * DAY,
      respondedAfter: 3 * HOUR,
      resolvedAfter: 2 * DAY,
      closedAfter: 3 * DAY,
    },
  ];
  for (const t of tickets) {
    const createdAt = now - t.age;
    const record: NewTicket = {
      title: t.title,
      description: `${t.title}. Reported by ${t.requester}.`,
      requester: t.requester,
      priority: t.priority,
      status: t.status,
      escalationLevel: t.level ?? 'L1',
      teamId: team.id,
      assigneeId: t.assignee ? id(t.assignee) : null,
      createdBy: id('siti'),
      createdAt,
      respondedAt: t.respondedAfter !== undefined ? createdAt + t.respondedAfter : null,
      resolvedAt: t.resolvedAfter !== undefined ? createdAt + t.resolvedAfter : null,
      closedAt: t.closedAfter !== undefined ? createdAt + t.closedAfter : null,
      pausedMs: t.pausedMs ?? 0,
      pausedSince: t.pausedSinceAgo !== undefined ? now - t.pausedSinceAgo : null,
    };
    const created = await store.tickets.create(record);
    for (const [author, body] of t.comments ?? []) {
      await store.tickets.addComment({
        ticketId: created.id,
        authorId: id(author),
        kind: 'comment',
        body,
        createdAt: now - 20 * MIN,
      });
    }
    if (t.level === 'L2') {
      await store.tickets.addComment({
        ticketId: created.id,
        authorId: id(t.assignee ?? 'siti'),
        kind: 'system',
        body: 'escalated L1 → L2: needs the network team (proxy certificate chain)',
        createdAt: now - 30 * MIN,
      });
    }
  }

  const chat: [string, string, string, number][] = [
    [
      teamChannelId(team.id),
      'siti',
      'Good morning all. Branch Kemang reports VPN issues again, please keep an eye on P1s.',
      70,
    ],
    [teamChannelId(team.id), 'budi', 'Morning! Working from home today, on the Kemang one now.', 65],
    [teamChannelId(team.id), 'ayu', 'Home too. I will take the ATM console ticket.', 40],
    [teamChannelId(team.id), 'rudi', 'Payment gateway cert issue escalated to L2, waiting for network.', 25],
    [dmChannelId(id('siti'), id('budi')), 'siti', 'Can you send your summary a bit earlier today?', 15],
    [dmChannelId(id('siti'), id('budi')), 'budi', 'Sure, before 16:30.', 14],
  ];
  let n = 0;
  for (const [channelId, sender, body, minutesAgo] of chat) {
    await store.chat.insertMessage({
      channelId,
      senderId: id(sender),
      clientId: `seed-${++n}`,
      body,
      createdAt: now - minutesAgo * MIN,
    });
  }

  const presence: [
    string,
    'available' | 'busy' | 'away' | 'do-not-disturb' | 'offline',
    'home' | 'office' | 'unknown',
    string,
  ][] = [
    ['siti', 'available', 'office', 'In the office until 17:00'],
    ['budi', 'busy', 'home', 'On a P1'],
    ['ayu', 'available', 'home', ''],
    ['dewi', 'away', 'home', 'Lunch'],
    ['rudi', 'do-not-disturb', 'home', 'Change window'],
    ['rina', 'available', 'office', ''],
    ['eko', 'available', 'office', 'On call for network'],
  ];
  for (const [name, status, location, statusText] of presence) {
    await store.presence.upsert({
      userId: id(name),
      status,
      location,
      statusText,
      connected: false,
      updatedAt: now - 10 * MIN,
    });
  }

  const yesterday = new Date(now - DAY).toISOString().slice(0, 10);
  for (const [name, worked, brk] of [
    ['budi', 455, 60],
    ['ayu', 470, 45],
  ] as const) {
    const start = Date.parse(`${yesterday}T01:00:00.000Z`);
    await store.summaries.insert(
      {
        id: `sum_demo_${name}`,
        userId: id(name),
        date: yesterday,
        workedMinutes: worked,
        breakMinutes: brk,
        segments: [
          { start: new Date(start).toISOString(), end: new Date(start + 4 * HOUR).toISOString(), kind: 'work' },
          {
            start: new Date(start + 4 * HOUR).toISOString(),
            end: new Date(start + 4 * HOUR + brk * MIN).toISOString(),
            kind: 'break',
          },
          {
            start: new Date(start + 4 * HOUR + brk * MIN).toISOString(),
            end: new Date(start + brk * MIN + worked * MIN).toISOString(),
            kind: 'work',
          },
        ],
        tickets: [{ id: 'INC-1010', outcome: 'resolved' }],
        slaBreaches: [],
        notes: 'Quiet day from home; VPN stable.',
        receivedAt: now - 16 * HOUR,
      },
      `demo-${name}-${yesterday}`,
    );
  }
  return true;
}
