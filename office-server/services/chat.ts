import { ChannelId, ClientMessageId, dmChannelId, teamChannelId, type Channel } from '../../shared/office-api';
import type { UserRecord } from '../data/store';
import type { ServerContext } from '../context';
import { ApiError, notFound } from '../http/errors';
import { teamMembers } from './access';
import { toApiMessage } from './views';

/** the members of a channel the user may use, or a 404 (another team's channel does not exist for them) */
export async function channelMembers(ctx: ServerContext, user: UserRecord, channelId: string): Promise<string[]> {
  const audience = await channelAudience(ctx, user, channelId);
  return audience.team === null ? audience.members : (await teamMembers(ctx, audience.team)).map((u) => u.id);
}

/**
 * Who a channel the user may use reaches: a direct message's two people, or (a team channel) the
 * team, whose members the store reads in the same step as the message it writes. A 404 as above.
 */
async function channelAudience(
  ctx: ServerContext,
  user: UserRecord,
  channelId: string,
): Promise<{ members: string[]; team: string | null }> {
  if (!ChannelId.safeParse(channelId).success)
    throw new ApiError(400, 'validation_failed', 'channelId is not a channel id');
  if (channelId.startsWith('team:')) {
    const teamId = channelId.slice('team:'.length);
    if (user.teamId !== teamId) throw notFound('channel');
    return { members: [], team: teamId };
  }
  const [, a, b] = channelId.split(':');
  if (!a || !b || a >= b || (user.id !== a && user.id !== b)) throw notFound('channel');
  const other = await ctx.store.users.get(user.id === a ? b : a);
  if (!other || other.teamId === null || other.teamId !== user.teamId) throw notFound('channel');
  return { members: [a, b], team: null };
}

export async function listChannels(ctx: ServerContext, user: UserRecord): Promise<Channel[]> {
  if (user.teamId === null) return [];
  const team = await ctx.store.users.getTeam(user.teamId);
  const members = await teamMembers(ctx, user.teamId);
  const channels: Channel[] = [
    { id: teamChannelId(user.teamId), kind: 'team', name: team?.name ?? 'Team', memberIds: members.map((m) => m.id) },
  ];
  for (const m of members) {
    if (m.id === user.id) continue;
    channels.push({
      id: dmChannelId(user.id, m.id),
      kind: 'dm',
      name: m.displayName,
      memberIds: [user.id, m.id].sort(),
    });
  }
  return channels;
}

export async function postMessage(
  ctx: ServerContext,
  user: UserRecord,
  input: { channelId: string; body: string; clientId: string },
) {
  if (!ClientMessageId.safeParse(input.clientId).success) {
    throw new ApiError(400, 'validation_failed', 'clientId must be 1-100 printable characters');
  }
  const audience = await channelAudience(ctx, user, input.channelId);
  const at = ctx.now();
  // the message and its chat.message event commit together: one commit (one WAL flush and, on
  // PostgreSQL, one statement) instead of two, and never a message whose event is lost
  const r = await ctx.store.postMessage({
    message: {
      channelId: input.channelId,
      senderId: user.id,
      clientId: input.clientId,
      body: input.body,
      createdAt: at,
    },
    event: {
      payload: (m) => JSON.stringify({ type: 'chat.message', message: toApiMessage(m) }),
      recipients: audience.members,
      ...(audience.team === null ? {} : { membersOf: audience.team }),
      at,
    },
  });
  const { message, created } = r;
  if (!created && (message.channelId !== input.channelId || message.body !== input.body)) {
    throw new ApiError(409, 'conflict', 'this clientId was already used for a different message');
  }
  // committed: push it to the recipients online (on a shared store, every node's feed does)
  if (r.event) ctx.hub.deliver(r.event.id, at, r.event.payload, r.event.recipients);
  return { message: toApiMessage(message), created };
}
