// The effective value of each user setting: IT's policy beats the user's choice beats the
// default. Other features read their settings here, e.g. `settings.get('idleMinutes')` for when
// the user counts as away, `settings.get('endOfDayReminder')` for the end-of-day reminder, and
// `settings.onChange` to follow a change.
import { mkdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { dirname } from 'node:path';
import { ContractError } from '../../../shared/contract/result';
import type { SettingEntry, SettingKey, SettingValues } from '../../../shared/contract/settings';
import { SETTING_DEFAULTS, SETTING_KEYS } from '../../../shared/contract/settings';
import type { Policy } from '../../../shared/domain/policy';
import type { PolicyOnlyKey } from '../../../shared/domain/policy';
import { POLICY_ONLY_DEFAULTS, UserSettingSchemas } from '../../../shared/domain/policy';
import type { Logger } from '../logger';
import type { PolicyProblem } from '../policy';
import { listenerSet } from '../../../shared/disposables';

export interface SettingsPort {
  /** the effective value: policy, else the user's choice, else the default */
  get<K extends SettingKey>(key: K): SettingValues[K];
  /** true when policy sets the key and the user cannot change it */
  isLocked(key: SettingKey): boolean;
  /** every setting with its value and where it comes from */
  entries(): SettingEntry[];
  /** stores the user's choice; throws ContractError('forbidden') for a locked key */
  set<K extends SettingKey>(key: K, value: SettingValues[K]): void;
  /** a setting only IT sets (no user choice): policy's value, else the built-in default */
  managed<K extends PolicyOnlyKey>(key: K): (typeof POLICY_ONLY_DEFAULTS)[K];
  /** what was wrong with IT's policy (shown as a banner; the valid keys still apply) */
  policyProblems(): PolicyProblem[];
  /** called with the key whose effective value changed */
  onChange(listener: (key: SettingKey) => void): () => void;
}

/** Where the user's choices are kept: a JSON file in the data folder, or memory in tests. */
export interface UserSettingsStore {
  load(): Partial<SettingValues>;
  save(values: Partial<SettingValues>): void;
}

export function memorySettingsStore(
  initial: Partial<SettingValues> = {},
): UserSettingsStore & { saved: Partial<SettingValues> } {
  const store = {
    saved: { ...initial },
    load: () => ({ ...store.saved }),
    save: (values: Partial<SettingValues>) => void (store.saved = { ...values }),
  };
  return store;
}

/** settings.json in the data folder, written whole to a temporary file and renamed (never half-written). */
export function fileSettingsStore(path: string, logger: Logger): UserSettingsStore {
  return {
    load() {
      let raw: unknown;
      try {
        raw = JSON.parse(readFileSync(path, 'utf8'));
      } catch (error) {
        if ((error as NodeJS.ErrnoException).code !== 'ENOENT')
          logger.warn(`settings: ${path} cannot be read; using the defaults`, error);
        return {};
      }
      const values: Record<string, unknown> = {};
      for (const key of SETTING_KEYS) {
        const value = (raw as Record<string, unknown> | null)?.[key];
        if (value === undefined) continue;
        const parsed = UserSettingSchemas[key].safeParse(value);
        if (parsed.success) values[key] = parsed.data;
        else logger.warn(`settings: ignoring the stored ${key} (${JSON.stringify(value)}), which is not valid`);
      }
      return values as Partial<SettingValues>;
    },
    save(values) {
      mkdirSync(dirname(path), { recursive: true });
      const temp = `${path}.${process.pid}.tmp`;
      writeFileSync(temp, `${JSON.stringify(values, null, 2)}\n`);
      renameSync(temp, path);
    },
  };
}

export function createSettings(options: {
  policy: Policy;
  problems?: PolicyProblem[];
  store: UserSettingsStore;
  logger: Logger;
  /** defaults of this install (a per-machine install: updates off, IT updates it) */
  defaults?: Partial<SettingValues>;
}): SettingsPort {
  const { policy, store, logger } = options;
  const defaults: SettingValues = { ...SETTING_DEFAULTS, ...options.defaults };
  const problems = [...(options.problems ?? [])];
  const user = store.load();
  const listeners = listenerSet<[SettingKey]>();
  const fromPolicy = <K extends SettingKey>(key: K): SettingValues[K] | undefined =>
    policy[key] as SettingValues[K] | undefined;
  const port: SettingsPort = {
    get: (key) => fromPolicy(key) ?? user[key] ?? defaults[key],
    isLocked: (key) => fromPolicy(key) !== undefined,
    managed: (key) => policy[key] ?? POLICY_ONLY_DEFAULTS[key],
    policyProblems: () => problems,
    entries: () =>
      SETTING_KEYS.map((key) => ({
        key,
        value: port.get(key),
        source: fromPolicy(key) !== undefined ? 'policy' : user[key] !== undefined ? 'user' : 'default',
      })),
    set(key, value) {
      if (port.isLocked(key))
        throw new ContractError('forbidden', `${key} is set by your organisation and cannot be changed here.`);
      if (user[key] === value) return;
      const next = { ...user, [key]: value };
      try {
        store.save(next);
      } catch (error) {
        logger.error(`settings: ${key} could not be saved`, error);
        throw new ContractError('unavailable', 'The setting could not be saved on this computer.', {
          reason: 'disk-full',
        });
      }
      user[key] = value;
      logger.info(`settings: ${key} set to ${JSON.stringify(value)}`);
      listeners.emit(key);
    },
    onChange(listener) {
      return listeners.on(listener);
    },
  };
  return port;
}
