#!/usr/bin/env bash
# deb.sh BINARY VERSION OUTDIR: builds OUTDIR/marginalia_VERSION_amd64.deb around the
# Linux binary, with its library dependencies as dpkg-shlibdeps finds them.
set -euo pipefail
bin=$1 version=$2 out=$3
here=$(cd "$(dirname "$0")" && pwd)
repo=$(cd "$here/../.." && pwd)
homepage=${MARGINALIA_HOMEPAGE:-https://example.org/marginalia}
date=$(date -u ${SOURCE_DATE_EPOCH:+-d @$SOURCE_DATE_EPOCH} +%Y-%m-%d)
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
root=$work/root
doc=$root/usr/share/doc/marginalia

install -D -m 0755 "$bin" "$root/usr/bin/marginalia"
install -D -m 0644 "$here/org.marginalia.app.desktop" "$root/usr/share/applications/org.marginalia.app.desktop"
install -D -m 0644 "$here/org.marginalia.app.mime.xml" "$root/usr/share/mime/packages/org.marginalia.app.xml"
mkdir -p "$root/usr/share/metainfo"
sed -e "s|@HOMEPAGE@|$homepage|g" -e "s|@VERSION@|$version|g" -e "s|@DATE@|$date|g" \
  "$here/org.marginalia.app.metainfo.xml.in" >"$root/usr/share/metainfo/org.marginalia.app.metainfo.xml"
for size in 16 24 32 48 64 128 256; do
  d=$root/usr/share/icons/hicolor/${size}x${size}/apps
  mkdir -p "$d"
  convert "$repo/assets/icon.png" -resize ${size}x${size} -depth 8 -strip "$d/org.marginalia.app.png"
done
install -D -m 0644 "$repo/assets/icon.svg" "$root/usr/share/icons/hicolor/scalable/apps/org.marginalia.app.svg"

# The licences: Debian's copyright file, and the third-party licences as About shows them.
mkdir -p "$doc"
{
  echo "Format: https://www.debian.org/doc/packaging-manuals/copyright-format/1.0/"
  echo "Upstream-Name: Marginalia"
  echo "Comment: The program links the Go modules, SQLite and the C libraries whose licences"
  echo " follow in /usr/share/doc/marginalia/THIRD_PARTY_LICENSES.txt (also in Help → About)."
  echo
  echo "Files: *"
  echo "Copyright: The Marginalia developers"
  echo "License: LicenseRef-Marginalia"
  echo " Marginalia's own licence has not been chosen yet; see README.md."
} >"$doc/copyright"
cp "$repo/assets/THIRD_PARTY_LICENSES.txt" "$doc/THIRD_PARTY_LICENSES.txt"
gzip -9n -c "$doc/THIRD_PARTY_LICENSES.txt" >"$doc/THIRD_PARTY_LICENSES.txt.gz" && rm "$doc/THIRD_PARTY_LICENSES.txt"
printf 'marginalia (%s) unstable; urgency=medium\n\n  * Release %s; see README.md.\n\n -- The Marginalia developers <marginalia@example.org>  %s\n' \
  "$version" "$version" "$(date -u -R ${SOURCE_DATE_EPOCH:+-d @$SOURCE_DATE_EPOCH})" | gzip -9n >"$doc/changelog.gz"
mkdir -p "$root/usr/share/man/man1"
{
  echo '.TH MARGINALIA 1'
  echo '.SH NAME'
  echo 'marginalia \- qualitative coding of texts, with inter-coder agreement'
  echo '.SH SYNOPSIS'
  echo '.B marginalia'
  echo '[\fICOMMAND\fR ...]'
  echo '.SH DESCRIPTION'
  echo 'Without a command, opens the desktop app. The commands:'
  echo '.PP'
  echo '.nf'
  "$bin" help | sed -e 's/\\/\\\\/g' -e 's/^\./\\\&./' -e 's/^'"'"'/\\\&'"'"'/'
  echo '.fi'
} | gzip -9n >"$root/usr/share/man/man1/marginalia.1.gz"

# Library dependencies, as dpkg-shlibdeps finds them (it wants a debian/control).
mkdir -p "$work/debian"
printf 'Source: marginalia\n\nPackage: marginalia\nArchitecture: amd64\n' >"$work/debian/control"
depends=$(cd "$work" && dpkg-shlibdeps -O "$root/usr/bin/marginalia" 2>/dev/null | sed -n 's/^shlibs:Depends=//p')
[ -n "$depends" ] || { echo "deb.sh: dpkg-shlibdeps found no dependencies" >&2; exit 1; }
rm -rf "$work/debian"

mkdir -p "$root/DEBIAN"
cat >"$root/DEBIAN/control" <<CONTROL
Package: marginalia
Version: $version
Architecture: amd64
Maintainer: The Marginalia developers <marginalia@example.org>
Installed-Size: $(du -sk "$root/usr" | cut -f1)
Depends: $depends
Recommends: fonts-noto-cjk
Section: science
Priority: optional
Homepage: $homepage
Description: qualitative coding of texts, with inter-coder agreement
 Marginalia is a desktop tool for qualitative research: import texts, code
 passages with a codebook, compare coders (Cohen's and Fleiss' kappa,
 Krippendorff's alpha), export to Excel and exchange projects through
 REFI-QDA. The same program is a command-line tool (marginalia help).
CONTROL
mkdir -p "$out"
deb=$out/marginalia_${version}_amd64.deb
dpkg-deb --root-owner-group -Zxz --build "$root" "$deb" >/dev/null
echo "$deb"
