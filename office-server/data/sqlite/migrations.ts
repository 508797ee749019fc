// Versioned schema migrations, applied in order inside one transaction each. The schema version
// lives in SQLite's user_version. Never edit a released migration: add the next one.
export interface Migration {
  version: number;
  name: string;
  sql: string;
}

export const MIGRATIONS: readonly Migration[] = [
  {
    version: 1,
    name: 'initial schema',
    sql: `
      CREATE TABLE meta (key TEXT PRIMARY KEY, value TEXT NOT NULL);

      CREATE TABLE teams (
        id TEXT PRIMARY KEY,
        name TEXT NOT NULL,
        created_at INTEGER NOT NULL
      );

      CREATE TABLE users (
        id TEXT PRIMARY KEY,
        username TEXT NOT NULL UNIQUE,
        display_name TEXT NOT NULL,
        role TEXT NOT NULL CHECK (role IN ('worker', 'manager', 'admin')),
        team_id TEXT REFERENCES teams(id),
        password_hash TEXT NOT NULL,
        demo INTEGER NOT NULL DEFAULT 0,
        created_at INTEGER NOT NULL
      );
      CREATE INDEX users_team ON users(team_id);

      CREATE TABLE auth_sessions (
        id TEXT PRIMARY KEY,
        user_id TEXT NOT NULL REFERENCES users(id),
        access_hash TEXT NOT NULL UNIQUE,
        access_expires_at INTEGER NOT NULL,
        refresh_hash TEXT NOT NULL UNIQUE,
        refresh_expires_at INTEGER NOT NULL,
        created_at INTEGER NOT NULL,
        revoked_at INTEGER
      );
      CREATE INDEX auth_sessions_user ON auth_sessions(user_id);

      CREATE TABLE idempotency (
        user_id TEXT NOT NULL,
        key TEXT NOT NULL,
        fingerprint TEXT NOT NULL,
        state TEXT NOT NULL CHECK (state IN ('pending', 'done')),
        status INTEGER,
        body TEXT,
        created_at INTEGER NOT NULL,
        lease_until INTEGER NOT NULL,
        PRIMARY KEY (user_id, key)
      ) WITHOUT ROWID;
      CREATE INDEX idempotency_created ON idempotency(created_at);

      CREATE TABLE tickets (
        seq INTEGER PRIMARY KEY,
        id TEXT NOT NULL UNIQUE,
        title TEXT NOT NULL,
        description TEXT NOT NULL,
        requester TEXT NOT NULL,
        priority TEXT NOT NULL CHECK (priority IN ('P1', 'P2', 'P3', 'P4')),
        status TEXT NOT NULL,
        escalation_level TEXT NOT NULL CHECK (escalation_level IN ('L1', 'L2', 'L3')),
        team_id TEXT NOT NULL REFERENCES teams(id),
        assignee_id TEXT REFERENCES users(id),
        created_by TEXT NOT NULL REFERENCES users(id),
        created_at INTEGER NOT NULL,
        updated_at INTEGER NOT NULL,
        responded_at INTEGER,
        resolved_at INTEGER,
        closed_at INTEGER,
        paused_ms INTEGER NOT NULL DEFAULT 0,
        paused_since INTEGER,
        version INTEGER NOT NULL DEFAULT 1
      );
      CREATE INDEX tickets_assignee ON tickets(assignee_id, seq);
      CREATE INDEX tickets_team ON tickets(team_id, seq);

      CREATE TABLE ticket_comments (
        seq INTEGER PRIMARY KEY AUTOINCREMENT,
        id TEXT NOT NULL UNIQUE,
        ticket_id TEXT NOT NULL REFERENCES tickets(id),
        author_id TEXT NOT NULL REFERENCES users(id),
        kind TEXT NOT NULL CHECK (kind IN ('comment', 'system')),
        body TEXT NOT NULL,
        created_at INTEGER NOT NULL
      );
      CREATE INDEX ticket_comments_ticket ON ticket_comments(ticket_id, seq);

      CREATE TABLE messages (
        seq INTEGER PRIMARY KEY AUTOINCREMENT,
        id TEXT NOT NULL UNIQUE,
        channel_id TEXT NOT NULL,
        sender_id TEXT NOT NULL REFERENCES users(id),
        client_id TEXT NOT NULL,
        body TEXT NOT NULL,
        created_at INTEGER NOT NULL,
        UNIQUE (sender_id, client_id)
      );
      CREATE INDEX messages_channel ON messages(channel_id, seq);

      CREATE TABLE presence (
        user_id TEXT PRIMARY KEY REFERENCES users(id),
        status TEXT NOT NULL,
        location TEXT NOT NULL,
        status_text TEXT NOT NULL,
        connected INTEGER NOT NULL,
        updated_at INTEGER NOT NULL
      );

      CREATE TABLE summaries (
        seq INTEGER PRIMARY KEY AUTOINCREMENT,
        id TEXT NOT NULL UNIQUE,
        user_id TEXT NOT NULL REFERENCES users(id),
        date TEXT NOT NULL,
        worked_minutes INTEGER NOT NULL,
        break_minutes INTEGER NOT NULL,
        segments TEXT NOT NULL,
        tickets TEXT NOT NULL,
        sla_breaches TEXT NOT NULL,
        notes TEXT NOT NULL,
        received_at INTEGER NOT NULL,
        idempotency_key TEXT NOT NULL,
        UNIQUE (user_id, idempotency_key)
      );
      CREATE INDEX summaries_user_date ON summaries(user_id, date);

      CREATE TABLE events (
        id INTEGER PRIMARY KEY AUTOINCREMENT,
        at INTEGER NOT NULL,
        payload TEXT NOT NULL
      );
      CREATE TABLE event_recipients (
        user_id TEXT NOT NULL,
        event_id INTEGER NOT NULL,
        PRIMARY KEY (user_id, event_id)
      ) WITHOUT ROWID;
      CREATE INDEX event_recipients_event ON event_recipients(event_id);
    `,
  },
  {
    version: 2,
    name: 'refresh-token reuse detection',
    sql: `
      -- every refresh token a session (one sign-in: a token family) has rotated away, by hash:
      -- presenting one again is reuse (RFC 9700 4.14.2) and ends the family
      CREATE TABLE refresh_token_history (
        refresh_hash TEXT PRIMARY KEY,
        session_id TEXT NOT NULL REFERENCES auth_sessions(id) ON DELETE CASCADE,
        rotated_at INTEGER NOT NULL
      ) WITHOUT ROWID;
      CREATE INDEX refresh_token_history_session ON refresh_token_history(session_id);
    `,
  },
  {
    version: 3,
    name: 'addresses users signed in from',
    sql: `
      -- where each user signed in successfully: sign-in throttling lets the right password through
      -- from these while a stranger's guessing holds the account back elsewhere
      CREATE TABLE sign_in_addresses (
        user_id TEXT NOT NULL REFERENCES users(id),
        address TEXT NOT NULL,
        last_success_at INTEGER NOT NULL,
        PRIMARY KEY (user_id, address)
      ) WITHOUT ROWID;
      CREATE INDEX sign_in_addresses_last ON sign_in_addresses(last_success_at);
    `,
  },
  {
    version: 4,
    name: 'failed sign-ins shared by every node',
    sql: `
      -- the sign-in throttle's counters, in the database so that every server node counts the same failures
      CREATE TABLE sign_in_failures (
        rule TEXT NOT NULL,
        key TEXT NOT NULL,
        failures INTEGER NOT NULL,
        last_failure INTEGER NOT NULL,
        blocked_until INTEGER NOT NULL,
        PRIMARY KEY (rule, key)
      ) WITHOUT ROWID;
    `,
  },
  {
    version: 5,
    name: 'how to reach a user: phone, softphone, mail',
    sql: `
      -- optional hand-offs the desktop client offers on a person's card (tel:, sip:, mailto:)
      ALTER TABLE users ADD COLUMN phone TEXT;
      ALTER TABLE users ADD COLUMN sip TEXT;
      ALTER TABLE users ADD COLUMN email TEXT;
    `,
  },
  {
    version: 6,
    name: 'summary submission in one database call',
    // PostgreSQL gets a function (office_submit_summary); SQLite runs the same steps in-process
    sql: `SELECT 1;`,
  },
  {
    version: 7,
    name: 'account lifecycle: disabled accounts, directory accounts, account_events',
    sql: `
      -- a disabled account keeps its history (tickets, chat, summaries) but signs in nowhere
      ALTER TABLE users ADD COLUMN disabled_at INTEGER;
      -- 'directory': the password lives in LDAP/Active Directory, role and team follow its groups
      ALTER TABLE users ADD COLUMN auth_source TEXT NOT NULL DEFAULT 'local' CHECK (auth_source IN ('local', 'directory'));

      -- every change to an account, append-only: the triggers refuse UPDATE and DELETE
      CREATE TABLE account_events (
        seq INTEGER PRIMARY KEY AUTOINCREMENT,
        at INTEGER NOT NULL,
        actor TEXT NOT NULL,
        action TEXT NOT NULL,
        user_id TEXT NOT NULL,
        detail TEXT NOT NULL
      );
      CREATE INDEX account_events_user ON account_events(user_id, seq);
      CREATE TRIGGER account_events_no_update BEFORE UPDATE ON account_events
        BEGIN SELECT RAISE(ABORT, 'account_events is append-only'); END;
      CREATE TRIGGER account_events_no_delete BEFORE DELETE ON account_events
        BEGIN SELECT RAISE(ABORT, 'account_events is append-only'); END;
    `,
  },
  {
    version: 8,
    name: 'SLA calendars per team',
    sql: `
      -- every change of a team's calendar is a new version; a version never changes, and a ticket
      -- keeps the version it was opened under (a calendar change never moves its deadlines)
      CREATE TABLE sla_calendars (
        id TEXT PRIMARY KEY,
        team_id TEXT NOT NULL REFERENCES teams(id),
        version INTEGER NOT NULL,
        settings TEXT NOT NULL,
        created_by TEXT REFERENCES users(id),
        created_at INTEGER NOT NULL,
        UNIQUE (team_id, version)
      );
      -- NULL: opened before the team had a calendar, its clocks run round the clock
      ALTER TABLE tickets ADD COLUMN calendar_id TEXT REFERENCES sla_calendars(id);
    `,
  },
  {
    version: 9,
    name: 'ticket audit trail, append-only',
    sql: `
      -- who changed what on a ticket, when, from which network state the client reported, before
      -- and after (JSON). The database itself refuses to change or remove a row, not only the API.
      CREATE TABLE ticket_audit (
        seq INTEGER PRIMARY KEY AUTOINCREMENT,
        ticket_id TEXT NOT NULL,
        team_id TEXT NOT NULL,
        actor_id TEXT NOT NULL,
        at INTEGER NOT NULL,
        network TEXT NOT NULL,
        action TEXT NOT NULL,
        before TEXT,
        after TEXT
      );
      CREATE INDEX ticket_audit_ticket ON ticket_audit(ticket_id, seq);
      CREATE INDEX ticket_audit_at ON ticket_audit(at);
      CREATE TRIGGER ticket_audit_no_update BEFORE UPDATE ON ticket_audit
        BEGIN SELECT RAISE(ABORT, 'the ticket audit trail is append-only'); END;
      CREATE TRIGGER ticket_audit_no_delete BEFORE DELETE ON ticket_audit
        BEGIN SELECT RAISE(ABORT, 'the ticket audit trail is append-only'); END;
    `,
  },
  {
    version: 10,
    name: 'presence status is the chosen one; offline comes from the connection',
    // before, a closing socket wrote offline over the status: those rows go back to the default
    sql: `UPDATE presence SET status = 'available' WHERE status = 'offline';`,
  },
  {
    version: 11,
    name: 'support levels: teams at L1/L2/L3, tickets escalated into another team’s queue',
    sql: `
      ALTER TABLE teams ADD COLUMN support_level TEXT NOT NULL DEFAULT 'L1' CHECK (support_level IN ('L1', 'L2', 'L3'));
      -- who escalated the ticket out of their team (they keep reading and commenting on it) and from which team;
      -- NULL once it is handed back, or when it never left its team
      ALTER TABLE tickets ADD COLUMN escalated_by TEXT REFERENCES users(id);
      ALTER TABLE tickets ADD COLUMN escalated_from_team_id TEXT REFERENCES teams(id);
      CREATE INDEX tickets_escalated_by ON tickets(escalated_by, seq);
    `,
  },
  {
    version: 12,
    name: 'the timer state each person shares with their manager',
    sql: `
      -- the newest state the client sent (not its log): one row per person, replaced on each change
      CREATE TABLE work_states (
        user_id TEXT PRIMARY KEY REFERENCES users(id),
        date TEXT NOT NULL,
        mode TEXT NOT NULL,
        ticket_id TEXT,
        since INTEGER,
        worked_ms INTEGER NOT NULL,
        at INTEGER NOT NULL,
        received_at INTEGER NOT NULL
      );
      CREATE INDEX work_states_date ON work_states(date);
    `,
  },
  {
    version: 13,
    name: 'a manager acknowledges a summary, with a reply or a request to correct',
    sql: `
      -- on the version acknowledged: a correction is a new row, so it waits for its own acknowledgement
      ALTER TABLE summaries ADD COLUMN acknowledged_at INTEGER;
      ALTER TABLE summaries ADD COLUMN acknowledged_by TEXT REFERENCES users(id);
      ALTER TABLE summaries ADD COLUMN ack_reply TEXT;
      ALTER TABLE summaries ADD COLUMN ack_correction INTEGER NOT NULL DEFAULT 0;
    `,
  },
  {
    version: 14,
    name: 'office plan (sites, floors, zones, desks) and desk bookings',
    sql: `
      CREATE TABLE office_sites (
        id TEXT PRIMARY KEY,
        name TEXT NOT NULL UNIQUE,
        -- "today" and "days ahead" are the site's own calendar days
        time_zone TEXT NOT NULL,
        created_at INTEGER NOT NULL
      );
      CREATE TABLE office_floors (
        id TEXT PRIMARY KEY,
        site_id TEXT NOT NULL REFERENCES office_sites(id),
        name TEXT NOT NULL,
        width INTEGER NOT NULL,
        height INTEGER NOT NULL,
        created_at INTEGER NOT NULL,
        UNIQUE (site_id, name)
      );
      CREATE TABLE office_zones (
        id TEXT PRIMARY KEY,
        floor_id TEXT NOT NULL REFERENCES office_floors(id),
        name TEXT NOT NULL,
        UNIQUE (floor_id, name)
      );
      CREATE TABLE desks (
        id TEXT PRIMARY KEY,
        floor_id TEXT NOT NULL REFERENCES office_floors(id),
        zone_id TEXT REFERENCES office_zones(id),
        label TEXT NOT NULL,
        x INTEGER NOT NULL,
        y INTEGER NOT NULL,
        equipment TEXT NOT NULL DEFAULT '[]',
        bookable INTEGER NOT NULL DEFAULT 1,
        created_at INTEGER NOT NULL,
        UNIQUE (floor_id, label)
      );
      -- one booking per desk and day, one desk per person and day: the database decides who wins a
      -- race for the last desk, on one node or many, never a lock in the application
      CREATE TABLE desk_bookings (
        id TEXT PRIMARY KEY,
        desk_id TEXT NOT NULL REFERENCES desks(id),
        user_id TEXT NOT NULL REFERENCES users(id),
        day TEXT NOT NULL,
        series_id TEXT,
        created_at INTEGER NOT NULL,
        checked_in_at INTEGER,
        -- checked out (or released unused): the desk is free again for the rest of the day
        released_at INTEGER
      );
      CREATE UNIQUE INDEX desk_bookings_desk_day ON desk_bookings(desk_id, day) WHERE released_at IS NULL;
      CREATE UNIQUE INDEX desk_bookings_person_day ON desk_bookings(user_id, day) WHERE released_at IS NULL;
      CREATE INDEX desk_bookings_day ON desk_bookings(day);
      -- whether colleagues may see which desk a person sits at (absent: they may not)
      CREATE TABLE desk_sharing (
        user_id TEXT PRIMARY KEY REFERENCES users(id),
        share_desk INTEGER NOT NULL
      );
      -- the days a manager proposes the team comes in together
      CREATE TABLE team_days (
        team_id TEXT NOT NULL REFERENCES teams(id),
        day TEXT NOT NULL,
        proposed_by TEXT NOT NULL REFERENCES users(id),
        created_at INTEGER NOT NULL,
        PRIMARY KEY (team_id, day)
      );
    `,
  },
  {
    version: 15,
    name: 'the waiting list for a desk on a floor and day',
    sql: `
      -- in queue order by created_at; an offer is a free desk the first waiting person is told of
      -- (a head start, not a hold: anyone may still book it)
      CREATE TABLE desk_waitlist (
        id TEXT PRIMARY KEY,
        user_id TEXT NOT NULL REFERENCES users(id),
        floor_id TEXT NOT NULL REFERENCES office_floors(id),
        day TEXT NOT NULL,
        created_at INTEGER NOT NULL,
        offered_desk_id TEXT REFERENCES desks(id),
        offered_at INTEGER,
        UNIQUE (user_id, floor_id, day)
      );
      CREATE INDEX desk_waitlist_floor_day ON desk_waitlist(floor_id, day, created_at);
    `,
  },
  {
    version: 16,
    name: 'the stretches of a day the client could not reach the office, with its timer state',
    sql: `
      -- a JSON list of [start, end] epoch ms pairs for the row's day, oldest first
      ALTER TABLE work_states ADD COLUMN office_lost TEXT NOT NULL DEFAULT '[]';
    `,
  },
  {
    version: 17,
    name: 'the person who first escalated a ticket out of its team keeps following it through a further escalation',
    sql: `
      -- escalated_by is the last hop (an L2 engineer who sends it on to L3); these are the first one (the L1
      -- person, who keeps it in "Escalated by me"), where a hand-back from L3 restores the L2 -> L1 hop
      ALTER TABLE tickets ADD COLUMN first_escalated_by TEXT REFERENCES users(id);
      ALTER TABLE tickets ADD COLUMN first_escalated_from_team_id TEXT REFERENCES teams(id);
      UPDATE tickets SET first_escalated_by = escalated_by, first_escalated_from_team_id = escalated_from_team_id
        WHERE escalated_by IS NOT NULL;
      CREATE INDEX tickets_first_escalated_by ON tickets(first_escalated_by, seq);
    `,
  },
  {
    version: 18,
    name: 'the event horizon without a shared lock',
    // PostgreSQL's event ids and their horizon (several nodes); SQLite has one writer and needs none
    sql: `SELECT 1;`,
  },
  {
    version: 19,
    name: 'the event feed reads in one round trip',
    // PostgreSQL's feed (several nodes); SQLite's events reach its one node in process
    sql: `SELECT 1;`,
  },
  {
    version: 20,
    name: 'the correction limits checked in the summary submission',
    // PostgreSQL's office_submit_summary; SQLite runs data/summary-submission.ts
    sql: `SELECT 1;`,
  },
  {
    version: 21,
    name: 'waiting for a desk on any floor of a site',
    sql: `
      -- a wait is for one floor, or (floor_id NULL) for any floor of the site; the queue is the site's
      -- of that day, each person offered only desks within their wait. SQLite cannot drop a NOT NULL,
      -- so the table is made again with its rows.
      CREATE TABLE desk_waitlist_21 (
        id TEXT PRIMARY KEY,
        user_id TEXT NOT NULL REFERENCES users(id),
        site_id TEXT NOT NULL REFERENCES office_sites(id),
        floor_id TEXT REFERENCES office_floors(id),
        day TEXT NOT NULL,
        created_at INTEGER NOT NULL,
        offered_desk_id TEXT REFERENCES desks(id),
        offered_at INTEGER
      );
      INSERT INTO desk_waitlist_21 (id, user_id, site_id, floor_id, day, created_at, offered_desk_id, offered_at)
        SELECT w.id, w.user_id, f.site_id, w.floor_id, w.day, w.created_at, w.offered_desk_id, w.offered_at
        FROM desk_waitlist w JOIN office_floors f ON f.id = w.floor_id;
      DROP TABLE desk_waitlist;
      ALTER TABLE desk_waitlist_21 RENAME TO desk_waitlist;
      CREATE UNIQUE INDEX desk_waitlist_person ON desk_waitlist(user_id, site_id, COALESCE(floor_id, ''), day);
      CREATE INDEX desk_waitlist_site_day ON desk_waitlist(site_id, day, created_at);
    `,
  },
];
