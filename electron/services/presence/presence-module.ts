// The presence area: my own presence (queued, shown as pending until the office has it), the
// team's presence in the cache, kept live by the event stream, and what changes my presence by
// itself: away after a while without input or when the screen locks (back when I return, unless I
// changed it by hand meanwhile), the work location following the connection (office LAN → office,
// the office through the VPN → home), a status text that clears itself at its expiry. My
// do-not-disturb silences the app's notifications.
import { signedOutError } from '../../../shared/contract';
import type { MyPresence, Person, SetMyPresenceRequest } from '../../../shared/contract/presence';
import type { ConnectivityState } from '../../../shared/domain/connectivity';
import type { Presence, SetPresenceRequest, User } from '../../../shared/office-api';
import { PresenceListResponse, UsersResponse } from '../../../shared/office-api';
import { networkPort, presencePort } from '../feature-ports';
import { defineModule } from '../module';
import { toContractError } from '../office/office-errors';
import type { OfficeService } from '../office/office-service';
import type { OfficeCache } from '../store/office-cache';
import { laidOver, refreshWindow } from '../office/refresh-window';
import { setPresence } from './commands';
import { disposables, listenerSet } from '../../../shared/disposables';
import { translate } from '../../../shared/i18n';

const AUTO_AWAY_KEY = 'presence.autoAwayFrom';
const EXPIRY_KEY = 'presence.statusExpiresAt';
/** during a break of the work session: what my presence was before it, and the text the break set */
const BREAK_KEY = 'presence.breakFrom';

interface BeforeBreak {
  status: SetPresenceRequest['status'];
  statusText: string;
  /** the "On a break" the break wrote (in the language of that moment) */
  breakText: string;
}

/** The server's presence with the user's queued changes laid over it, so the UI shows what they chose. */
export function myPresence(office: OfficeService): MyPresence | null {
  const me = office.me();
  if (!me) return null;
  const base = office.cache.get<Presence>('presence', me.id);
  const view: MyPresence = {
    status: base?.status ?? 'available',
    location: base?.location ?? 'unknown',
    statusText: base?.statusText ?? '',
    statusExpiresAt: office.cache.getSetting(EXPIRY_KEY),
    pending: false,
    auto: office.cache.getSetting(AUTO_AWAY_KEY) !== null,
  };
  for (const change of office.outbox.bodiesOf(setPresence)) Object.assign(view, change, { pending: true });
  if (!view.statusText) view.statusExpiresAt = null;
  // the office keeps the status I chose across reconnects; offline for others is `connected`, not my status
  return view;
}

/** A colleague: the directory's entry and the presence the office last told. */
export function personOf(user: User, presence: Presence | null): Person {
  return {
    id: user.id,
    username: user.username,
    displayName: user.displayName,
    role: user.role,
    // the office keeps the chosen status while someone is away from it: not connected shows as offline
    status: presence?.connected ? presence.status : 'offline',
    location: presence?.location ?? 'unknown',
    statusText: presence?.statusText ?? '',
    connected: presence?.connected ?? false,
    updatedAt: presence?.updatedAt ?? null,
    phone: user.phone ?? null,
    sip: user.sip ?? null,
    email: user.email ?? null,
  };
}

export function teamOf(office: OfficeService): Person[] {
  const me = office.me();
  const mine = myPresence(office);
  return office.cache
    .list<User>('person')
    .map((u) => {
      const person = personOf(u, office.cache.get<Presence>('presence', u.id));
      // my own entry shows what I chose, even while it waits in the outbox
      return me && mine && u.id === me.id
        ? { ...person, status: mine.status, location: mine.location, statusText: mine.statusText }
        : person;
    })
    .sort((a, b) => a.displayName.localeCompare(b.displayName));
}

/** Where I work today, as the connection tells it; null when it cannot tell. */
export function locationFor(state: ConnectivityState): 'office' | 'home' | null {
  if (state === 'office-lan') return 'office';
  if (state === 'office-via-vpn') return 'home';
  return null;
}

export interface PresenceOptions {
  /** away after this long without keyboard or mouse input (default: the idleMinutes setting; TELEWORKER_AWAY_AFTER_SECONDS for tests) */
  awayAfterSeconds?: number;
  /** how often idleness is looked at (default: a tenth of awayAfterSeconds, between 1 and 30 s) */
  checkEverySeconds?: number;
}

