// Tray icons drawn in code: a filled circle in the status colour, as PNG, so no binary assets
// have to be kept in step with the status model.
import { deflateSync } from 'node:zlib';
import type { Tone } from '../../shared/domain/connectivity-tone';

export const toneColours: Record<Tone, [number, number, number]> = {
  good: [0x1f, 0x8a, 0x4c],
  warn: [0xc7, 0x7d, 0x00],
  bad: [0xc4, 0x30, 0x2b],
  unknown: [0x8a, 0x93, 0xa3],
};

const crcTable = Array.from({ length: 256 }, (_, n) => {
  let c = n;
  for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
  return c >>> 0;
});

function crc32(bytes: Buffer): number {
  let c = 0xffffffff;
  for (const b of bytes) c = crcTable[(c ^ b) & 0xff]! ^ (c >>> 8);
  return (c ^ 0xffffffff) >>> 0;
}

function chunk(type: string, data: Buffer): Buffer {
  const length = Buffer.alloc(4);
  length.writeUInt32BE(data.length);
  const body = Buffer.concat([Buffer.from(type, 'ascii'), data]);
  const crc = Buffer.alloc(4);
  crc.writeUInt32BE(crc32(body));
  return Buffer.concat([length, body, crc]);
}

/** A size×size RGBA PNG of an anti-aliased disc in the tone's colour on a transparent ground. */
export function statusIconPng(tone: Tone, size = 16): Buffer {
  const [r, g, b] = toneColours[tone];
  const raw = Buffer.alloc(size * (size * 4 + 1));
  const centre = size / 2;
  const radius = size / 2 - 1;
  for (let y = 0; y < size; y++) {
    const row = y * (size * 4 + 1);
    raw[row] = 0; // filter: none
    for (let x = 0; x < size; x++) {
      const distance = Math.hypot(x + 0.5 - centre, y + 0.5 - centre);
      const alpha = Math.max(0, Math.min(1, radius - distance + 0.5));
      raw.set([r, g, b, Math.round(alpha * 255)], row + 1 + x * 4);
    }
  }
  const header = Buffer.alloc(13);
  header.writeUInt32BE(size, 0);
  header.writeUInt32BE(size, 4);
  header.set([8, 6, 0, 0, 0], 8); // 8-bit, RGBA, deflate, no filter, no interlace
  return Buffer.concat([
    Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]),
    chunk('IHDR', header),
    chunk('IDAT', deflateSync(raw)),
    chunk('IEND', Buffer.alloc(0)),
  ]);
}
