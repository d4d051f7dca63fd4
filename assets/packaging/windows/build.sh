#!/usr/bin/env bash
# build.sh VERSION LDFLAGS OUTDIR: cross-compiles OUTDIR/marginalia.exe (GUI subsystem: no console
# window) and OUTDIR/marginalia.com (console subsystem: the CLI; cmd and PowerShell run .com before
# .exe when `marginalia` is typed) with mingw-w64, linked statically, with icon, version and manifest.
set -euo pipefail
version=$1 ldflags=$2 out=$3
here=$(cd "$(dirname "$0")" && pwd)
repo=$(cd "$here/../../.." && pwd)
go=${GO:-go}
work=$(mktemp -d)
syso=$repo/cmd/marginalia/zz_resources_windows_amd64.syso
trap 'rm -rf "$work" "$syso"' EXIT
IFS=. read -r v1 v2 v3 <<<"$version"
convert "$repo/assets/icon.png" -define icon:auto-resize=256,64,48,32,16 "$work/marginalia.ico"
cp "$here/marginalia.manifest" "$work/"
sed -e "s/@V1@/${v1:-0}/; s/@V2@/${v2:-0}/; s/@V3@/${v3:-0}/" -e "s/@VERSION@/$version/g" "$here/marginalia.rc.in" >"$work/marginalia.rc"
(cd "$work" && x86_64-w64-mingw32-windres -O coff -o "$syso" marginalia.rc)
mkdir -p "$out"
cp "$work/marginalia.ico" "$repo/assets/THIRD_PARTY_LICENSES.txt" "$out/"
export GOOS=windows GOARCH=amd64 CGO_ENABLED=1 CC=x86_64-w64-mingw32-gcc CXX=x86_64-w64-mingw32-g++
cd "$repo"
"$go" build -trimpath -ldflags "$ldflags -s -w -H windowsgui -extldflags=-static" -o "$out/marginalia.exe" ./cmd/marginalia
"$go" build -trimpath -ldflags "$ldflags -s -w -extldflags=-static" -o "$out/marginalia.com" ./cmd/marginalia
# Nothing but Windows' own DLLs may be imported: no mingw runtime beside the program.
for f in "$out/marginalia.exe" "$out/marginalia.com"; do
  extra=$(x86_64-w64-mingw32-objdump -p "$f" | sed -n 's/^\s*DLL Name: //p' | tr 'A-Z' 'a-z' |
    grep -v -x -E 'kernel32.dll|user32.dll|gdi32.dll|opengl32.dll|shell32.dll|ole32.dll|advapi32.dll|winmm.dll|ws2_32.dll|msvcrt.dll|imm32.dll|ntdll.dll|dwmapi.dll|comdlg32.dll|oleaut32.dll|uxtheme.dll|shlwapi.dll|version.dll|crypt32.dll|bcrypt.dll|secur32.dll|userenv.dll|iphlpapi.dll|dnsapi.dll|netapi32.dll|powrprof.dll|setupapi.dll|winspool.drv|comctl32.dll|api-ms-win-.*' || true)
  [ -z "$extra" ] || { echo "build.sh: $f needs DLLs Windows lacks: $extra" >&2; exit 1; }
done
