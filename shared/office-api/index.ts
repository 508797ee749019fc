// The office server's HTTP + WebSocket API: one zod schema per body, used by the server to
// validate requests and generate /openapi.json, and by the desktop client to validate responses.
export * from './common';
export * from './text';
export * from './users';
export * from './admin';
export * from './tickets';
export * from './chat';
export * from './presence';
export * from './summaries';
export * from './events';
export * from './health';
export * from './sla';
export * from './audit';
export * from './work-state';
export * from './desks';
