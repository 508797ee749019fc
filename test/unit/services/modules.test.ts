// The main process's feature modules: each answers exactly its contract area, the core refuses a
// composition that leaves an area unanswered or answers one twice, and each module's handlers
// behave as the renderer expects.
import { describe, expect, it } from 'vitest';
import { contract, ContractError } from '../../../shared/contract';
import { OUTBOX_KINDS } from '../../../shared/contract/sync';
import { checkCoverage, composeCore, orderModules } from '../../../electron/services/core';
import { ticketsPort } from '../../../electron/services/feature-ports';
import type { ModuleDefinition } from '../../../electron/services/module';
import { defineModule, definePort } from '../../../electron/services/module';
import { officeLossModule } from '../../../electron/services/connectivity/office-loss-notifier';
import { appModules, commandsOf } from '../../../electron/services/modules';
import { accountModule } from '../../../electron/services/account/account-module';
import { presenceModule } from '../../../electron/services/presence/presence-module';
import { systemModule } from '../../../electron/services/system/system-module';
import { manualConnectivity, testAccountSettings, testCore, testOffice, testPorts } from '../../fixtures/core';
import { createPreferences } from '../../../electron/services/preferences';
import { silentLogger } from '../../../electron/services/logger';
import { createSettings, memorySettingsStore } from '../../../electron/services/settings/settings';
import type { AccountSettings } from '../../../electron/services/account/account-state';

const ctx = { host: 'electron' as const };
/** these tests call handlers that use no other feature's port */
const noPorts = {} as never;

function deps(account: AccountSettings = testAccountSettings) {
  const connectivity = manualConnectivity();
  const office = testOffice(connectivity);
  return {
    info: {
      name: 'Teleworker',
      version: '1.2.3',
      platform: 'linux',
      arch: 'x64',
      host: 'browser' as const,
      electronVersion: null,
    },
    logger: silentLogger,
    clock: () => new Date('2026-11-28T09:00:00.000Z'),
    preferences: createPreferences(),
    connectivityMonitor: connectivity,
    office,
    account,
    ...testPorts(office),
    settings: createSettings({ policy: {}, store: memorySettingsStore(), logger: silentLogger }),
    updater: null,
  };
}

describe('each module', () => {
  for (const definition of appModules) {
    it(`${definition.name}: its handlers cover exactly its contract area`, () => {
      const instance = definition.create(deps(), noPorts);
      expect(instance.area).toBe(definition.area);
      if (definition.area === null) {
        expect(instance.handlers).toBeNull();
        return;
      }
      expect(Object.keys(instance.handlers as object).sort()).toEqual(
        Object.keys(contract[definition.area].invoke).sort(),
      );
      expect(() =>
        checkCoverage(definition.name, definition.area!, instance.handlers as Record<string, unknown>),
      ).not.toThrow();
    });
  }

  it('every contract area is answered by exactly one module', () => {
    const areas = appModules.flatMap((m) => (m.area ? [m.area] : []));
    expect([...areas].sort()).toEqual(Object.keys(contract).sort());
  });

  it('every outbox kind is declared by exactly one module', () => {
    const kinds = commandsOf(appModules).map((c) => c.kind);
    expect(new Set(kinds).size).toBe(kinds.length);
    // every kind the sync contract names has its module (so nothing is queued that no module sends)
    expect([...kinds].sort()).toEqual([...OUTBOX_KINDS].sort());
    expect(kinds).toEqual(expect.arrayContaining(['ticket-assignment', 'ticket-create']));
  });
});

