import { brotliDecompressSync, gunzipSync } from 'node:zlib';
import { describe, expect, it } from 'vitest';
import {
  chooseEncoding,
  compress,
  compressSync,
  isCompressible,
  isHashedAsset,
  precompressedPath,
} from '../../../electron/services/static-assets';

describe('static assets', () => {
  it('knows a content-hashed build output from every other file', () => {
    expect(isHashedAsset('assets/index-C1aUOY7V.js')).toBe(true);
    expect(isHashedAsset('assets/vendor-react-Dct_BZR-.js')).toBe(true);
    expect(isHashedAsset('assets\\index-Cc66Y99N.css')).toBe(true);
    expect(isHashedAsset('index.html')).toBe(false);
    expect(isHashedAsset('icon.svg')).toBe(false);
    expect(isHashedAsset('assets/index.js')).toBe(false);
    expect(isHashedAsset('assets/index-C1aUOY7V.js.br')).toBe(false);
    expect(isHashedAsset('assets/sub/index-C1aUOY7V.js')).toBe(false);
    expect(isHashedAsset('other/index-C1aUOY7V.js')).toBe(false);
  });

  it.each([
    [undefined, null],
    ['', null],
    ['identity', null],
    ['gzip, deflate, br, zstd', 'br'],
    ['gzip', 'gzip'],
    ['x-gzip', 'gzip'],
    ['br;q=0, gzip;q=0.5', 'gzip'],
    ['BR;Q=0.1', 'br'],
    ['*', 'br'],
    ['*;q=0', null],
    ['br;q=0, *', 'gzip'],
    ['gzip;q=0, *;q=0', null],
  ] as const)('Accept-Encoding %j → %j', (header, expected) => {
    expect(chooseEncoding(header)).toBe(expected);
  });

  it('compresses text both ways, sync and off the loop, to bytes that decode to the input', async () => {
    const text = Buffer.from('const teleworker = "home";\n'.repeat(200));
    expect(brotliDecompressSync(compressSync(text, 'br')).equals(text)).toBe(true);
    expect(gunzipSync(compressSync(text, 'gzip')).equals(text)).toBe(true);
    expect(brotliDecompressSync(await compress(text, 'br')).equals(text)).toBe(true);
    expect(gunzipSync(await compress(text, 'gzip')).equals(text)).toBe(true);
    expect(
      isCompressible('a.js') && isCompressible('a.css') && !isCompressible('a.png') && !isCompressible('a.woff2'),
    ).toBe(true);
    expect(precompressedPath('/r/assets/a-12345678.js', 'br')).toBe('/r/assets/a-12345678.js.br');
    expect(precompressedPath('/r/assets/a-12345678.js', 'gzip')).toBe('/r/assets/a-12345678.js.gz');
  });
});
