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
  /** when a timer still running asks "Still working?" (and, unanswered, stops at the last activity) */
  timerStopAt: TimeOfDaySchema,
  /** which update feed to follow: latest.yml (stable) or beta.yml */
  updateChannel: z.enum(UPDATE_CHANNELS),
  /** whether the app looks for updates on the office server at all */
  updatesEnabled: z.boolean(),
  /** start Teleworker when the user logs in */
  startAtLogin: z.boolean(),
  /** start in the tray with no window */
  startMinimized: z.boolean(),
} as const;

/**
 * IT's settings the user neither sees nor changes, with the value used where policy leaves one out.
 * timerStopWaitMinutes: how long "Still working?" waits for an answer before a timer left running
 * past timerStopAt stops at the last activity.
 */
export const PolicyOnlySchemas = {
  timerStopWaitMinutes: z.number().int().min(5).max(240),
} as const;
export type PolicyOnlyKey = keyof typeof PolicyOnlySchemas;
export const POLICY_ONLY_DEFAULTS: { [K in PolicyOnlyKey]: z.infer<(typeof PolicyOnlySchemas)[K]> } = {
  timerStopWaitMinutes: 30,
};

/** The hand-offs to other programs IT may allow: phone (tel:), softphone (sip:), mail (mailto:). */
export const HAND_OFF_SCHEMES = ['tel', 'sip', 'mailto'] as const;
export type HandOffScheme = (typeof HAND_OFF_SCHEMES)[number];

/**
 * A SHA-256 certificate digest: 64 hex digits (colons between the bytes allowed, as openssl and
 * Node print it) or 44 characters of base64, optionally prefixed "sha256:" or "sha256/".
 */
export const CertPinSchema = z
  .string()
  .trim()
  .regex(
    /^(sha256[:/])?([0-9a-fA-F]{64}|[0-9a-fA-F]{2}(:[0-9a-fA-F]{2}){31}|[A-Za-z0-9+/]{43}=)$/i,
    'Expected a SHA-256 digest: 64 hex digits (colons allowed) or base64',
  );

export const PolicySchema = z.strictObject({
  /** https://office.example.com[:port]; locks the sign-in screen's server field */
  officeUrl: z.url({ protocol: /^https$/ }).optional(),
  /** one SHA-256 pin of the office server's certificate; read as one more entry of certPins */
  certPin: CertPinSchema.optional(),
  /**
   * SHA-256 pins of the office server's certificate: with any, the office is the server presenting
   * one of them and nothing else (a self-signed office works). A list, so a renewed certificate's
   * pin is added before the swap and the old one removed after.
   */
  certPins: z.array(CertPinSchema).min(1).max(20).optional(),
  /** PEM bundle of the CA(s) that issue the office's certificate (a bank's own CA), trusted besides the OS's */
  officeCa: z
    .string()
    .max(64 * 1024)
    .regex(
      /-----BEGIN CERTIFICATE-----[\s\S]+-----END CERTIFICATE-----/,
      'Expected PEM certificates (-----BEGIN CERTIFICATE-----)',
    )
    .optional(),
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
  timerStopAt: UserSettingSchemas.timerStopAt.optional(),
  timerStopWaitMinutes: PolicyOnlySchemas.timerStopWaitMinutes.optional(),
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
