// electron-builder msiProjectCreated hook: adds IT's install-time property and the policy folder to
// the WiX project.
//   msiexec /i Teleworker.msi /qn OFFICE_URL=https://office.bank.example:8443
// writes the office address where the app reads machine policy (HKLM\Software\Policies\Teleworker,
// value officeUrl), so the sign-in screen is filled in and locked. Uninstalling removes it; an
// upgrade removes it too unless OFFICE_URL is given again (docs/deploying.md).
// An MSI install is per-machine, so the app leaves updates to IT's deployment tool unless policy
// turns them on (electron/services/install-scope.ts): there is no AUTO_UPDATES property.
// %ProgramData%\Teleworker (policy.json, the Windows VPN hook) is created writable by
// administrators only (a protected DACL in SDDL: full control for Administrators and SYSTEM, read
// and execute for Users, owner Administrators), and kept on uninstall.
const { readFileSync, writeFileSync } = require('node:fs');

// Stable component ids: Windows Installer tracks the registry values across upgrades by them.
const OFFICE_URL_GUID = '{6F0C3E52-2D7B-4C35-9C59-5A4C8E7B1D21}';
const PROGRAM_DATA_GUID = '{3C9A6E21-7B4D-4F18-8E2A-51D0B7C4A963}';
const PROGRAM_DATA_SDDL = 'O:BAG:SYD:PAI(A;OICI;FA;;;BA)(A;OICI;FA;;;SY)(A;OICI;0x1200a9;;;BU)';

const POLICY_XML = `
    <!-- Teleworker: install-time policy and the policy folder (scripts/msi-project-created.cjs) -->
    <Property Id="OFFICE_URL" Secure="yes"/>
    <DirectoryRef Id="APPLICATIONFOLDER">
      <Component Id="TeleworkerOfficeUrlPolicy" Guid="${OFFICE_URL_GUID}">
        <Condition><![CDATA[OFFICE_URL]]></Condition>
        <RegistryValue Root="HKLM" Key="Software\\Policies\\Teleworker" Name="officeUrl" Type="string" Value="[OFFICE_URL]" KeyPath="yes"/>
      </Component>
    </DirectoryRef>
    <DirectoryRef Id="TARGETDIR">
      <Directory Id="CommonAppDataFolder">
        <Directory Id="TeleworkerProgramData" Name="Teleworker">
          <Component Id="TeleworkerProgramDataFolder" Guid="${PROGRAM_DATA_GUID}" Permanent="yes">
            <CreateFolder>
              <PermissionEx Sddl="${PROGRAM_DATA_SDDL}"/>
            </CreateFolder>
          </Component>
        </Directory>
      </Directory>
    </DirectoryRef>
    <Feature Id="TeleworkerPolicy" Level="1" Absent="disallow">
      <ComponentRef Id="TeleworkerOfficeUrlPolicy"/>
      <ComponentRef Id="TeleworkerProgramDataFolder"/>
    </Feature>
`;

function addPolicy(wxs) {
  if (wxs.includes('TeleworkerOfficeUrlPolicy')) return wxs;
  const at = wxs.lastIndexOf('</Product>');
  if (at < 0)
    throw new Error(
      'msiProjectCreated: the WiX project has no </Product> element; electron-builder changed its template',
    );
  return `${wxs.slice(0, at)}${POLICY_XML}  ${wxs.slice(at)}`;
}

exports.addPolicy = addPolicy;
exports.default = async function msiProjectCreated(projectFile) {
  writeFileSync(projectFile, addPolicy(readFileSync(projectFile, 'utf8')));
};
