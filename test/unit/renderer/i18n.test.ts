import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { contract } from '../../../shared/contract';
import { errorCodes, errorReasons, fieldProblems } from '../../../shared/contract/result';
import { sections } from '../../../renderer/app/features';
import { CONNECTIVITY_STATES, REASON_CODES } from '../../../shared/domain/connectivity';
import { PresenceStatusSchema } from '../../../shared/contract/presence';
import { OUTBOX_ERROR_CODES, OUTBOX_KINDS, SyncStatusSchema } from '../../../shared/contract/sync';
import { SIGN_IN_NOTICES } from '../../../shared/contract/account';
import { initialLocale } from '../../../renderer/i18n';
import { catalogues } from '../../../shared/i18n';
import { formatDuration } from '../../../renderer/i18n/format';

type Tree = { [key: string]: string | Tree };
const flatten = (tree: Tree, prefix = ''): string[] =>
  Object.entries(tree).flatMap(([k, v]) => (typeof v === 'string' ? [`${prefix}${k}`] : flatten(v, `${prefix}${k}.`)));

const keys = Object.fromEntries(
  Object.entries(catalogues).map(([locale, tree]) => [locale, new Set(flatten(tree as Tree))]),
);

function sourceFiles(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    if (statSync(path).isDirectory()) return sourceFiles(path);
    return /\.(ts|tsx)$/.test(name) ? [path] : [];
  });
}

describe('catalogues', () => {
  it('English and Bahasa Indonesia have exactly the same keys', () => {
    const missingInId = [...keys.en!].filter((k) => !keys.id!.has(k));
    const missingInEn = [...keys.id!].filter((k) => !keys.en!.has(k));
    expect({ missingInId, missingInEn }).toEqual({ missingInId: [], missingInEn: [] });
  });

  it('every literal key the renderer uses exists in both', () => {
    const used = new Set<string>();
    for (const file of sourceFiles(join(import.meta.dirname, '../../../renderer'))) {
      for (const match of readFileSync(file, 'utf8').matchAll(/\bt\(\s*'([a-zA-Z0-9_.-]+)'/g)) used.add(match[1]!);
    }
    expect(used.size).toBeGreaterThan(10);
    for (const locale of Object.keys(keys)) {
      expect(
        [...used].filter((k) => !keys[locale]!.has(k)),
        `missing in ${locale}`,
      ).toEqual([]);
    }
  });

  it('every key built from a code (status, reason, error) exists in both', () => {
    const dynamic = [
      ...CONNECTIVITY_STATES.map((s) => `status.${s}`),
      ...REASON_CODES.map((c) => `connectivity.reason.${c}`),
      ...errorCodes.map((c) => `errors.${c}`),
      ...OUTBOX_KINDS.map((k) => `sync.kind.${k}`),
      ...OUTBOX_ERROR_CODES.map((c) => `sync.why.${c}`),
      ...SIGN_IN_NOTICES.map((c) => `account.notice.${c}`),
      ...SyncStatusSchema.shape.stream.options.map((s) => `sync.stream.${s}`),
      ...PresenceStatusSchema.options.map((s) => `presence.status.${s}`),
      ...errorReasons.map((r) => `errors.reason.${r}`),
      ...fieldProblems.map((p) => `errors.problem.${p}`),
    ];
    for (const locale of Object.keys(keys))
      expect(
        dynamic.filter((k) => !keys[locale]!.has(k)),
        locale,
      ).toEqual([]);
  });

  it('has a sentence for every error reason the main process can send', () => {
    // a new reason in shared/contract/result.ts without words in both languages fails here
    for (const locale of Object.keys(keys)) {
      expect(
        errorReasons.filter((r) => !keys[locale]!.has(`errors.reason.${r}`)),
        locale,
      ).toEqual([]);
    }
    expect(errorReasons.length).toBeGreaterThanOrEqual(12);
  });

  it('names every field of every contract request, so a refused field is worded, not shown as a path', () => {
    const fields = new Set<string>();
    for (const area of Object.values(contract)) {
      for (const spec of Object.values(area.invoke) as Array<{ request: { shape?: Record<string, unknown> } }>) {
        for (const name of Object.keys(spec.request.shape ?? {})) fields.add(name);
      }
    }
    expect([...fields]).toEqual(expect.arrayContaining(['username', 'password', 'server', 'message']));
    for (const locale of Object.keys(keys)) {
      expect(
        [...fields].filter((f) => !keys[locale]!.has(`errors.field.${f}`)),
        locale,
      ).toEqual([]);
    }
  });

  it('has the title of every registered section in both languages', () => {
    for (const locale of Object.keys(keys)) {
      expect(
        sections.map((s) => s.titleKey).filter((k) => !keys[locale]!.has(k)),
        locale,
      ).toEqual([]);
      expect(
        sections
          .flatMap((s) => s.keys ?? [])
          .map((k) => k.labelKey)
          .filter((k) => !keys[locale]!.has(k)),
        locale,
      ).toEqual([]);
    }
  });

  it('writes milliseconds as "ms" in every language', () => {
    const lookup = (tree: Tree, key: string) =>
      key.split('.').reduce<Tree | string>((t, k) => (t as Tree)[k]!, tree) as string;
    for (const [locale, tree] of Object.entries(catalogues)) {
      for (const key of keys[locale]!)
        expect(lookup(tree as Tree, key), `${locale} ${key}`).not.toMatch(/\d\s*md\b|}}\s*md\b/);
      expect(lookup(tree as Tree, 'status.latency')).toBe('{{ms}} ms');
    }
  });

  it('keeps the same placeholders in both languages', () => {
    const placeholders = (s: string) => [...s.matchAll(/{{(\w+)}}/g)].map((m) => m[1]).sort();
    const lookup = (tree: Tree, key: string) =>
      key.split('.').reduce<Tree | string>((t, k) => (t as Tree)[k]!, tree) as string;
    for (const key of keys.en!)
      expect(placeholders(lookup(catalogues.id as Tree, key)), key).toEqual(
        placeholders(lookup(catalogues.en as Tree, key)),
      );
  });
});

describe('locale choice and formatting', () => {
  it('prefers the saved choice, then the system language, then English', () => {
    expect(initialLocale({ getItem: () => 'id' }, ['en-US'])).toBe('id');
    expect(initialLocale({ getItem: () => null }, ['id-ID', 'en'])).toBe('id');
    expect(initialLocale({ getItem: () => 'xx' }, ['fr-FR'])).toBe('en');
  });

  it('formats durations through Intl in the chosen language', () => {
    expect(formatDuration(3_725_000, 'en')).toBe('1 hour 2 minutes');
    expect(formatDuration(3_725_000, 'id')).toBe('1 jam 2 menit');
    expect(formatDuration(42_000, 'en')).toBe('42 seconds');
  });
});
