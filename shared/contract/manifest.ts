// What the renderer needs to know of the contract at run time — its channel names and the limits
// of its text fields — as plain data, so the renderer's bundle does not carry zod (a quarter of its
// size). It is derived from `contract` by `buildManifest` and committed as manifest.generated.ts;
// test/unit/shared/manifest.test.ts fails when the two differ (`npm run contract:manifest`
// writes it again). Types still come from `contract` itself (type-only imports cost nothing).
import type { z } from 'zod';
import type { ContractShape } from './define';

/** The attributes an <input> gets from its contract schema. */
export interface InputLimits {
  required: boolean;
  maxLength?: number;
  minLength?: number;
}

export interface ManifestArea {
  /** per invoke channel: the limits of each top-level text field of its request */
  invoke: Record<string, Record<string, InputLimits>>;
  events: Record<string, true>;
}
export type ContractManifest = Record<string, ManifestArea>;

/** The limits a string schema declares; optional and nullable wrappers keep the inner limits. */
export function limitsOf(schema: z.ZodType): InputLimits | null {
  const optional = schema.safeParse(undefined).success;
  let inner = schema as unknown as {
    unwrap?: () => unknown;
    maxLength?: number | null;
    minLength?: number | null;
    def?: { type?: string };
  };
  while (typeof inner.unwrap === 'function' && inner.def?.type !== 'string') inner = inner.unwrap() as typeof inner;
  if (inner.def?.type !== 'string') return null;
  const out: InputLimits = { required: !optional && (inner.minLength ?? 0) >= 1 };
  if (typeof inner.maxLength === 'number') out.maxLength = inner.maxLength;
  if (typeof inner.minLength === 'number' && inner.minLength > 1) out.minLength = inner.minLength;
  return out;
}

export function buildManifest(contract: ContractShape): ContractManifest {
  const manifest: ContractManifest = {};
  for (const [area, spec] of Object.entries(contract)) {
    const invoke: ManifestArea['invoke'] = {};
    for (const [name, channel] of Object.entries(spec.invoke)) {
      const fields: Record<string, InputLimits> = {};
      const shape = (channel.request as unknown as { shape?: Record<string, z.ZodType> }).shape;
      for (const [field, schema] of Object.entries(shape ?? {})) {
        const limits = limitsOf(schema);
        if (limits) fields[field] = limits;
      }
      invoke[name] = fields;
    }
    manifest[area] = { invoke, events: Object.fromEntries(Object.keys(spec.events).map((e) => [e, true as const])) };
  }
  return manifest;
}

export function renderManifest(manifest: ContractManifest): string {
  return [
    '// Generated from shared/contract by `npm run contract:manifest`; do not edit. A unit test fails',
    '// when it no longer matches the contract.',
    "import type { ContractManifest } from './manifest';",
    '',
    `export const contractManifest: ContractManifest = ${JSON.stringify(manifest, null, 2)};`,
    '',
  ].join('\n');
}
