import { randomBytes } from 'node:crypto';

const ID_BYTES = 9;
// randomBytes() per id costs a native call each; ids are cut from a pooled buffer of random bytes instead
const POOL_IDS = 256;
let pool = Buffer.alloc(0);
let offset = 0;

/** short random ids (base64url: letters, digits, - and _), e.g. `u_Xy3…` */
export function newId(prefix: string): string {
  if (offset + ID_BYTES > pool.length) {
    pool = randomBytes(ID_BYTES * POOL_IDS);
    offset = 0;
  }
  const id = `${prefix}_${pool.toString('base64url', offset, offset + ID_BYTES)}`;
  offset += ID_BYTES;
  return id;
}
