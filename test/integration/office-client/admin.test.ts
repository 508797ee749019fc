// The admin area through the app's core, against the real office server on loopback: what the
// Accounts section calls reaches the office's admin API, a refusal comes back as a contract error,
// and a disabled person's own app is signed out by the office.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { AdminDirectory } from '../../../shared/contract/admin';
import { ContractError } from '../../../shared/contract';
import { ctx, officeApp, until } from '../../fixtures/office-app';
import type { OfficeApp } from '../../fixtures/office-app';
import { startTestServer } from '../office-server/helpers';
import type { TestServer } from '../office-server/helpers';

let server: TestServer;
let admin: OfficeApp;
let budi: OfficeApp;
beforeAll(async () => {
  server = await startTestServer();
  admin = await officeApp(server.url, 'admin');
  budi = await officeApp(server.url, 'budi');
});
afterAll(async () => {
  admin?.close();
  budi?.close();
  await server?.cleanup();
});

const refusal = (p: unknown) =>
  Promise.resolve(p).then(
    () => null,
    (e: unknown) => e as ContractError,
  );

describe('admin area', () => {
  it('lists the office’s accounts and teams; a worker’s app is refused by the office', async () => {
    const dir = (await admin.h.admin.listAccounts(undefined, ctx)) as AdminDirectory;
    expect(dir.accounts.map((a) => a.username)).toEqual(expect.arrayContaining(['admin', 'budi', 'siti']));
    expect(dir.teams.map((t) => t.name)).toEqual(['IT Support — Jakarta', 'Infrastructure — L2']);
    const refused = await refusal(budi.h.admin.listAccounts(undefined, ctx));
    expect(refused).toBeInstanceOf(ContractError);
    expect(refused?.code).toBe('forbidden');
  });
});

describe('admin area: changes', () => {
  it('creates an account in a team, changes its role, resets its password, and adds a team', async () => {
    const dir = (await admin.h.admin.listAccounts(undefined, ctx)) as AdminDirectory;
    const teamId = dir.teams[0]!.id;
    const created = await admin.h.admin.createAccount(
      { username: 'wati', displayName: 'Wati', role: 'worker', teamId, password: 'wati-password-1' },
      ctx,
    );
    expect(created).toMatchObject({ username: 'wati', role: 'worker', teamId, disabled: false, authSource: 'local' });
    const id = (created as { id: string }).id;
    const promoted = await admin.h.admin.updateAccount({ id, change: { role: 'manager' } }, ctx);
    expect(promoted).toMatchObject({ role: 'manager' });
    await admin.h.admin.resetPassword({ id, password: 'wati-password-2' }, ctx);
    expect((await server.api.login('wati', 'wati-password-2')).user.role).toBe('manager');
    const team = await admin.h.admin.createTeam({ name: 'Payments' }, ctx);
    expect(team).toMatchObject({ name: 'Payments' });
    // the office's refusal comes back as a contract error with its own words
    const dup = await refusal(
      admin.h.admin.createAccount(
        { username: 'wati', displayName: 'Wati', role: 'worker', teamId, password: 'wati-password-1' },
        ctx,
      ),
    );
    expect(dup?.code).toBe('conflict');
    expect(dup?.message).toContain('taken');
  });

  it('disabling a person signs their own app out', async () => {
    const dir = (await admin.h.admin.listAccounts(undefined, ctx)) as AdminDirectory;
    const target = dir.accounts.find((a) => a.username === 'budi')!;
    const off = await admin.h.admin.updateAccount({ id: target.id, change: { disabled: true } }, ctx);
    expect(off).toMatchObject({ disabled: true });
    await until(() => budi.office.syncStatus().stream !== 'connected');
    await until(async () => (await budi.h.account.getState(undefined, ctx)).status === 'signed-out', 20_000);
  });
});
