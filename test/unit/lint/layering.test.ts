// The layering table (docs/architecture.md) lives in eslint.config.js; this proves the rules bite.
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
    [
      'renderer/status/x.ts',
      "import { composeCore } from '../../electron/services/core';\nexport const a = composeCore;\n",
    ],
    ['shared/contract/x.ts', "import { join } from 'node:path';\nexport const a = join;\n"],
    ['shared/contract/x.ts', "import { useState } from 'react';\nexport const a = useState;\n"],
    ['electron/services/x.ts', "import { app } from 'electron';\nexport const a = app;\n"],
    ['electron/services/x.ts', "import { App } from '../../renderer/app/App';\nexport const a = App;\n"],
    ['electron/app/x.ts', "import { App } from '../../renderer/app/App';\nexport const a = App;\n"],
    ['office-server/x.ts', "import { composeCore } from '../electron/services/core';\nexport const a = composeCore;\n"],
    // the demo office is the hosts' business: services never carry the server
    [
      'electron/services/x.ts',
      "import { startOfficeServer } from '../../office-server/server';\nexport const a = startOfficeServer;\n",
    ],
    [
      'electron/services/office/x.ts',
      "import { startDemoOffice } from '../../browser-host/demo-office';\nexport const a = startDemoOffice;\n",
    ],
    // the browser host exists where Electron cannot run
    ['electron/browser-host/x.ts', "import { app } from 'electron';\nexport const a = app;\n"],
    ['electron/browser-host/x.ts', "import { startApp } from '../app/bootstrap';\nexport const a = startApp;\n"],
    // the Electron shell never bundles the office server
    [
      'electron/main.ts',
      "import { startOfficeServer } from '../office-server/server';\nexport const a = startOfficeServer;\n",
    ],
  ])('%s may not: %s', async (file, code) => {
    expect(await layeringErrors(file, code)).toHaveLength(1);
  });

  it.each([
    [
      'renderer/status/x.ts',
      "import { z } from 'zod';\nimport { contract } from '../../shared/contract';\nexport const a = [z, contract];\n",
    ],
    [
      'electron/services/x.ts',
      "import { join } from 'node:path';\nimport { contract } from '../../shared/contract';\nexport const a = [join, contract];\n",
    ],
    ['electron/app/x.ts', "import { app } from 'electron';\nexport const a = app;\n"],
    [
      'electron/browser-host/x.ts',
      "import { startOfficeServer } from '../../office-server/server';\nimport { composeCore } from '../services/core';\nexport const a = [startOfficeServer, composeCore];\n",
    ],
  ])('%s may: %s', async (file, code) => {
    expect(await layeringErrors(file, code)).toEqual([]);
  });
});
