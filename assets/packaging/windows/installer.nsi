; Marginalia's Windows installer, built on Linux by `make package` with makensis:
;   makensis -DVERSION=0.1.0 -DSRC=dist/windows -DOUT=dist/Marginalia-Setup-0.1.0.exe installer.nsi
; Per user (no administrator rights), into %LOCALAPPDATA%\Programs\Marginalia. /S installs silently
; with the defaults (Start menu, CLI on PATH, .qdb association; no desktop shortcut unless /DESKTOP).
; The uninstaller removes what this installed and never projects or preferences.
Target amd64-unicode  ; a 64-bit installer for the 64-bit program (and Wine without 32-bit support)
SetCompressor /SOLID lzma
!include "MUI2.nsh"
!include "WordFunc.nsh"
!include "FileFunc.nsh"

!define APP "Marginalia"
!define UNINST_KEY "Software\Microsoft\Windows\CurrentVersion\Uninstall\Marginalia"
!define PROGID "Marginalia.Project"

Name "${APP} ${VERSION}"
OutFile "${OUT}"
RequestExecutionLevel user
InstallDir "$LOCALAPPDATA\Programs\Marginalia"
InstallDirRegKey HKCU "${UNINST_KEY}" "InstallLocation"
BrandingText "${APP} ${VERSION}"
VIProductVersion "${VERSION}.0"
VIAddVersionKey "ProductName" "${APP}"
VIAddVersionKey "ProductVersion" "${VERSION}"
VIAddVersionKey "FileVersion" "${VERSION}"
VIAddVersionKey "FileDescription" "${APP} installer"
VIAddVersionKey "CompanyName" "The Marginalia developers"
VIAddVersionKey "LegalCopyright" "The Marginalia developers"

!define MUI_ICON "${SRC}\marginalia.ico"
!define MUI_UNICON "${SRC}\marginalia.ico"
!define MUI_FINISHPAGE_RUN "$INSTDIR\marginalia.exe"
!define MUI_FINISHPAGE_RUN_TEXT "Open Marginalia"
!insertmacro MUI_PAGE_LICENSE "${SRC}\THIRD_PARTY_LICENSES.txt"
!insertmacro MUI_PAGE_COMPONENTS
!insertmacro MUI_PAGE_DIRECTORY
!insertmacro MUI_PAGE_INSTFILES
!insertmacro MUI_PAGE_FINISH
!insertmacro MUI_UNPAGE_CONFIRM
!insertmacro MUI_UNPAGE_INSTFILES
!insertmacro MUI_LANGUAGE "English"

Section "Marginalia (required)" SecMain
  SectionIn RO
  SetShellVarContext current
  SetOutPath "$INSTDIR"
  File "${SRC}\marginalia.exe"
  File "${SRC}\marginalia.com"
  File "${SRC}\marginalia.ico"
  File "${SRC}\THIRD_PARTY_LICENSES.txt"
  WriteUninstaller "$INSTDIR\uninstall.exe"
  CreateShortcut "$SMPROGRAMS\Marginalia.lnk" "$INSTDIR\marginalia.exe" "" "$INSTDIR\marginalia.ico"
  ; Double-clicking a project file opens it.
  WriteRegStr HKCU "Software\Classes\.qdb" "" "${PROGID}"
  WriteRegStr HKCU "Software\Classes\${PROGID}" "" "Marginalia project"
  WriteRegStr HKCU "Software\Classes\${PROGID}\DefaultIcon" "" "$INSTDIR\marginalia.ico"
  WriteRegStr HKCU "Software\Classes\${PROGID}\shell\open\command" "" '"$INSTDIR\marginalia.exe" "%1"'
  System::Call 'shell32::SHChangeNotify(i 0x08000000, i 0, p 0, p 0)'
  ; Settings → Apps.
  WriteRegStr HKCU "${UNINST_KEY}" "DisplayName" "${APP}"
  WriteRegStr HKCU "${UNINST_KEY}" "DisplayVersion" "${VERSION}"
  WriteRegStr HKCU "${UNINST_KEY}" "Publisher" "The Marginalia developers"
  WriteRegStr HKCU "${UNINST_KEY}" "DisplayIcon" "$INSTDIR\marginalia.ico"
  WriteRegStr HKCU "${UNINST_KEY}" "InstallLocation" "$INSTDIR"
  WriteRegStr HKCU "${UNINST_KEY}" "UninstallString" '"$INSTDIR\uninstall.exe"'
  WriteRegStr HKCU "${UNINST_KEY}" "QuietUninstallString" '"$INSTDIR\uninstall.exe" /S'
  WriteRegDWORD HKCU "${UNINST_KEY}" "NoModify" 1
  WriteRegDWORD HKCU "${UNINST_KEY}" "NoRepair" 1
  ${GetSize} "$INSTDIR" "/S=0K" $0 $1 $2
  WriteRegDWORD HKCU "${UNINST_KEY}" "EstimatedSize" $0
