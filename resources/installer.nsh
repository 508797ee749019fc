; Included by electron-builder's NSIS installer (electron-builder.yml nsis.include).
; %ProgramData%\Teleworker holds machine policy (policy.json) and the Windows VPN hook IT imports.
; By default any user may create files under %ProgramData%, so a user could plant a policy for
; everyone: the folder is made writable by administrators only (owner Administrators, inheritance
; cut, full control for Administrators and SYSTEM, read and execute for Users; SIDs, so a localised
; Windows reads them the same), and the hook scripts are copied there. Only the folder is given to
; Administrators: a policy.json a user planted before keeps its owner, so the app still ignores it.
; The uninstaller leaves the folder alone: it is IT's.

!macro customInstall
  ReadEnvStr $R0 ProgramData
  StrCmp $R0 "" teleworker_programdata_done
  CreateDirectory "$R0\Teleworker\vpn-hooks"
  nsExec::ExecToLog '"$SYSDIR\icacls.exe" "$R0\Teleworker" /setowner *S-1-5-32-544 /C /Q'
  Pop $R1
  nsExec::ExecToLog '"$SYSDIR\icacls.exe" "$R0\Teleworker" /inheritance:r /grant:r *S-1-5-32-544:(OI)(CI)F *S-1-5-18:(OI)(CI)F *S-1-5-32-545:(OI)(CI)RX /T /C /Q'
  Pop $R1
  CopyFiles /SILENT "$INSTDIR\resources\vpn-hooks\windows-vpn-event.ps1" "$R0\Teleworker\vpn-hooks"
  CopyFiles /SILENT "$INSTDIR\resources\vpn-hooks\windows-vpn-task.xml" "$R0\Teleworker\vpn-hooks"
  teleworker_programdata_done:
!macroend