/** TELEWORKER_AWAY_AFTER_SECONDS (tests and demos), else null: the idleMinutes setting decides */
export function awayAfterSecondsFromEnv(env: NodeJS.ProcessEnv = process.env): number | null {
  const fromEnv = Number(env.TELEWORKER_AWAY_AFTER_SECONDS);
  return Number.isFinite(fromEnv) && fromEnv > 0 ? fromEnv : null;
}

export function presenceModuleWith(options: PresenceOptions = {}) {
  return defineModule({
    name: 'presence',
    area: 'presence',
    commands: [setPresence],
    requires: { network: networkPort },
    provides: { presence: presencePort },
    create({ office, idle, notifications, clock, logger, settings, preferences }, { network: connectivity }) {
      // IT's policy or the user's idleMinutes setting, read at each look (it can change while running)
      const fixed = options.awayAfterSeconds ?? awayAfterSecondsFromEnv();
      const awayAfterNow = () => fixed ?? settings.get('idleMinutes') * 60;
      const checkEvery = options.checkEverySeconds ?? Math.min(30, Math.max(1, awayAfterNow() / 10));
      let locked = false;
      let timer: ReturnType<typeof setInterval> | null = null;
      const refreshing = refreshWindow<Presence>();
      const stops = disposables();
      const teamListeners = listenerSet<[Person[]]>();

      const enqueue = (change: SetPresenceRequest) => {
        try {
          office.enqueue(setPresence, {}, change);
        } catch (error) {
          logger.warn(`presence: could not queue an automatic change: ${(error as Error).message}`);
        }
      };

      /** Away when idle or locked, back when I return; expiring status text; never over a change by hand. */
      const check = () => {
        if (!office.me()) return;
        const mine = myPresence(office);
        if (!mine) return;
        const autoFrom = office.cache.getSetting(AUTO_AWAY_KEY);
        const idleFor = idle?.idleSeconds() ?? 0;
        const away = locked || idleFor >= awayAfterNow();
        // a break is away until it ends, whatever the keyboard says (the break's end brings me back)
        if (office.cache.getSetting(BREAK_KEY) !== null) {
          // nothing: the automatic away waits for the break to end
        } else if (away && autoFrom === null && mine.status === 'available') {
          office.cache.setSetting(AUTO_AWAY_KEY, mine.status);
          enqueue({ status: 'away' });
        } else if (!away && autoFrom !== null) {
          office.cache.setSetting(AUTO_AWAY_KEY, null);
          if (mine.status === 'away') enqueue({ status: autoFrom === 'busy' ? 'busy' : 'available' });
        }
        const expires = office.cache.getSetting(EXPIRY_KEY);
        if (expires && Date.parse(expires) <= clock().getTime()) {
          office.cache.setSetting(EXPIRY_KEY, null);
          if (mine.statusText) enqueue({ statusText: '' });
        }
      };

      const followConnection = () => {
        if (!office.me()) return;
        const location = locationFor(connectivity.current().status);
        const mine = myPresence(office);
        if (location && mine && mine.location !== location) enqueue({ location });
      };

      let lastDnd: boolean | null = null;
      const applyDnd = () => {
        const on = myPresence(office)?.status === 'do-not-disturb';
        if (on === lastDnd) return;
        lastDnd = on;
        notifications.setDoNotDisturb(on);
      };

      /**
       * A break makes me Away with "On a break", and its end gives back what I had before. Do not
       * disturb is left alone (I asked for silence, and a break does not end that); a status I choose
       * by hand during the break is mine and stays after it.
       */
      function followBreak(onBreak: boolean) {
        if (!office.me()) return;
        const mine = myPresence(office);
        if (!mine) return;
        const saved = office.cache.getSetting(BREAK_KEY);
        if (onBreak && saved === null) {
          if (mine.status === 'do-not-disturb' || mine.status === 'offline') return;
          const breakText = translate(preferences.locale(), 'presence.onBreak');
          const before: BeforeBreak = { status: mine.status, statusText: mine.statusText, breakText };
          office.cache.setSetting(BREAK_KEY, JSON.stringify(before));
          enqueue({ status: 'away', statusText: breakText });
        } else if (!onBreak && saved !== null) {
          office.cache.setSetting(BREAK_KEY, null);
          let before: BeforeBreak;
          try {
            before = JSON.parse(saved) as BeforeBreak;
          } catch {
            return;
          }
          if (mine.status === 'away' && mine.statusText === before.breakText)
            enqueue({ status: before.status, statusText: before.statusText });
          check();
        }
      }

      const publishTeam = () => {
        const items = teamOf(office);
        teamListeners.emit(items);
      };

      return {
        area: 'presence',
        provides: {
          presence: {
            presenceOf: (userId: string) => office.cache.get<Presence>('presence', userId),
            person: (userId: string) => office.cache.get<User>('person', userId),
            followBreak,
          },
        },
        handlers: {
          getMine: () => myPresence(office),
          setMine: (change: SetMyPresenceRequest) => {
            if (!office.me()) throw signedOutError('Sign in to set your presence.');
            const { statusExpiresAt, ...body } = change;
            try {
              if (Object.keys(body).length > 0) office.enqueue(setPresence, {}, body);
            } catch (error) {
              throw toContractError(error);
            }
            // a status chosen by hand ends an automatic away (or a break's): it is not undone when I return
            if (body.status !== undefined) {
              office.cache.setSetting(AUTO_AWAY_KEY, null);
              office.cache.setSetting(BREAK_KEY, null);
            }
            if (statusExpiresAt !== undefined) office.cache.setSetting(EXPIRY_KEY, statusExpiresAt);
            else if (body.statusText !== undefined) office.cache.setSetting(EXPIRY_KEY, null);
            applyDnd();
            return myPresence(office)!;
          },
          team: () => ({ items: office.me() ? teamOf(office) : [], me: office.me()?.id ?? null }),
          reportActivity: (activity) => {
            idle?.report?.(activity);
            if (activity.active) check();
            return null;
          },
        },
        attach(emit) {
          const mine = () => emit('mineChanged', myPresence(office));
          const team = (items: Person[]) => emit('teamChanged', { items });
          const offs = disposables(
            teamListeners.on(team),
            office.onSyncChange(() => mine()),
            office.onEvent((event) => {
              if (event.type !== 'presence.changed') return;
              mine();
              const user = office.cache.get<User>('person', event.presence.userId);
              if (user)
                emit('teamChanged', {
                  items: [personOf(user, event.presence)].map((p) =>
                    p.id === office.me()?.id ? { ...p, ...pick(myPresence(office)) } : p,
                  ),
                });
            }),
          );
          return () => offs.dispose();
        },
        start() {
          stops.add(
            office.onSyncChange(applyDnd),
            office.onEvent((event) => event.type === 'presence.changed' && applyDnd()),
            office.session.onChange((state) => {
              if (state.status === 'signed-in') followConnection();
            }),
            connectivity.onChange(() => followConnection()),
          );
          if (idle) stops.add(idle.onLockChange((isLocked) => ((locked = isLocked), check())));
          timer = setInterval(check, checkEvery * 1000);
          timer.unref?.();
        },
        stop() {
          stops.dispose();
          if (timer) clearInterval(timer);
          timer = null;
        },
        feed: {
          refresh: (http, cache: OfficeCache) =>
            refreshing.run(async (delivered) => {
              const [presence, users] = await Promise.all([
                http('GET', '/presence', { schema: PresenceListResponse }),
                http('GET', '/users', { schema: UsersResponse }),
              ]);
              cache.replaceAll(
                'presence',
                // a status the stream delivered after the list was read is kept
                laidOver(
                  presence.items.map((p) => ({ id: p.userId, data: p })),
                  delivered,
                ),
              );
              cache.replaceAll(
                'person',
                users.items.map((u) => ({ id: u.id, data: u })),
              );
              publishTeam();
              applyDnd();
              followConnection();
            }),
          apply: (event, cache) => {
            if (event.type !== 'presence.changed') return;
            refreshing.saw(event.presence.userId, event.presence);
            cache.put('presence', event.presence.userId, event.presence);
          },
        },
      };
    },
  });
}

const pick = (mine: MyPresence | null) =>
  mine ? { status: mine.status, location: mine.location, statusText: mine.statusText } : {};

export const presenceModule = presenceModuleWith();
