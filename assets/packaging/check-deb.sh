#!/usr/bin/env bash
# check-deb.sh DEB: validates the .deb's desktop entry, AppStream metainfo and lintian's verdict,
# installs it with apt (as root), and runs `marginalia --version` and the README's study from PATH,
# comparing the figures with the freshly built binary's; then opens the desktop entry's Exec line
# under Xvfb and waits for the window.
set -euo pipefail
deb=$(realpath "$1")
here=$(cd "$(dirname "$0")" && pwd)
repo=$(cd "$here/../.." && pwd)
version=$(dpkg-deb -f "$deb" Version)
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
dpkg-deb -x "$deb" "$work/x"
desktop-file-validate "$work/x/usr/share/applications/org.marginalia.app.desktop"
appstreamcli validate --no-net --pedantic "$work/x/usr/share/metainfo/org.marginalia.app.metainfo.xml" >"$work/as.log" ||
  { cat "$work/as.log"; exit 1; }
echo "desktop-file-validate and appstreamcli validate --no-net: clean"
# lintian: errors fail the check, except those explained in lintian-explained.txt.
lintian --no-tag-display-limit "$deb" >"$work/lintian.log" 2>&1 || true
errors=$(grep '^E: ' "$work/lintian.log" | grep -v -F -f <(sed -n 's/^\([a-z0-9-]*\):.*/ \1/p' "$here/lintian-explained.txt") || true)
[ -z "$errors" ] || { echo "lintian errors:"; echo "$errors"; exit 1; }
echo "lintian: $(grep -c '^E: ' "$work/lintian.log" || true) errors (all explained in lintian-explained.txt), $(grep -c '^W: ' "$work/lintian.log" || true) warnings"

if [ "$(id -u)" -ne 0 ]; then echo "check-deb.sh: not root, so the .deb is not installed with apt" >&2; exit 1; fi
export DEBIAN_FRONTEND=noninteractive
apt-get install -y -qq --reinstall "$deb" >/dev/null
[ "$(command -v marginalia)" = /usr/bin/marginalia ] || { echo "marginalia is not /usr/bin/marginalia on PATH" >&2; exit 1; }
marginalia --version | tee "$work/version"
grep -qx "Marginalia $version" "$work/version" || { echo "--version does not say $version" >&2; exit 1; }
grep -q "^commit $(git -C "$repo" rev-parse --short=12 HEAD)" "$work/version" || { echo "--version names another commit" >&2; exit 1; }
mkdir "$work/installed" "$work/built"
"$here/study.sh" "$work/installed" "$repo/testdata/corpus" marginalia >"$work/installed.json"
"$here/study.sh" "$work/built" "$repo/testdata/corpus" "$repo/dist/linux/marginalia" >"$work/built.json"
cmp "$work/installed.json" "$work/built.json"
grep -q '"Norms > Cyber vandalism"' "$work/installed.json" || { echo "the study's agreement lacks its code" >&2; exit 1; }
echo "the README's study from PATH: same agreement figures as dist/linux/marginalia"

# The desktop entry's Exec line, as a file manager runs it on a double-clicked project.
exec_line=$(sed -n 's/^Exec=//p' /usr/share/applications/org.marginalia.app.desktop)
export HOME=$work/home XDG_CONFIG_HOME=$work/home/.config
mkdir -p "$HOME"
Xvfb :93 -screen 0 1280x800x24 >/dev/null 2>&1 & xvfb=$!
trap 'kill $xvfb 2>/dev/null; rm -rf "$work"' EXIT
sleep 1
DISPLAY=:93 LANG=en_US.UTF-8 ${exec_line/\%f/$work/installed/study.qdb} >/dev/null 2>&1 & app=$!
for _ in $(seq 1 60); do
  if DISPLAY=:93 xdotool search --name '^Marginalia' >/dev/null 2>&1; then break; fi
  sleep 1
done
DISPLAY=:93 xdotool search --name '^Marginalia' >/dev/null || { echo "no window from: $exec_line" >&2; kill $app; exit 1; }
# Drawn: the screen is no longer one colour.
for _ in $(seq 1 30); do
  DISPLAY=:93 import -window root "$repo/dist/deb-window.png"
  [ "$(convert "$repo/dist/deb-window.png" -format '%[fx:standard_deviation>0.05]' info:)" = 1 ] && break
  sleep 1
done
[ "$(convert "$repo/dist/deb-window.png" -format '%[fx:standard_deviation>0.05]' info:)" = 1 ] ||
  { echo "the window was not drawn within 30 s" >&2; kill $app; exit 1; }
kill $app; wait $app 2>/dev/null || true
echo "the desktop entry's Exec line opened the window (dist/deb-window.png)"
