// Settings IT sets for every user of a machine (deployed with the installer) and the user cannot
// change: where the office is, how to recognise it, and which adapters are VPN tunnels.
import { z } from 'zod';
import { TunnelRuleSchema } from './connectivity';

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
  externalOrigins: z.array(z.url({ protocol: /^https$/ })).max(100).optional(),
  /** hand-off schemes the system's handlers may open (a softphone, the mail client): none unless listed */
  externalSchemes: z.array(z.enum(HAND_OFF_SCHEMES)).max(HAND_OFF_SCHEMES.length).optional(),
});
export type Policy = z.infer<typeof PolicySchema>;
