import { z } from 'zod';
import { SummaryInput } from '../../../shared/office-api';
import { defineCommand } from '../outbox/command';

/** A day's summary report: one queue per day, so a correction follows the first version. */
export const submitSummary = defineCommand({
  kind: 'summary',
  method: 'POST',
  params: z.object({}),
  body: SummaryInput,
  path: () => '/summaries',
  queue: (_params, body) => `summary:${body.date}`,
});
