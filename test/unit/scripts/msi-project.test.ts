// The MSI hook on electron-builder's own WiX template: IT's OFFICE_URL property becomes a registry
// policy value the app reads (HKLM\Software\Policies\Teleworker); no AUTO_UPDATES (a per-machine
// install leaves updates to IT by itself); %ProgramData%\Teleworker is created admin-writable only.
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
    expect(product).not.toContain('AUTO_UPDATES');
    expect(product).not.toContain('updatesEnabled');
    expect(product).toMatch(
      /<Condition><!\[CDATA\[OFFICE_URL\]\]><\/Condition>\s*<RegistryValue Root="HKLM" Key="Software\\Policies\\Teleworker" Name="officeUrl" Type="string" Value="\[OFFICE_URL\]"/,
    );
    // the policy folder: protected DACL, Administrators own it, Users may only read; kept on uninstall
    expect(product).toMatch(
      /<Directory Id="CommonAppDataFolder">\s*<Directory Id="TeleworkerProgramData" Name="Teleworker">\s*<Component Id="TeleworkerProgramDataFolder" Guid="\{[0-9A-F-]{36}\}" Permanent="yes">\s*<CreateFolder>\s*<PermissionEx Sddl="O:BAG:SYD:PAI\(A;OICI;FA;;;BA\)\(A;OICI;FA;;;SY\)\(A;OICI;0x1200a9;;;BU\)"\/>/,
    );
    expect(product).toContain('<ComponentRef Id="TeleworkerProgramDataFolder"/>');
    expect(addPolicy(wxs)).toBe(wxs);
    expect(() => addPolicy('<Wix></Wix>')).toThrow(/no <\/Product>/);
  });
});
