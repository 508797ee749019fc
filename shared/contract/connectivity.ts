import { z } from 'zod';
import { ConnectivityStatusSchema } from '../domain/connectivity';
import { defineArea } from './define';

export const connectivity = defineArea({
  invoke: {
    getStatus: { request: z.undefined(), response: ConnectivityStatusSchema },
    /** Runs every probe now instead of waiting for the next timer ("check now" in the status panel). */
    checkNow: { request: z.undefined(), response: ConnectivityStatusSchema },
  },
  events: {
    statusChanged: ConnectivityStatusSchema,
  },
});
