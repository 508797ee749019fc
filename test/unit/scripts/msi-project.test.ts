// The MSI hook on electron-builder's own WiX template: IT's OFFICE_URL and AUTO_UPDATES properties
// become registry policy values the app reads (HKLM\Software\Policies\Teleworker).
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { describe, expect, it } from 'vitest';

const require = createRequire(import.meta.url);
const { addPolicy } = require('../../../scripts/msi-project-created.cjs') as { addPolicy(wxs: string): string };
const builderRequire = createRequire(require.resolve('electron-builder/package.json'));
const template = readFileSync(
  join(dirname(builderRequire.resolve('app-builder-lib/package.json')), 'templates/msi/template.xml'),
  'utf8',
);

describe('MSI project hook', () => {
  it('adds the properties and the registry values inside the product, once', () => {
    const wxs = addPolicy(template);
    const product = wxs.slice(wxs.indexOf('<Product'), wxs.lastIndexOf('</Product>'));
    expect(product).toContain('<Property Id="OFFICE_URL" Secure="yes"/>');
    expect(product).toContain('<Property Id="AUTO_UPDATES" Secure="yes" Value="0"/>');
    expect(product).toMatch(
      /<Condition><!\[CDATA\[OFFICE_URL\]\]><\/Condition>\s*<RegistryValue Root="HKLM" Key="Software\\Policies\\Teleworker" Name="officeUrl" Type="string" Value="\[OFFICE_URL\]"/,
    );
    expect(product).toMatch(/Name="updatesEnabled" Type="integer" Value="\[AUTO_UPDATES\]"/);
    expect(addPolicy(wxs)).toBe(wxs);
    expect(() => addPolicy('<Wix></Wix>')).toThrow(/no <\/Product>/);
  });
});
