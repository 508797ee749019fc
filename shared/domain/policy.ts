// Settings IT sets for every user of a machine (deployed with the installer, Group Policy or a
// configuration profile) and the user cannot change: where the office is, how to recognise it,
// which adapters are VPN tunnels, and the user-facing settings IT may lock (see settings.ts).
import { z } from 'zod';
import { TunnelRuleSchema } from './connectivity';

/** "17:30": a time of day on a 24-hour clock. */
export const TimeOfDaySchema = z.string().regex(/^([01]\d|2[0-3]):[0-5]\d$/, 'Expected a time of day such as 17:30');

export const UPDATE_CHANNELS = ['latest', 'beta'] as const;
export type UpdateChannel = (typeof UPDATE_CHANNELS)[number];

/** The settings a user may change unless policy sets them; each key is also a policy key. */
export const UserSettingSchemas = {
  /** minutes without keyboard or mouse input before the user counts as away */
  idleMinutes: z.number().int().min(1).max(240),
  /** when to remind the user to send the day's summary */
  endOfDayReminder: TimeOfDaySchema,
  /** which update feed to follow: latest.yml (stable) or beta.yml */
  updateChannel: z.enum(UPDATE_CHANNELS),
  /** whether the app looks for updates on the office server at all */
  updatesEnabled: z.boolean(),
  /** start Teleworker when the user logs in */
  startAtLogin: z.boolean(),
  /** start in the tray with no window */
  startMinimized: z.boolean(),
} as const;

/** The hand-offs to other programs IT may allow: phone (tel:), softphone (sip:), mail (mailto:). */
export const HAND_OFF_SCHEMES = ['tel', 'sip', 'mailto'] as const;
export type HandOffScheme = (typeof HAND_OFF_SCHEMES)[number];

export const PolicySchema = z.strictObject({
  /** https://office.example.com[:port]; locks the sign-in screen's server field */
  officeUrl: z.url({ protocol: /^https$/ }).optional(),
  /** SHA-256 of the office server's certificate (hex, with or without colons, or base64) */
  certPin: z.string().min(32).max(120).optional(),
  /** a URL whose answer proves internet access (none is built in) */
  probeUrl: z.url({ protocol: /^https?$/ }).optional(),
  /** extra VPN adapters (or adapters to ignore), tried before the built-in list */
  tunnelRules: z.array(TunnelRuleSchema).max(100).optional(),
  /** https origins that links may open in the user's browser */
  externalOrigins: z
    .array(z.url({ protocol: /^https$/ }))
    .max(100)
    .optional(),
  idleMinutes: UserSettingSchemas.idleMinutes.optional(),
  endOfDayReminder: UserSettingSchemas.endOfDayReminder.optional(),
  updateChannel: UserSettingSchemas.updateChannel.optional(),
  updatesEnabled: UserSettingSchemas.updatesEnabled.optional(),
  startAtLogin: UserSettingSchemas.startAtLogin.optional(),
  startMinimized: UserSettingSchemas.startMinimized.optional(),
  /** hand-off schemes the system's handlers may open (a softphone, the mail client): none unless listed */
  externalSchemes: z.array(z.enum(HAND_OFF_SCHEMES)).max(HAND_OFF_SCHEMES.length).optional(),
});
export type Policy = z.infer<typeof PolicySchema>;
export type PolicyKey = keyof Policy & string;
export const POLICY_KEYS = Object.keys(PolicySchema.shape) as PolicyKey[];
