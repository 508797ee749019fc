// "Manages a team" has one owner (shared/domain/roles.ts): the renderer offers Team by it and the
// main process answers Team by it, so an admin can never again be shown a section that always fails.
import { afterEach, describe, expect, it, vi } from 'vitest';
import type { Role } from '../../../shared/office-api';
import { managesTeam } from '../../../shared/domain/roles';
import type * as Roles from '../../../shared/domain/roles';
import { teamSection } from '../../../renderer/team';
import { sessionModule } from '../../../electron/services/session/session-module';
import { manualConnectivity, statusFixture, testAccountSettings, testOffice, testPorts } from '../../fixtures/core';
import { createPreferences } from '../../../electron/services/preferences';
import { silentLogger } from '../../../electron/services/logger';
import { createSettings, memorySettingsStore } from '../../../electron/services/settings/settings';

vi.mock('../../../shared/domain/roles', async (importOriginal) => {
  const actual = await importOriginal<typeof Roles>();
  return { ...actual, managesTeam: vi.fn(actual.managesTeam) };
});

const ctx = { host: 'browser' as const };
const user = (role: Role) => ({ id: `u-${role}`, username: role, displayName: role, role, teamId: null });

/** The session module's Team handler for a signed-in user of this role: answered, or refused. */
async function mainAnswersTeam(role: Role): Promise<boolean> {
  const office = testOffice(manualConnectivity());
  // signed in as far as the module can tell (the office is never reached: Team's tickets go stale)
  office.me = () => user(role) as ReturnType<typeof office.me>;
  const instance = sessionModule.create(
    {
      info: {
        name: 'Teleworker',
        version: '1',
        platform: 'linux',
        arch: 'x64',
        host: 'browser',
        electronVersion: null,
      },
      logger: silentLogger,
      clock: () => new Date('2026-11-28T09:00:00.000Z'),
      preferences: createPreferences(),
      connectivityMonitor: manualConnectivity(),
      office,
      account: testAccountSettings,
      ...testPorts(office),
      settings: createSettings({ policy: {}, store: memorySettingsStore(), logger: silentLogger }),
      updater: null,
    },
    {
      tickets: { inbox: () => [], myOpen: () => [], title: () => null, calendarOf: () => null },
      presence: { presenceOf: () => null, person: () => null, followBreak: () => {} },
      network: { current: () => statusFixture(), onChange: () => () => {} },
    },
  );
  return Promise.resolve(instance.handlers.getTeam(undefined, ctx)).then(
    () => true,
    () => false,
  );
}

afterEach(() => vi.mocked(managesTeam).mockClear());

describe('who manages a team', () => {
  it('is a manager only: an admin manages accounts, not a team', () => {
    expect((['worker', 'manager', 'admin'] as const).filter((role) => managesTeam(role))).toEqual(['manager']);
  });

  for (const role of ['worker', 'manager', 'admin'] as const) {
    it(`the renderer and the main process ask the same function, and agree, for a ${role}`, async () => {
      const shown = teamSection.visible!({ ...user(role), teamId: null } as never);
      expect(vi.mocked(managesTeam)).toHaveBeenCalledWith(role);
      vi.mocked(managesTeam).mockClear();
      const answered = await mainAnswersTeam(role);
      expect(vi.mocked(managesTeam)).toHaveBeenCalledWith(role);
      expect(answered).toBe(shown);
      expect(shown).toBe(role === 'manager');
    });
  }
});
