; Included by electron-builder's NSIS installer (electron-builder.yml: nsis.include).
; IT's silent roll-out:  AgentWorkstation-Setup-<version>.exe /S /allusers /SEATFILE=\\share\seats\BJ01-07.json
; copies that seat file to %ProgramData%\AgentWorkstation\seat.json, the machine-wide file the app
; reads (main/services/seatProvisioning.ts). Without /SEATFILE an existing seat file is kept.
!macro customInstall
  ${GetParameters} $R0
  ClearErrors
  ${GetOptions} $R0 "/SEATFILE=" $R1
  ${IfNot} ${Errors}
    SetShellVarContext all
    CreateDirectory "$APPDATA\AgentWorkstation"
    CopyFiles /SILENT "$R1" "$APPDATA\AgentWorkstation\seat.json"
    ${If} ${Errors}
      DetailPrint "Agent Workstation: the seat file $R1 could not be copied"
      SetErrorLevel 2
    ${EndIf}
  ${EndIf}
!macroend
