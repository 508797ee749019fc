import { contractManifest } from '../../shared/contract/manifest.generated';
import type { InputLimits } from '../../shared/contract/manifest';

export type { InputLimits } from '../../shared/contract/manifest';

/**
 * The attributes an <input> gets from its contract schema, so the limits are written once (in
 * shared/contract) and most refusals never happen: `<input {...inputLimits('account', 'signIn', 'username')} />`.
 * They come from the contract's manifest (plain data), so the renderer does not carry zod.
 */
export function inputLimits(area: string, channel: string, field: string): InputLimits {
  const limits = contractManifest[area]?.invoke[channel]?.[field];
  if (!limits) throw new Error(`The contract has no text field ${area}.${channel}.${field}.`);
  return limits;
}
