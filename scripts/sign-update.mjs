#!/usr/bin/env node
// Signs a release's update files for the office server's /updates/ feed: beside each file it writes
// <file>.sig, the base64 ed25519 signature over the file's bytes, which the app checks against the
// public key built into it (resources/update-signing-key.pem) before it installs anything.
//
//   node scripts/sign-update.mjs --key /secure/update-signing-private-key.pem release/*.exe release/*.rpm …
//   TELEWORKER_UPDATE_SIGNING_KEY=/secure/key.pem node scripts/sign-update.mjs release/…
//   node scripts/sign-update.mjs --new-key DIR     (once: a key pair; the private half stays with IT)
//
// The private key is read from the path given, never from the repository; docs/deploying.md says how.
import { createPrivateKey, createPublicKey, generateKeyPairSync, sign } from 'node:crypto';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

const USAGE = `usage: sign-update.mjs [--key PRIVATE_KEY.pem] FILE...   (or TELEWORKER_UPDATE_SIGNING_KEY=PATH)
       sign-update.mjs --new-key DIR`;

function fail(message) {
  process.stderr.write(`sign-update: ${message}\n`);
  process.exit(2);
}

const args = process.argv.slice(2);
if (args.length === 0 || args.includes('--help')) {
  process.stdout.write(`${USAGE}\n`);
  process.exit(args.length === 0 ? 2 : 0);
}

if (args[0] === '--new-key') {
  const dir = args[1];
  if (!dir || args.length !== 2) fail(USAGE);
  const privatePath = join(dir, 'update-signing-private-key.pem');
  const publicPath = join(dir, 'update-signing-key.pem');
  if (existsSync(privatePath) || existsSync(publicPath)) fail(`${dir} already holds a key; not overwriting it`);
  const { privateKey, publicKey } = generateKeyPairSync('ed25519');
  writeFileSync(privatePath, privateKey.export({ type: 'pkcs8', format: 'pem' }), { mode: 0o600, flag: 'wx' });
  writeFileSync(publicPath, publicKey.export({ type: 'spki', format: 'pem' }), { mode: 0o644, flag: 'wx' });
  process.stdout.write(`private key (keep it off the build machine's disk when not signing): ${privatePath}\n`);
  process.stdout.write(`public key (copy to resources/update-signing-key.pem before building): ${publicPath}\n`);
  process.exit(0);
}

let keyPath = process.env.TELEWORKER_UPDATE_SIGNING_KEY ?? null;
const files = [];
for (let i = 0; i < args.length; i++) {
  if (args[i] === '--key') {
    keyPath = args[++i] ?? fail('--key needs a path');
  } else if (args[i].startsWith('--')) {
    fail(`unknown option ${args[i]}\n${USAGE}`);
  } else {
    files.push(args[i]);
  }
}
if (!keyPath) fail(`no private key: pass --key PATH or set TELEWORKER_UPDATE_SIGNING_KEY\n${USAGE}`);
if (files.length === 0) fail(`no files to sign\n${USAGE}`);

let key;
try {
  key = createPrivateKey(readFileSync(keyPath));
} catch (error) {
  fail(`cannot read the private key ${keyPath}: ${error.message}`);
}
if (key.asymmetricKeyType !== 'ed25519') fail(`${keyPath} is a ${key.asymmetricKeyType} key, not ed25519`);
const publicPem = createPublicKey(key).export({ type: 'spki', format: 'pem' });

for (const file of files) {
  if (file.endsWith('.sig') || file.endsWith('.yml') || file.endsWith('.blockmap')) continue;
  let bytes;
  try {
    bytes = readFileSync(file);
  } catch (error) {
    fail(`cannot read ${file}: ${error.message}`);
  }
  const signature = sign(null, bytes, key).toString('base64');
  writeFileSync(`${file}.sig`, `${signature}\n`);
  process.stdout.write(`signed ${file} → ${file}.sig\n`);
}
process.stdout.write(`the app must carry this public key (resources/update-signing-key.pem):\n${publicPem}`);
