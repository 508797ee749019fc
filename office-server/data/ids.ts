import { randomBytes } from 'node:crypto';

/** short random ids (base64url: letters, digits, - and _), e.g. `u_Xy3…` */
export function newId(prefix: string): string {
  return `${prefix}_${randomBytes(9).toString('base64url')}`;
}
