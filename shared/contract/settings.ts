// The settings area: each user setting with its effective value and whether IT locked it, the
// policy problems to show, and the update that a restart will install.
import { z } from 'zod';
import { UserSettingSchemas } from '../domain/policy';
import { defineArea } from './define';

export const SETTING_KEYS = Object.keys(UserSettingSchemas) as Array<keyof typeof UserSettingSchemas>;
export type SettingKey = keyof typeof UserSettingSchemas;
export const SettingValuesSchema = z.object(UserSettingSchemas);
export type SettingValues = z.infer<typeof SettingValuesSchema>;

/** The built-in values, used where neither policy nor the user set one. */
export const SETTING_DEFAULTS: SettingValues = {
  idleMinutes: 10,
  endOfDayReminder: '17:00',
  timerStopAt: '19:00',
  updateChannel: 'latest',
  updatesEnabled: true,
  startAtLogin: false,
  startMinimized: false,
};

/** A change the user asks for: one key with a value of that key's type. */
const setOne = <K extends SettingKey>(key: K) =>
  z.strictObject({ key: z.literal(key), value: UserSettingSchemas[key] });
export const SetSettingSchema = z.discriminatedUnion('key', [
  setOne('idleMinutes'),
  setOne('endOfDayReminder'),
  setOne('timerStopAt'),
  setOne('updateChannel'),
  setOne('updatesEnabled'),
  setOne('startAtLogin'),
  setOne('startMinimized'),
]);
export type SetSetting = { [K in SettingKey]: { key: K; value: SettingValues[K] } }[SettingKey];

export const SettingEntrySchema = z.object({
  key: z.enum(SETTING_KEYS as [SettingKey, ...SettingKey[]]),
  value: z.union([z.string(), z.number(), z.boolean()]),
  /** where the value comes from: IT's policy (locked), the user's choice, or the default */
  source: z.enum(['policy', 'user', 'default']),
});
export type SettingEntry = z.infer<typeof SettingEntrySchema>;

export const PolicyProblemSchema = z.object({ location: z.string(), key: z.string().nullable(), message: z.string() });

export const UpdateStatusSchema = z.discriminatedUnion('state', [
  z.object({
    state: z.literal('off'),
    /** by-it: a per-machine install, which IT updates with its own tools (unless policy turns updates on) */
    reason: z.enum(['policy', 'user', 'no-office', 'not-installed', 'by-it']),
  }),
  z.object({ state: z.literal('idle'), checkedAt: z.iso.datetime().nullable() }),
  z.object({ state: z.literal('checking') }),
  z.object({ state: z.literal('downloading'), version: z.string() }),
  /** downloaded and verified: a restart installs it */
  z.object({ state: z.literal('ready'), version: z.string() }),
  z.object({ state: z.literal('failed'), message: z.string() }),
]);
export type UpdateStatus = z.infer<typeof UpdateStatusSchema>;

export const SettingsStateSchema = z.object({
  settings: z.array(SettingEntrySchema),
  policyProblems: z.array(PolicyProblemSchema),
  update: UpdateStatusSchema,
});
export type SettingsState = z.infer<typeof SettingsStateSchema>;

export const settings = defineArea({
  invoke: {
    get: { request: z.undefined(), response: SettingsStateSchema },
    /** refused with 'forbidden' when policy sets the key */
    set: { request: SetSettingSchema, response: SettingsStateSchema },
    /** quits and installs the downloaded update (only in state 'ready') */
    installUpdate: { request: z.undefined(), response: z.null() },
  },
  events: {
    changed: SettingsStateSchema,
  },
});