describe('the core', () => {
  it('names its modules in start order: each after the providers of the ports it requires', () => {
    expect(testCore().modules).toEqual([
      'system',
      'connectivity',
      'account',
      'sync',
      'presence',
      'tickets',
      'chat',
      'session',
      'settings',
      'admin',
      'office-days',
      'office-loss',
    ]);
    // listed first, started after what it needs: network (connectivity) and the work session (session)
    const names = orderModules([officeLossModule, ...appModules.filter((m) => m !== officeLossModule)]).map(
      (m) => m.name,
    );
    expect(names.indexOf('office-loss')).toBeGreaterThan(names.indexOf('session'));
    expect(names.indexOf('session')).toBeGreaterThan(names.indexOf('tickets'));
    expect(names.indexOf('tickets')).toBeGreaterThan(names.indexOf('connectivity'));
  });

  it('refuses a module whose required port no module provides, naming both', () => {
    const withoutTickets = appModules.filter((m) => m.name !== 'tickets');
    expect(() => composeCore(withoutTickets, deps())).toThrow(
      'Module session requires the port "tickets", which no module provides.',
    );
  });

  it('refuses two modules that provide one port, naming them', () => {
    const rival = defineModule({
      name: 'rival-tickets',
      area: null,
      provides: { tickets: ticketsPort },
      create: () => ({
        area: null,
        handlers: null,
        provides: { tickets: { inbox: () => [], myOpen: () => [], title: () => null, calendarOf: () => null } },
      }),
    });
    expect(() => composeCore([...appModules, rival], deps())).toThrow(
      'Two modules provide the port "tickets": tickets and rival-tickets.',
    );
  });

  it('refuses modules that require each other in a cycle, naming the cycle', () => {
    const eggPort = definePort<{ egg(): string }>('egg');
    const henPort = definePort<{ hen(): string }>('hen');
    const hen = defineModule({
      name: 'hen',
      area: null,
      requires: { egg: eggPort },
      provides: { hen: henPort },
      create: (_deps, { egg }) => ({ area: null, handlers: null, provides: { hen: { hen: () => egg.egg() } } }),
    });
    const egg = defineModule({
      name: 'egg',
      area: null,
      requires: { hen: henPort },
      provides: { egg: eggPort },
      create: (_deps, { hen: h }) => ({ area: null, handlers: null, provides: { egg: { egg: () => h.hen() } } }),
    });
    expect(() => composeCore([...appModules, hen, egg], deps())).toThrow(
      "Modules require each other's ports in a cycle: hen → egg → hen.",
    );
  });

  it('hands a module the service another module provides, and refuses a declared port left unprovided', () => {
    const seen: string[] = [];
    const reader = defineModule({
      name: 'reader',
      area: null,
      requires: { tickets: ticketsPort },
      create: (_deps, { tickets }) => ({
        area: null,
        handlers: null,
        start: () => void seen.push(typeof tickets.inbox),
      }),
    });
    const core = composeCore([reader, ...appModules], deps());
    expect(core.modules.indexOf('reader')).toBeGreaterThan(core.modules.indexOf('tickets'));
    core.start();
    core.stop();
    expect(seen).toEqual(['function']);

    const liar = defineModule({
      name: 'liar',
      area: null,
      provides: { egg: definePort<{ egg(): string }>('egg') },
      create: () => ({ area: null, handlers: null }) as never,
    });
    expect(() => composeCore([...appModules, liar], deps())).toThrow(
      'Module liar declares the port "egg" but create() did not provide it.',
    );
  });

  it('refuses a composition that leaves a contract area unanswered', () => {
    const withoutSync = appModules.filter((m) => m.name !== 'sync');
    expect(() => composeCore(withoutSync, deps())).toThrow('No module answers the contract area(s): sync.');
  });

  it('refuses two modules for one area', () => {
    expect(() => composeCore([...appModules, systemModule], deps())).toThrow(
      'Two modules answer the contract area "system".',
    );
  });

  it('refuses a module whose handlers miss a channel or add one the contract does not have', () => {
    const broken = defineModule({
      name: 'broken-system',
      area: 'system',
      create: (d) => {
        const real = systemModule.create(d, noPorts);
        const { ping: _ping, ...rest } = real.handlers;
        return { ...real, handlers: { ...rest, reboot: () => null } as unknown as typeof real.handlers };
      },
    });
    const modules: ModuleDefinition[] = appModules.map((m) => (m.name === 'system' ? broken : m));
    expect(() => composeCore(modules, deps())).toThrow(
      'Module broken-system does not cover the contract area "system" exactly; missing: ping; not in the contract: reboot.',
    );
  });

  it('lets a module emit only its own area’s events', () => {
    const sent: string[] = [];
    const core = testCore();
    const detach = core.attach(((area: string, event: string) => sent.push(`${area}.${event}`)) as never);
    (core.connectivity as ReturnType<typeof manualConnectivity>).set(core.connectivity.current());
    detach();
    expect(sent).toEqual(['connectivity.statusChanged']);
  });
});

