// The services features offer one another, each provided by exactly one module and required by
// name (module.ts). A feature that needs another's data asks through one of these, so the cache
// rows stay private to the feature that fills them.
import type { ConnectivityStatus } from '../../shared/domain/connectivity';
import type { SlaCalendar } from '../../shared/domain/sla-calendar';
import type { Presence, Ticket, User } from '../../shared/office-api';
import { definePort } from './module';

/** The tickets module: the tickets the inbox holds (mine; a manager's whole team) and their titles. */
export interface TicketsReader {
  /** every ticket in the inbox, open or not, as the office last told it */
  inbox(): readonly Ticket[];
  /** my tickets that are still open */
  myOpen(): readonly Ticket[];
  /** a ticket's title, or null for a ticket the inbox does not hold */
  title(id: string): string | null;
  /** the SLA calendar a ticket's clocks run on (null: round the clock, or not fetched yet) */
  calendarOf(ticket: Ticket): SlaCalendar | null;
}
export const ticketsPort = definePort<TicketsReader>('tickets');

/** The session module: whether a work session is running (the office-loss notice asks). */
export interface WorkSessionPort {
  isRunning(): boolean;
}
export const workSessionPort = definePort<WorkSessionPort>('work-session');

/** The presence module: the team's presence and directory, as the office last told them. */
export interface TeamPresence {
  presenceOf(userId: string): Presence | null;
  /** a colleague's directory entry (null: not in my directory) */
  person(userId: string): User | null;
  /** the work session's break began (true) or ended (false): my presence follows it */
  followBreak(onBreak: boolean): void;
}
export const presencePort = definePort<TeamPresence>('presence');

/** The connectivity module: where the office connection stands, and its changes. */
export interface NetworkState {
  current(): ConnectivityStatus;
  onChange(listener: (status: ConnectivityStatus) => void): () => void;
}
export const networkPort = definePort<NetworkState>('network');
