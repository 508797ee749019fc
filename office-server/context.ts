import type { FastifyBaseLogger } from 'fastify';
import type { Directory } from './auth/directory';
import type { SignInThrottlePolicy } from './auth/sign-in-throttle';
import type { OfficeStore } from './data/store';
import type { EventHub } from './events/hub';
import type { OfficeMetrics } from './metrics';
import type { DeskPolicy } from '../shared/office-api';

/** What every route and service depends on, handed in rather than imported, so tests can vary it. */
export interface ServerContext {
  store: OfficeStore;
  /** epoch ms; tests pass a controllable clock */
  now: () => number;
  log: FastifyBaseLogger;
  demo: boolean;
  version: string;
  hub: EventHub;
  /** how far back (days) a sent day may be corrected, and how many versions a day may have */
  summaries: { correctionDays: number; versionsPerDay: number };
  /** null unless a metrics port is configured: then nothing is counted either */
  metrics: OfficeMetrics | null;
  auth: {
    /** lifetimes of issued tokens, ms */
    tokenTtl: { access: number; refresh: number };
    signInThrottle: SignInThrottlePolicy;
  };
  /** LDAP/Active Directory sign-in, when configured (null: local passwords only) */
  directory: Directory | null;
  /** desk booking limits, check-in hour and clean-desk checklist (office config `desks`) */
  deskPolicy: DeskPolicy;
}