SectionEnd

Section "Command line: marginalia in cmd and PowerShell (PATH)" SecPath
  ReadRegStr $0 HKCU "Environment" "Path"
  ${WordFind} "$0" "$INSTDIR" "E+1" $1
  IfErrors 0 path_done
  StrCmp $0 "" 0 +3
    WriteRegExpandStr HKCU "Environment" "Path" "$INSTDIR"
    Goto path_notify
  WriteRegExpandStr HKCU "Environment" "Path" "$0;$INSTDIR"
  path_notify:
  SendMessage ${HWND_BROADCAST} ${WM_SETTINGCHANGE} 0 "STR:Environment" /TIMEOUT=2000
  path_done:
SectionEnd

Section /o "Desktop shortcut" SecDesktop
  CreateShortcut "$DESKTOP\Marginalia.lnk" "$INSTDIR\marginalia.exe" "" "$INSTDIR\marginalia.ico"
SectionEnd

Function .onInit
  ${GetParameters} $0
  ClearErrors
  ${GetOptions} $0 "/DESKTOP" $1
  IfErrors +2
    SectionSetFlags ${SecDesktop} ${SF_SELECTED}
FunctionEnd

!insertmacro MUI_FUNCTION_DESCRIPTION_BEGIN
  !insertmacro MUI_DESCRIPTION_TEXT ${SecMain} "The program, its Start-menu entry and the .qdb file association."
  !insertmacro MUI_DESCRIPTION_TEXT ${SecPath} "Adds the folder to your PATH so that `marginalia help` works in cmd and PowerShell."
  !insertmacro MUI_DESCRIPTION_TEXT ${SecDesktop} "A Marginalia icon on the desktop."
!insertmacro MUI_FUNCTION_DESCRIPTION_END

; Removes the program, its shortcuts, association and PATH entry. Projects (wherever the
; researcher saved them) and preferences (%APPDATA%\fyne\org.marginalia.app) stay.
Section "Uninstall"
  SetShellVarContext current
  Delete "$INSTDIR\marginalia.exe"
  Delete "$INSTDIR\marginalia.com"
  Delete "$INSTDIR\marginalia.ico"
  Delete "$INSTDIR\THIRD_PARTY_LICENSES.txt"
  Delete "$INSTDIR\uninstall.exe"
  RMDir "$INSTDIR"
  Delete "$SMPROGRAMS\Marginalia.lnk"
  Delete "$DESKTOP\Marginalia.lnk"
  ReadRegStr $0 HKCU "Software\Classes\.qdb" ""
  StrCmp $0 "${PROGID}" 0 +2
    DeleteRegKey HKCU "Software\Classes\.qdb"
  DeleteRegKey HKCU "Software\Classes\${PROGID}"
  System::Call 'shell32::SHChangeNotify(i 0x08000000, i 0, p 0, p 0)'
  ReadRegStr $0 HKCU "Environment" "Path"
  ${un.WordReplace} "$0" ";$INSTDIR" "" "+" $1
  ${un.WordReplace} "$1" "$INSTDIR" "" "+" $1
  StrCmp $1 $0 +3
    WriteRegExpandStr HKCU "Environment" "Path" "$1"
    SendMessage ${HWND_BROADCAST} ${WM_SETTINGCHANGE} 0 "STR:Environment" /TIMEOUT=2000
  DeleteRegKey HKCU "${UNINST_KEY}"
SectionEnd
