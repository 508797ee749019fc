// The work session: for now the summary report command the outbox sends. The timer, its event
// log and its contract area arrive with the work-session issue.
import { defineModule } from '../module';
import { submitSummary } from './commands';

export const sessionModule = defineModule({
  name: 'session',
  area: null,
  commands: [submitSummary],
  create: () => ({ area: null, handlers: null }),
});
