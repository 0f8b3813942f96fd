; PortDoctor NSIS include (electron-builder `nsis.include`).
; The installer is per-machine and elevated; on uninstall, keep the audit log in %ProgramData%\PortDoctor
; (an administrator's record of firewall changes) and tell the user where it is.
!macro customUnInstall
  DetailPrint "PortDoctor's audit log is kept in $COMMONAPPDATA\PortDoctor (remove it by hand if no longer needed)."
!macroend
