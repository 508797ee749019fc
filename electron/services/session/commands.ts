import { z } from 'zod';
import { AcknowledgeSummaryRequest, Id, SummaryInput, WorkStateInput } from '../../../shared/office-api';
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

/** The timer's state the manager sees: one queue, delivered in order, so the newest state stays. */
export const putWorkState = defineCommand({
  kind: 'work-state',
  method: 'PUT',
  params: z.object({}),
  body: WorkStateInput,
  path: () => '/work-state',
  queue: () => 'work-state',
});

/** A manager's acknowledgement of one summary version (its own queue: one summary's, in order). */
export const acknowledgeSummary = defineCommand({
  kind: 'summary-ack',
  method: 'POST',
  params: z.object({ id: Id }),
  body: AcknowledgeSummaryRequest,
  path: ({ id }) => `/summaries/${id}/acknowledge`,
  queue: ({ id }) => `summary-ack:${id}`,
});
