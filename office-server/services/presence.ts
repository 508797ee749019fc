import type { PresenceRecord, UserRecord } from '../data/store';
import type { SetPresenceRequest } from '../../shared/office-api';
import type { ServerContext } from '../context';
import { teamMembers } from './access';
import { toApiPresence } from './views';

// `status` is what the user chose (available until they choose); whether they are online is
// `connected`, kept apart so that a reconnect, a renewed token or a restart of either side never
// writes over a status set by hand (readers show a user who is not connected as offline).
const initial = (userId: string, now: number): PresenceRecord => ({
  userId,
  status: 'available',
  location: 'unknown',
  statusText: '',
  connected: false,
  updatedAt: now,
});

/** presence goes to the user's team (the user's own other devices included) */
async function announce(ctx: ServerContext, user: UserRecord, p: PresenceRecord): Promise<void> {
  const audience = (await teamMembers(ctx, user.teamId)).map((u) => u.id);
  audience.push(user.id);
  await ctx.hub.publish({ type: 'presence.changed', presence: toApiPresence(p) }, audience);
}

export async function getPresence(ctx: ServerContext, userId: string): Promise<PresenceRecord> {
  return (await ctx.store.presence.get(userId)) ?? initial(userId, ctx.now());
}

export async function setPresence(
  ctx: ServerContext,
  user: UserRecord,
  req: SetPresenceRequest,
): Promise<PresenceRecord> {
  const current = await getPresence(ctx, user.id);
  const next: PresenceRecord = {
    ...current,
    status: req.status ?? current.status,
    location: req.location ?? current.location,
    statusText: req.statusText ?? current.statusText,
    connected: ctx.hub.isConnected(user.id),
    updatedAt: ctx.now(),
  };
  await ctx.store.presence.upsert(next);
  await announce(ctx, user, next);
  return next;
}

/** the first live connection or the last one gone: only `connected` changes (the chosen status stays) */
async function connectionChanged(ctx: ServerContext, user: UserRecord): Promise<void> {
  const current = await getPresence(ctx, user.id);
  // read the hub after the await: a socket that opened or closed meanwhile is counted
  const next: PresenceRecord = { ...current, connected: ctx.hub.isConnected(user.id), updatedAt: ctx.now() };
  if (next.connected === current.connected) return;
  await ctx.store.presence.upsert(next);
  await announce(ctx, user, next);
}

export const userConnected = connectionChanged;
export const userDisconnected = connectionChanged;