describe('account handlers', () => {
  const locked = {
    ...testAccountSettings,
    defaultServer: 'https://office.bank.example',
    serverLocked: true,
    demo: false,
    notice: null,
    secretStore: () => ({ kind: 'memory' as const, description: 'memory only', persistent: false }),
  };

  it('refuse a server other than the one IT locked, before any network call, with a reason to word', async () => {
    const { handlers } = accountModule.create(deps(locked), noPorts);
    const error = await Promise.resolve(
      handlers.signIn({ server: 'https://evil.example', username: 'budi', password: 'x' }, ctx),
    ).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ContractError);
    expect(error).toMatchObject({
      code: 'forbidden',
      message: 'The office server address is set by your IT department.',
      details: { reason: 'server-locked' },
    });
  });

  it('show the locked address, the store in use and a policy problem on the sign-in screen', async () => {
    const text = 'The policy file /etc/teleworker/policy.json is not valid JSON. Please tell your IT department.';
    const notice = { code: 'policy-invalid' as const, params: { path: '/etc/teleworker/policy.json' } };
    const { handlers } = accountModule.create(deps({ ...locked, notice: { text, notice } }), noPorts);
    expect(await handlers.getState(undefined, ctx)).toEqual({
      status: 'signed-out',
      reason: text,
      notice,
      server: 'https://office.bank.example',
      serverLocked: true,
      demo: false,
      secretStore: { kind: 'memory', description: 'memory only', persistent: false },
    });
  });

  it('answer a mistyped server address as an invalid request, naming it', async () => {
    const { handlers } = accountModule.create(deps({ ...locked, serverLocked: false }), noPorts);
    const error = await Promise.resolve(
      handlers.signIn({ server: 'office bank', username: 'budi', password: 'x' }, ctx),
    ).catch((e: unknown) => e);
    expect(error).toMatchObject({
      code: 'invalid-request',
      message: expect.stringContaining('“office bank” is not a server address'),
      details: { reason: 'bad-address' },
    });
  });

  it('say the office cannot be reached when nothing answers at its address', async () => {
    const { handlers } = accountModule.create(deps({ ...locked, serverLocked: false }), noPorts);
    const error = await Promise.resolve(
      handlers.signIn({ server: 'http://127.0.0.1:9', username: 'budi', password: 'x' }, ctx),
    ).catch((e: unknown) => e);
    expect(error).toMatchObject({ code: 'unavailable', details: { reason: 'office-unreachable' } });
  });
});

describe('signed out', () => {
  it('every area answers a request that needs a user the same way: unauthorized, reason signed-out', async () => {
    const core = testCore();
    const ctx = { host: 'browser' as const };
    const calls: Array<[string, unknown]> = [
      ['tw:presence:setMine', { status: 'busy' }],
      ['tw:chat:send', { channelId: 'team:t', body: 'hello' }],
      ['tw:session:start', {}],
      ['tw:tickets:act', { id: 'INC-1', action: { type: 'comment', body: 'x' } }],
      ['tw:tickets:saveView', { name: 'mine', filter: { scope: 'mine' } }],
    ];
    for (const [channel, payload] of calls) {
      const answer = await core.dispatcher.dispatch(channel, payload, ctx);
      expect({ channel, answer }).toMatchObject({
        channel,
        answer: { ok: false, error: { code: 'unauthorized', reason: 'signed-out' } },
      });
    }
  });
});

describe('presence handlers', () => {
  it('refuse presence changes while signed out, with a reason', () => {
    const { handlers } = presenceModule.create(deps(), noPorts);
    expect(() => handlers.setMine({ status: 'busy' }, ctx)).toThrow('Sign in to set your presence.');
  });
});

describe('signing in to a remote office over plain http', () => {
  it('is refused before anything is sent, with a reason the renderer words', async () => {
    const { handlers } = accountModule.create(deps(), noPorts);
    const error = await Promise.resolve(
      handlers.signIn({ server: 'http://office.bank.example', username: 'budi', password: 'secret' }, ctx),
    ).catch((e: unknown) => e);
    expect(error).toMatchObject({ code: 'invalid-request', details: { reason: 'https-required' } });
  });
});
