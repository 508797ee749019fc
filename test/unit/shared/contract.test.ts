import { describe, expect, expectTypeOf, it, vi } from 'vitest';
import { z } from 'zod';
import type { TeleworkerApi } from '../../../shared/contract';
import { ContractError, contract, defineArea, eventChannel, invokeChannel } from '../../../shared/contract';
import { createClient } from '../../../shared/contract/client';
import { createDispatcher, createEmitter } from '../../../shared/contract/dispatch';
import { fieldIssues } from '../../../shared/contract/issues';

const demo = {
  demo: defineArea({
    invoke: {
      add: { request: z.strictObject({ a: z.number(), b: z.number() }), response: z.number() },
      boom: { request: z.undefined(), response: z.string() },
      refuse: { request: z.undefined(), response: z.string() },
      offContract: { request: z.undefined(), response: z.string() },
    },
    events: { tick: z.object({ n: z.number().int() }) },
  }),
};

describe('the dispatcher', () => {
  const onInternalError = vi.fn();
  const dispatcher = createDispatcher(
    demo,
    {
      demo: {
        add: ({ a, b }) => a + b,
        boom: () => {
          throw new Error('database exploded at /secret/path');
        },
        refuse: () => {
          throw new ContractError('conflict', 'Someone else took this ticket.');
        },
        offContract: () => 42 as unknown as string,
      },
    },
    { onInternalError },
  );
  const ctx = { host: 'electron' as const };

  it('lists every channel of the contract', () => {
    expect(dispatcher.channels).toEqual(['tw:demo:add', 'tw:demo:boom', 'tw:demo:refuse', 'tw:demo:offContract']);
  });

  it('validates the payload before the handler runs', async () => {
    await expect(dispatcher.dispatch('tw:demo:add', { a: 1, b: 2 }, ctx)).resolves.toEqual({ ok: true, value: 3 });
    await expect(dispatcher.dispatch('tw:demo:add', { a: 1, b: 'two' }, ctx)).resolves.toEqual({
      ok: false,
      error: {
        code: 'invalid-request',
        message: 'Invalid request to demo:add: b: Invalid input: expected number, received string',
        fields: [{ field: 'b', problem: 'invalid' }],
      },
    });
    await expect(dispatcher.dispatch('tw:demo:add', null, ctx)).resolves.toMatchObject({
      ok: false,
      error: { code: 'invalid-request' },
    });
  });

  it('answers unknown channels without echoing unbounded input', async () => {
    const result = await dispatcher.dispatch(`tw:${'x'.repeat(10_000)}`, {}, ctx);
    expect(result).toMatchObject({ ok: false, error: { code: 'unknown-channel' } });
    expect(JSON.stringify(result).length).toBeLessThan(200);
  });

  it('passes ContractErrors through and hides everything else behind "internal"', async () => {
    await expect(dispatcher.dispatch('tw:demo:refuse', undefined, ctx)).resolves.toEqual({
      ok: false,
      error: { code: 'conflict', message: 'Someone else took this ticket.' },
    });
    const boom = await dispatcher.dispatch('tw:demo:boom', undefined, ctx);
    expect(boom).toMatchObject({ ok: false, error: { code: 'internal' } });
    expect(JSON.stringify(boom)).not.toContain('/secret/path');
    expect(onInternalError).toHaveBeenCalledWith('tw:demo:boom', expect.any(Error));
  });

  it('refuses to answer off-contract', async () => {
    await expect(dispatcher.dispatch('tw:demo:offContract', undefined, ctx)).resolves.toMatchObject({
      ok: false,
      error: { code: 'internal' },
    });
  });

  it('will not start with a channel that has no handler', () => {
    expect(() => createDispatcher(demo, { demo: {} } as never)).toThrow('No handler for contract channel demo.add');
  });
});

describe('the client', () => {
  it('derives methods and listeners from the contract', async () => {
    const seen: unknown[] = [];
    const client = createClient(demo, {
      invoke: async (channel, payload) => {
        seen.push([channel, payload]);
        return { ok: true, value: 5 };
      },
      subscribe: () => () => {},
    });
    await expect(client.demo.add({ a: 2, b: 3 })).resolves.toEqual({ ok: true, value: 5 });
    expect(seen).toEqual([['tw:demo:add', { a: 2, b: 3 }]]);
    expect(typeof client.demo.onTick).toBe('function');
  });

  it('turns a malformed answer into an error result instead of undefined', async () => {
    const client = createClient(demo, { invoke: async () => ({ surprise: true }), subscribe: () => () => {} });
    await expect(client.demo.add({ a: 1, b: 1 })).resolves.toMatchObject({ ok: false, error: { code: 'internal' } });
  });

  it('is typed from the contract', () => {
    expectTypeOf<TeleworkerApi['system']['ping']>().parameter(0).toEqualTypeOf<{ message: string }>();
    expectTypeOf<Awaited<ReturnType<TeleworkerApi['system']['getInfo']>>>().toMatchTypeOf<{ ok: boolean }>();
    expectTypeOf<TeleworkerApi['connectivity']['onStatusChanged']>().returns.toEqualTypeOf<() => void>();
  });
});

describe('events', () => {
  it('are validated before they are sent', () => {
    const sent: unknown[] = [];
    const invalid = vi.fn();
    const emit = createEmitter(demo, (channel, payload) => sent.push([channel, payload]), invalid);
    emit('demo', 'tick', { n: 1 });
    emit('demo', 'tick', { n: 1.5 });
    expect(sent).toEqual([['tw:demo!tick', { n: 1 }]]);
    expect(invalid).toHaveBeenCalledWith('tw:demo!tick', expect.any(Error));
  });

  it('use channel names that cannot collide with invoke channels', () => {
    for (const [area, spec] of Object.entries(contract)) {
      for (const event of Object.keys(spec.events)) {
        for (const name of Object.keys(spec.invoke))
          expect(eventChannel(area, event)).not.toBe(invokeChannel(area, name));
      }
    }
  });
});

describe('field problems of a refused request', () => {
  const signIn = contract.account.invoke.signIn.request;
  const issues = (payload: unknown) => {
    const parsed = signIn.safeParse(payload);
    if (parsed.success) throw new Error('expected a refusal');
    return fieldIssues(parsed.error);
  };

  it('name the field, the problem and the limit, for the renderer to word', () => {
    expect(issues({ server: 'https://office.example', username: 'x'.repeat(65), password: 'p' })).toEqual([
      { field: 'username', problem: 'too-long', limit: 64 },
    ]);
    expect(issues({ server: 'https://office.example', username: '', password: 'p' })).toEqual([
      { field: 'username', problem: 'required' },
    ]);
    expect(issues({ server: 'https://office.example', username: 'budi' })).toEqual([
      { field: 'password', problem: 'required' },
    ]);
    expect(issues({ server: 'https://office.example', username: 7, password: 'p' })).toEqual([
      { field: 'username', problem: 'invalid' },
    ]);
  });
});
