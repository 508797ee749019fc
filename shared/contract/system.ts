import { z } from 'zod';
import { plainText } from '../office-api/text';
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

export const OpenTargetSchema = z.strictObject({
  section: z.string().min(1).max(40),
  item: z.string().min(1).max(200).optional(),
});
export type OpenTarget = z.infer<typeof OpenTargetSchema>;

export const system = defineArea({
  invoke: {
    getInfo: { request: z.undefined(), response: AppInfoSchema },
    /** A round trip through the main process: diagnostics and the end-to-end tests use it. */
    ping: {
      request: z.strictObject({ message: plainText().min(1).max(200) }),
      response: z.object({ message: z.string(), receivedAt: z.iso.datetime() }),
    },
    /** The renderer's language, so the tray and notifications speak it too. */
    setLocale: {
      request: z.strictObject({ locale: z.enum(locales as [Locale, ...Locale[]]) }),
      response: z.null(),
    },
    /** The attention count (the frame's sum of the rail's badges) for the dock / taskbar icon. */
    setBadgeCount: {
      request: z.strictObject({ count: z.number().int().min(0).max(99_999) }),
      response: z.null(),
    },
  },
  events: {
    /** Open a section, optionally one item in it (a notification was clicked, `teleworker open`, a teleworker:// link). */
    open: OpenTargetSchema,
    /** A notification the main process showed (or, in the browser host, asks the page to show). */
    notification: z.object({ title: z.string(), body: z.string(), target: OpenTargetSchema.optional() }),
  },
});
