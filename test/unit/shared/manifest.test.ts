// The renderer reads the contract through a zod-free manifest; it must say exactly what the
// contract says, or the renderer would offer channels that do not exist or limits that are wrong.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { contract } from '../../../shared/contract';
import { readServerFrame } from '../../../shared/contract/bridge-frames';
import { ServerFrameSchema } from '../../../shared/contract/bridge-protocol';
import { buildManifest, limitsOf, renderManifest } from '../../../shared/contract/manifest';
import { contractManifest } from '../../../shared/contract/manifest.generated';

describe('the contract manifest', () => {
  it('is up to date with the contract (npm run contract:manifest writes it again)', () => {
    const committed = readFileSync(join(import.meta.dirname, '../../../shared/contract/manifest.generated.ts'), 'utf8');
    expect(committed, 'shared/contract/manifest.generated.ts is stale: run npm run contract:manifest').toBe(
      renderManifest(buildManifest(contract)),
    );
    expect(contractManifest).toEqual(buildManifest(contract));
  });

  it('names every channel and event of every area', () => {
    for (const [area, spec] of Object.entries(contract)) {
      expect(Object.keys(contractManifest[area]!.invoke)).toEqual(Object.keys(spec.invoke));
      expect(Object.keys(contractManifest[area]!.events)).toEqual(Object.keys(spec.events));
    }
  });

  it('carries the limits of text fields through optional and nullable wrappers', () => {
    expect(contractManifest.account!.invoke.signIn).toEqual({
      server: { required: true, maxLength: 500 },
      username: { required: true, maxLength: 64 },
      password: { required: true, maxLength: 256 },
    });
    expect(contractManifest.presence!.invoke.setMine!.statusText).toEqual({ required: false, maxLength: 200 });
    expect(limitsOf(z.string().min(3).max(9).nullable().optional())).toEqual({
      required: false,
      maxLength: 9,
      minLength: 3,
    });
    expect(limitsOf(z.number())).toBeNull();
  });
});

describe('reading the browser host’s frames without zod', () => {
  const samples = [
    '{"type":"welcome"}',
    '{"type":"result","id":3,"result":{"ok":true,"value":1}}',
    '{"type":"event","channel":"tw:sync!statusChanged","payload":{"pending":1}}',
    '{"type":"refused","message":"Wrong secret"}',
    '{"type":"result","id":"3","result":1}',
    '{"type":"result","id":3}',
    '{"type":"event","payload":1}',
    '{"type":"refused"}',
    '{"type":"boom"}',
    '[1,2]',
    'null',
    'not json',
  ];
  it.each(samples)('agrees with ServerFrameSchema on %s', (text) => {
    let parsed: ReturnType<typeof ServerFrameSchema.safeParse> | null;
    try {
      parsed = ServerFrameSchema.safeParse(JSON.parse(text));
    } catch {
      parsed = null;
    }
    expect(readServerFrame(text)).toEqual(parsed?.success ? parsed.data : null);
  });
});
