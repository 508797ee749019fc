// A rotating log file IT can collect: main.log, rolled to main.old.log at 5 MB.
import type { Logger } from '../services/logger';

export const LOG_MAX_BYTES = 5 * 1024 * 1024;

interface ElectronLogLike {
  transports: {
    file: { maxSize: number; level: string | false; format: unknown };
    console: { level: string | false };
  };
  info(...params: unknown[]): void;
  warn(...params: unknown[]): void;
  error(...params: unknown[]): void;
}

export function configureLogging(log: ElectronLogLike, { debug = false } = {}): Logger {
  log.transports.file.maxSize = LOG_MAX_BYTES;
  log.transports.file.level = debug ? 'debug' : 'info';
  log.transports.file.format = '[{y}-{m}-{d} {h}:{i}:{s}.{ms}] [{level}] {text}';
  log.transports.console.level = debug ? 'debug' : 'warn';
  return {
    info: (message, ...details) => log.info(message, ...details),
    warn: (message, ...details) => log.warn(message, ...details),
    error: (message, ...details) => log.error(message, ...details),
  };
}
