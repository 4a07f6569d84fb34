#!/usr/bin/env bash
# Checks that a Windows exe imports only DLLs that ship with Windows (a
# mingw build that links libstdc++ or libgcc dynamically needs
# libstdc++-6.dll and libgcc_s_seh-1.dll, which Windows lacks: a double
# click fails at once), and that it carries an icon and version resource.
set -euo pipefail
exe=${1:?usage: check-windows-exe.sh benchtop.exe}
objdump=${OBJDUMP:-x86_64-w64-mingw32-objdump} # objdump in MSYS2 (make windows-native)
# DLLs of Windows itself (system32) that a Go + Fyne + RtMidi build uses.
system='^(kernel32|user32|gdi32|advapi32|shell32|ole32|oleaut32|opengl32|winmm|ws2_32|winmm|msvcrt|ntdll|setupapi|cfgmgr32|bcryptprimitives|crypt32|iphlpapi|dnsapi|netapi32|userenv|secur32|powrprof|dwmapi|imm32|version|shlwapi|comdlg32|comctl32|uxtheme|mswsock|api-ms-win-[a-z0-9-]+)\.dll$'
dlls=$($objdump -p "$exe" | awk '/DLL Name:/ {print tolower($3)}' | sort -u)
bad=$(grep -Ev "$system" <<<"$dlls" || true)
echo "imports: $(tr '\n' ' ' <<<"$dlls")"
if [[ -n $bad ]]; then
  echo "check-windows-exe: $exe imports DLLs that Windows does not ship: $bad" >&2
  exit 1
fi
# .rsrc holds the icon, the manifest and the version (go-winres).
if ! $objdump -h "$exe" | grep -q '\.rsrc'; then
  echo "check-windows-exe: $exe has no resources (icon, version, manifest)" >&2
  exit 1
fi
subsystem=$($objdump -p "$exe" | awk '/^Subsystem/ {print $2}')
if [[ $subsystem != 00000002 ]]; then
  echo "check-windows-exe: subsystem $subsystem, want 2 (Windows GUI: no console window on a double click)" >&2
  exit 1
fi
echo "check-windows-exe: $exe: system DLLs only, resources present, GUI subsystem"
