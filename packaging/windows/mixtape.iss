; Inno Setup 6 script: per-user install of the one-folder build (dist\mixtape) and the
; mixtape:// link handler (HKCU, no administrator rights).
;   iscc /DAppVersion=0.1.0 packaging\windows\mixtape.iss   ->  dist\Mixtape-0.1.0-setup.exe
#ifndef AppVersion
  #define AppVersion "0.1.0"
#endif
#define Root ".."+"\"+".."

[Setup]
AppId={{6B1F0E5C-4F5E-4C57-9A55-2D0C8E1A7C11}
AppName=Mixtape
AppVersion={#AppVersion}
AppPublisher=The Mixtape developers
DefaultDirName={localappdata}\Programs\Mixtape
DefaultGroupName=Mixtape
DisableProgramGroupPage=yes
PrivilegesRequired=lowest
PrivilegesRequiredOverridesAllowed=
ArchitecturesAllowed=x64compatible
ArchitecturesInstallIn64BitMode=x64compatible
OutputDir={#Root}\dist
OutputBaseFilename=Mixtape-{#AppVersion}-setup
Compression=lzma2/max
SolidCompression=yes
WizardStyle=modern
UninstallDisplayIcon={app}\mixtape.exe
CloseApplications=yes
ChangesAssociations=yes

[Files]
Source: "{#Root}\dist\mixtape\*"; DestDir: "{app}"; Flags: ignoreversion recursesubdirs createallsubdirs

[Icons]
Name: "{userprograms}\Mixtape"; Filename: "{app}\mixtape.exe"
Name: "{userdesktop}\Mixtape"; Filename: "{app}\mixtape.exe"; Tasks: desktopicon

[Tasks]
Name: "desktopicon"; Description: "{cm:CreateDesktopIcon}"; Flags: unchecked

[Registry]
; mixtape:// links open Mixtape; the link arrives as one argument ("%1") and is only parsed.
Root: HKCU; Subkey: "Software\Classes\mixtape"; ValueType: string; ValueName: ""; ValueData: "URL:Mixtape invite link"; Flags: uninsdeletekey
Root: HKCU; Subkey: "Software\Classes\mixtape"; ValueType: string; ValueName: "URL Protocol"; ValueData: ""
Root: HKCU; Subkey: "Software\Classes\mixtape\DefaultIcon"; ValueType: string; ValueName: ""; ValueData: """{app}\mixtape.exe"",0"
Root: HKCU; Subkey: "Software\Classes\mixtape\shell\open\command"; ValueType: string; ValueName: ""; ValueData: """{app}\mixtape.exe"" ""%1"""

[Run]
Filename: "{app}\mixtape.exe"; Description: "{cm:LaunchProgram,Mixtape}"; Flags: nowait postinstall skipifsilent
