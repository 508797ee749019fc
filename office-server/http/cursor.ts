import { badRequest } from './errors';

/** Opaque paging cursors: the client passes `next` back unchanged. */
export function encodeCursor(seq: number): string {
  return Buffer.from(JSON.stringify({ s: seq })).toString('base64url');
}

export function decodeCursor(cursor: string | undefined): number | undefined {
  if (cursor === undefined) return undefined;
  try {
    const v = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8')) as { s?: unknown };
    if (typeof v.s === 'number' && Number.isSafeInteger(v.s) && v.s > 0) return v.s;
  } catch {
    // fall through
  }
  throw badRequest('cursor is not one this server issued');
}

/** pages are fetched with limit+1 rows to know whether another page exists */
export function pageOf<T extends { seq: number }>(rows: T[], limit: number): { rows: T[]; next: string | null } {
  if (rows.length <= limit) return { rows, next: null };
  const kept = rows.slice(0, limit);
  const last = kept[kept.length - 1];
  return { rows: kept, next: last ? encodeCursor(last.seq) : null };
}
