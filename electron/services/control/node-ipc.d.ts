// The part of node-ipc 14's API the control transport uses (the package ships no types).
declare module 'node-ipc' {
  import type { Server, Socket } from 'node:net';

  export class IPCProtocolError extends Error {
    constructor(code: string, message: string);
    code: string;
  }

  export interface IpcMessage {
    type: string;
    data: unknown;
  }

  /** The built-in framed parsers; subclasses are passed to config.parser as a class. */
  export class GuardedParser {
    constructor(config: unknown);
    profile: string;
    delimiter: string;
    maxMessageSize: number;
    read(buffer: string, data: string, receive: (message: IpcMessage) => void): string;
    encode(type: string, data: unknown): string;
    decodeMessage(frame: string): IpcMessage;
    assertFrameSize(characters: number, bytes: number): void;
  }
  export class AssuredParser extends GuardedParser {}

  export interface IpcConfig {
    appspace: string;
    socketRoot: string;
    id: string;
    silent: boolean;
    parser: unknown;
    maxMessageSize: number;
    maxPendingBytes: number;
    maxEventNameLength: number;
    messageTimeout: number;
    allowedEvents: readonly string[] | false;
    maxConnections: number;
    unlink: boolean;
    secureSocketRoot: boolean;
    readableAll: boolean;
    writableAll: boolean;
    maxRetries: number;
    stopRetrying: boolean;
    logPayloads: boolean;
  }

  export interface IpcServer {
    on(event: string, handler: (...args: never[]) => void): void;
    off(event: string, handler: (...args: never[]) => void): void;
    start(): void;
    stop(): void;
    emit(socket: Socket, type: string, data: unknown): boolean;
    server: Server | false;
    sockets: Socket[];
  }

  export interface IpcClient {
    on(event: string, handler: (...args: never[]) => void): void;
    emit(type: string, data: unknown): boolean;
    socket: Socket | false;
  }

  export class IPCModule {
    config: IpcConfig;
    server: IpcServer | false;
    of: Record<string, IpcClient>;
    serve(path: string, callback?: () => void): void;
    connectTo(id: string, path: string, callback?: () => void): void;
    disconnect(id: string): void;
  }

  const singleton: IPCModule;
  export default singleton;
}
