import { z } from 'zod';
import { plainText } from '../office-api/text';
import { defineArea } from './define';

export const SecretStoreSchema = z.object({
  kind: z.enum(['keychain', 'safe-storage', 'memory']),
  /** e.g. "GNOME Keyring (Secret Service)", "Windows Credential Manager" */
  description: z.string(),
  /** false: signed in for this session only; the user signs in again after a restart */
  persistent: z.boolean(),
});

const UserSchema = z.object({
  id: z.string(),
  username: z.string(),
  displayName: z.string(),
  role: z.enum(['worker', 'manager', 'admin']),
});

/** Why the user sees the sign-in screen when it was not their own choice; the renderer words it. */
export const SIGN_IN_NOTICES = ['session-expired', 'secret-store-failed', 'policy-invalid', 'data-rebuilt'] as const;
export const SignInNoticeSchema = z.object({
  code: z.enum(SIGN_IN_NOTICES),
  /** values for the sentence: the policy file's path, where the old data file was kept … */
  params: z.record(z.string(), z.union([z.string(), z.number()])),
});
export type SignInNotice = z.infer<typeof SignInNoticeSchema>;

export const AccountStateSchema = z.discriminatedUnion('status', [
  z.object({
    status: z.literal('signed-out'),
    /** why, when it was not the user's own choice ("Your sign-in has expired"), in English for logs */
    reason: z.string().nullable(),
    /** the same, as a code the renderer words in the user's language */
    notice: SignInNoticeSchema.nullable(),
    /** the server address to pre-fill */
    server: z.string().nullable(),
    /** policy (or the embedded demo server) fixes the address: the field is read-only */
    serverLocked: z.boolean(),
    demo: z.boolean(),
    secretStore: SecretStoreSchema,
  }),
  z.object({
    status: z.literal('signed-in'),
    server: z.string(),
    user: UserSchema,
    secretStore: SecretStoreSchema,
  }),
]);
export type AccountState = z.infer<typeof AccountStateSchema>;

export const account = defineArea({
  invoke: {
    getState: { request: z.undefined(), response: AccountStateSchema },
    /** The password goes to the main process, which signs in; no token ever comes back. */
    signIn: {
      request: z.strictObject({
        server: plainText().min(1).max(500),
        username: plainText().min(1).max(64),
        password: plainText().min(1).max(256),
      }),
      response: AccountStateSchema,
    },
    signOut: { request: z.undefined(), response: AccountStateSchema },
  },
  events: {
    stateChanged: AccountStateSchema,
  },
});
