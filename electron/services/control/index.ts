// The local control channel: the `teleworker` command and VPN client hooks talk to the running app.
export { createControlServer } from './control-server';
export type { ControlServer, ControlServerOptions } from './control-server';
export { createCoreActions, noWindow, notAvailable, sessionActions, sessionNotAvailable } from './actions';
export type { ControlActions, SessionAction } from './actions';
export { defaultControlEndpoint, ControlFolderError } from './endpoint';
export type { ControlEndpoint } from './transport';
