import type { z } from 'zod';

export interface InputLimits {
  required: boolean;
  maxLength?: number;
  minLength?: number;
}

/**
 * The attributes an <input> gets from its contract schema, so the limits are written once (in
 * shared/contract) and most refusals never happen: `<input {...inputLimits(shape.username)} />`.
 */
export function inputLimits(schema: z.ZodType): InputLimits {
  const optional = schema.safeParse(undefined).success;
  // z.string().max(200).optional() keeps its limits on the wrapped schema.
  const unwrap = (schema as { unwrap?: () => z.ZodType }).unwrap;
  const inner = typeof unwrap === 'function' ? unwrap.call(schema) : schema;
  const string = inner as unknown as { maxLength?: number | null; minLength?: number | null };
  const out: InputLimits = { required: !optional && (string.minLength ?? 0) >= 1 };
  if (typeof string.maxLength === 'number') out.maxLength = string.maxLength;
  if (typeof string.minLength === 'number' && string.minLength > 1) out.minLength = string.minLength;
  return out;
}
