import type { PresenceRecord, UserRecord } from '../data/store';
import type { SetPresenceRequest } from '../../shared/office-api';
import type { ServerContext } from '../context';
import { teamMembers } from './access';
import { toApiPresence } from './views';

const initial = (userId: string, now: number): PresenceRecord => ({
  userId,
  status: 'offline',
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

/** the first live connection makes an offline user available */
export async function userConnected(ctx: ServerContext, user: UserRecord): Promise<void> {
  const current = await getPresence(ctx, user.id);
  const next: PresenceRecord = {
    ...current,
    status: current.status === 'offline' ? 'available' : current.status,
    connected: true,
    updatedAt: ctx.now(),
  };
  await ctx.store.presence.upsert(next);
  await announce(ctx, user, next);
}

/** the last connection gone: the user shows offline (location and text are kept) */
export async function userDisconnected(ctx: ServerContext, user: UserRecord): Promise<void> {
  const current = await getPresence(ctx, user.id);
  const next: PresenceRecord = { ...current, status: 'offline', connected: false, updatedAt: ctx.now() };
  await ctx.store.presence.upsert(next);
  await announce(ctx, user, next);
}
