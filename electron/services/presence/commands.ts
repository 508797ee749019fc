import { z } from 'zod';
import { SetPresenceRequest } from '../../../shared/office-api';
import { defineCommand } from '../outbox/command';

/** My presence: one queue, so the last change the user made is the one that stays. */
export const setPresence = defineCommand({
  kind: 'presence',
  method: 'PUT',
  params: z.object({}),
  body: SetPresenceRequest,
  path: () => '/presence',
  queue: () => 'presence',
});
