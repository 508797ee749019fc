import { z } from 'zod';

export const HealthResponse = z.object({ status: z.literal('ok'), version: z.string(), demo: z.boolean() });
export type HealthResponse = z.infer<typeof HealthResponse>;
export const ReadyResponse = z.object({
  status: z.enum(['ready', 'not-ready']),
  checks: z.record(z.string(), z.string()),
});
export type ReadyResponse = z.infer<typeof ReadyResponse>;
