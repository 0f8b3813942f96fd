; PortDoctor NSIS include (electron-builder `nsis.include`). The installer is per-machine and elevated.
;
; The CLI: electron-builder copies release/portdoctor-win-x64.exe to $INSTDIR\bin\portdoctor.exe (win.extraFiles);
; that folder holds only the CLI, so putting it on PATH adds nothing else. The installer offers to add it to the
; system PATH (default yes). Silent installs (/S) add it too, unless the command line has /NOPATH.
; The PATH is edited by resources\path-env.ps1 (PowerShell holds the string: NSIS strings would truncate a long PATH),
; and the folder we added is recorded in HKLM\Software\PortDoctor CliPathEntry; the uninstaller removes exactly that
; entry, and only if we added it (not on an update, when electron-builder runs the old uninstaller first).
;
; On uninstall, the audit log in %ProgramData%\PortDoctor (an administrator's record of firewall changes) is kept.
!include WinMessages.nsh

!define PD_KEY "Software\PortDoctor"
!define PD_PS '"$WINDIR\System32\WindowsPowerShell\v1.0\powershell.exe" -NoProfile -NonInteractive -ExecutionPolicy Bypass -File'

!macro customInstall
  ${GetParameters} $R0
  ClearErrors
  ${GetOptions} $R0 "/NOPATH" $R1
  ${IfNot} ${Errors}
    DetailPrint "PortDoctor CLI: $INSTDIR\bin\portdoctor.exe (not added to PATH: /NOPATH)"
  ${Else}
    ReadRegStr $R2 HKLM "${PD_KEY}" "CliPathEntry"
    ${If} $R2 == "$INSTDIR\bin"
      DetailPrint "PortDoctor CLI: $INSTDIR\bin is on the system PATH (added by an earlier install)"
    ${Else}
      MessageBox MB_YESNO|MB_ICONQUESTION "Add the PortDoctor command-line tool to the system PATH?$\r$\n$\r$\n$INSTDIR\bin\portdoctor.exe - then 'portdoctor check 3389' works in any new elevated prompt.$\r$\nThe uninstaller removes it from PATH again." /SD IDYES IDNO pd_no_path
        nsExec::ExecToLog '${PD_PS} "$INSTDIR\resources\path-env.ps1" add "$INSTDIR\bin"'
        Pop $R3
        ${If} $R3 == 0
          WriteRegStr HKLM "${PD_KEY}" "CliPathEntry" "$INSTDIR\bin"
          SendMessage ${HWND_BROADCAST} ${WM_SETTINGCHANGE} 0 "STR:Environment" /TIMEOUT=5000
        ${ElseIf} $R3 == 3
          DetailPrint "PortDoctor CLI: $INSTDIR\bin was already on the system PATH; left as it is"
        ${Else}
          DetailPrint "PortDoctor CLI: the system PATH was not changed ($R3)"
          MessageBox MB_OK|MB_ICONEXCLAMATION "The system PATH was not changed (code $R3). The command-line tool is $INSTDIR\bin\portdoctor.exe." /SD IDOK
        ${EndIf}
      pd_no_path:
    ${EndIf}
  ${EndIf}
!macroend

!macro customUnInstall
  ${IfNot} ${isUpdated}
    ReadRegStr $R0 HKLM "${PD_KEY}" "CliPathEntry"
    ${If} $R0 != ""
      nsExec::ExecToLog '${PD_PS} "$INSTDIR\resources\path-env.ps1" remove "$R0"'
      Pop $R1
      ${If} $R1 == 0
        SendMessage ${HWND_BROADCAST} ${WM_SETTINGCHANGE} 0 "STR:Environment" /TIMEOUT=5000
      ${EndIf}
      DeleteRegValue HKLM "${PD_KEY}" "CliPathEntry"
      DeleteRegKey /ifempty HKLM "${PD_KEY}"
    ${EndIf}
  ${EndIf}
  DetailPrint "PortDoctor's audit log is kept in %ProgramData%\PortDoctor (remove it by hand if no longer needed)."
!macroend
