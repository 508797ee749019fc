// electron-builder msiProjectCreated hook: adds IT's install-time properties to the WiX project.
//   msiexec /i Teleworker.msi /qn OFFICE_URL=https://office.bank.example:8443
// writes the office address where the app reads machine policy (HKLM\Software\Policies\Teleworker,
// value officeUrl), so the sign-in screen is filled in and locked. AUTO_UPDATES (default 0) is
// written as updatesEnabled: an MSI install is updated by IT's deployment tool (Intune, GPO, SCCM),
// not by the app, unless IT passes AUTO_UPDATES=1. Uninstalling removes both values.
const { readFileSync, writeFileSync } = require('node:fs');

// Stable component ids: Windows Installer tracks the registry values across upgrades by them.
const OFFICE_URL_GUID = '{6F0C3E52-2D7B-4C35-9C59-5A4C8E7B1D21}';
const AUTO_UPDATES_GUID = '{0B7B0E6A-8C1F-4E0A-A6B2-3E9F4D5C7A18}';

const POLICY_XML = `
    <!-- Teleworker: install-time policy (scripts/msi-project-created.cjs) -->
    <Property Id="OFFICE_URL" Secure="yes"/>
    <Property Id="AUTO_UPDATES" Secure="yes" Value="0"/>
    <DirectoryRef Id="APPLICATIONFOLDER">
      <Component Id="TeleworkerOfficeUrlPolicy" Guid="${OFFICE_URL_GUID}">
        <Condition><![CDATA[OFFICE_URL]]></Condition>
        <RegistryValue Root="HKLM" Key="Software\\Policies\\Teleworker" Name="officeUrl" Type="string" Value="[OFFICE_URL]" KeyPath="yes"/>
      </Component>
      <Component Id="TeleworkerUpdatesPolicy" Guid="${AUTO_UPDATES_GUID}">
        <RegistryValue Root="HKLM" Key="Software\\Policies\\Teleworker" Name="updatesEnabled" Type="integer" Value="[AUTO_UPDATES]" KeyPath="yes"/>
      </Component>
    </DirectoryRef>
    <Feature Id="TeleworkerPolicy" Level="1" Absent="disallow">
      <ComponentRef Id="TeleworkerOfficeUrlPolicy"/>
      <ComponentRef Id="TeleworkerUpdatesPolicy"/>
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
