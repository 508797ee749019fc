import type { FastifyBaseLogger } from 'fastify';
import type { SignInThrottlePolicy } from './auth/sign-in-throttle';
import type { OfficeStore } from './data/store';
import type { EventHub } from './events/hub';
import type { OfficeMetrics } from './metrics';

/** What every route and service depends on, handed in rather than imported, so tests can vary it. */
export interface ServerContext {
  store: OfficeStore;
  /** epoch ms; tests pass a controllable clock */
  now: () => number;
  log: FastifyBaseLogger;
  demo: boolean;
  version: string;
  hub: EventHub;
  /** null unless a metrics port is configured: then nothing is counted either */
  metrics: OfficeMetrics | null;
  auth: {
    /** lifetimes of issued tokens, ms */
    tokenTtl: { access: number; refresh: number };
    signInThrottle: SignInThrottlePolicy;
  };
}
