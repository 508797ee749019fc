// The local control channel: the `teleworker` command and VPN client hooks talk to the running app.
export { createControlServer } from './control-server';
export type { ControlServer } from './control-server';
export { createCoreActions, noWindow, sessionActions, sessionNotAvailable } from './actions';
export type { ControlActions } from './actions';
export { defaultControlEndpoint } from './endpoint';
export type { ControlEndpoint } from './transport';
