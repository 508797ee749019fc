// npm run contract:manifest — writes shared/contract/manifest.generated.ts from the contract.
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { contract } from '../shared/contract';
import { buildManifest, renderManifest } from '../shared/contract/manifest';

const file = join(import.meta.dirname, '../shared/contract/manifest.generated.ts');
writeFileSync(file, renderManifest(buildManifest(contract)));
console.log(`wrote ${file}`);
