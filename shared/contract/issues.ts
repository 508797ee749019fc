import type { z } from 'zod';
import type { FieldIssue } from './result';

/** A zod error as one sentence a person can act on: "message: Too big: expected string to have <=200 characters". */
export function describeIssues(error: z.ZodError, max = 3): string {
  const parts = error.issues.slice(0, max).map((issue) => {
    const where = issue.path.length ? issue.path.map(String).join('.') : 'request';
    return `${where}: ${issue.message}`;
  });
  const more = error.issues.length > max ? ` (and ${error.issues.length - max} more)` : '';
  return parts.join('; ') + more;
}

/**
 * The same error as data the renderer translates field by field ("The user name can have at most
 * 64 characters"), so no schema wording ever reaches a person.
 */
export function fieldIssues(error: z.ZodError): FieldIssue[] {
  return error.issues.map((issue): FieldIssue => {
    const field = issue.path.map(String).join('.') || 'request';
    const raw = issue as {
      code: string;
      origin?: string;
      maximum?: number | bigint;
      minimum?: number | bigint;
      message: string;
    };
    const limit = (n: number | bigint | undefined) => (n === undefined ? {} : { limit: Number(n) });
    const textual = raw.origin === 'string' || raw.origin === 'array' || raw.origin === 'set';
    // zod leaves the input out of its issues; its message names what it received.
    if (raw.code === 'invalid_type' && /received undefined$/.test(raw.message)) return { field, problem: 'required' };
    if (raw.code === 'too_big') return { field, problem: textual ? 'too-long' : 'too-big', ...limit(raw.maximum) };
    if (raw.code === 'too_small') {
      if (textual && Number(raw.minimum) === 1) return { field, problem: 'required' };
      return { field, problem: textual ? 'too-short' : 'too-small', ...limit(raw.minimum) };
    }
    return { field, problem: 'invalid' };
  });
}
