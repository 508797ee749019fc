/** The small logging port every service takes; electron-log in the app, console in the browser host, a spy in tests. */
export interface Logger {
  info(message: string, ...details: unknown[]): void;
  warn(message: string, ...details: unknown[]): void;
  error(message: string, ...details: unknown[]): void;
}

export const silentLogger: Logger = { info() {}, warn() {}, error() {} };
