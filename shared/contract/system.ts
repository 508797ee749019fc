import { z } from 'zod';
import { locales } from '../i18n';
import type { Locale } from '../i18n';
import { defineArea } from './define';

export const AppInfoSchema = z.object({
  name: z.string(),
  version: z.string(),
  platform: z.string(),
  arch: z.string(),
  /** Which host runs the main-process services: the Electron app or the browser host. */
  host: z.enum(['electron', 'browser']),
  electronVersion: z.string().nullable(),
});
export type AppInfo = z.infer<typeof AppInfoSchema>;

export const system = defineArea({
  invoke: {
    getInfo: { request: z.undefined(), response: AppInfoSchema },
    /** A round trip through the main process: diagnostics and the end-to-end tests use it. */
    ping: {
      request: z.strictObject({ message: z.string().min(1).max(200) }),
      response: z.object({ message: z.string(), receivedAt: z.iso.datetime() }),
    },
    /** The renderer's language, so the tray and notifications speak it too. */
    setLocale: {
      request: z.strictObject({ locale: z.enum(locales as [Locale, ...Locale[]]) }),
      response: z.null(),
    },
  },
  events: {},
});
