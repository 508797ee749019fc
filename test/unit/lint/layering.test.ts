// The layering table of DESIGN.md lives in eslint.config.js; this proves the rules bite.
import { ESLint } from 'eslint';
import { describe, expect, it } from 'vitest';

const eslint = new ESLint({ cwd: new URL('../../..', import.meta.url).pathname });

async function layeringErrors(filePath: string, code: string): Promise<string[]> {
  const [result] = await eslint.lintText(code, { filePath });
  return result!.messages.filter((m) => m.ruleId === 'no-restricted-imports').map((m) => m.message);
}

describe('layering enforced by ESLint', () => {
  it.each([
    ['renderer/status/x.ts', "import { app } from 'electron';\nexport const a = app;\n"],
    ['renderer/status/x.ts', "import { readFileSync } from 'node:fs';\nexport const a = readFileSync;\n"],
    ['renderer/status/x.ts', "import { readFileSync } from 'fs';\nexport const a = readFileSync;\n"],
    ['renderer/status/x.ts', "import { createCore } from '../../electron/services/core';\nexport const a = createCore;\n"],
    ['shared/contract/x.ts', "import { join } from 'node:path';\nexport const a = join;\n"],
    ['shared/contract/x.ts', "import { useState } from 'react';\nexport const a = useState;\n"],
    ['electron/services/x.ts', "import { app } from 'electron';\nexport const a = app;\n"],
    ['electron/services/x.ts', "import { App } from '../../renderer/app/App';\nexport const a = App;\n"],
    ['electron/app/x.ts', "import { App } from '../../renderer/app/App';\nexport const a = App;\n"],
    ['office-server/x.ts', "import { createCore } from '../electron/services/core';\nexport const a = createCore;\n"],
  ])('%s may not: %s', async (file, code) => {
    expect(await layeringErrors(file, code)).toHaveLength(1);
  });

  it.each([
    ['renderer/status/x.ts', "import { z } from 'zod';\nimport { contract } from '../../shared/contract';\nexport const a = [z, contract];\n"],
    ['electron/services/x.ts', "import { join } from 'node:path';\nimport { contract } from '../../shared/contract';\nexport const a = [join, contract];\n"],
    ['electron/app/x.ts', "import { app } from 'electron';\nexport const a = app;\n"],
  ])('%s may: %s', async (file, code) => {
    expect(await layeringErrors(file, code)).toEqual([]);
  });
});
