#!/usr/bin/env bash
# Checks the Linux bundle that `make package` made: it must hold the binary,
# a .desktop entry that names it and the icon, and the icon itself.
set -euo pipefail
bundle=${1:?usage: check-package.sh Benchtop.tar.xz}
tmp=$(mktemp -d); trap 'rm -rf "$tmp"' EXIT
tar -xJf "$bundle" -C "$tmp"
fail() { echo "check-package: $*" >&2; exit 1; }
desktop=$(find "$tmp" -name '*.desktop' | head -1)
[[ -n $desktop ]] || fail "no .desktop file in $bundle"
grep -q '^Name=Benchtop$' "$desktop" || fail "$desktop lacks Name=Benchtop"
exec_line=$(grep '^Exec=' "$desktop") || fail "$desktop has no Exec line"
icon_name=$(grep '^Icon=' "$desktop" | cut -d= -f2) || fail "$desktop has no Icon line"
bin=$(find "$tmp" -type f -path '*/bin/*' | head -1)
[[ -n $bin && -x $bin ]] || fail "no executable under bin/ in $bundle"
ver=$("$bin" version) || fail "the bundled binary does not run: $bin"
# The version names the commit it was built from (and says "modified" when
# the tree had uncommitted changes).
if rev=$(git rev-parse HEAD 2>/dev/null); then
  grep -q "^benchtop [^ ]* (${rev:0:12}, " <<<"$ver" || fail "benchtop version does not name commit ${rev:0:12}: $ver"
fi
grep -q '^usb.ids: ' <<<"$ver" || fail "benchtop version does not say which usb.ids it uses: $ver"
# Built without Fyne's animations (a focused field's cursor would redraw the
# window at the frame rate: see the Makefile's GOTAGS).
go version -m "$bin" | grep -q -- '-tags=no_animations,migrated_fynedo' || fail "the bundled binary was not built with the Makefile's GOTAGS (no_animations, migrated_fynedo)"
desktop-file-validate "$desktop" || fail "$desktop is not a valid desktop entry"
# "Open with Benchtop" for MIDI files: the entry takes files and says which
grep -q '^Exec=benchtop %F$' "$desktop" || fail "$desktop does not pass files to benchtop (want Exec=benchtop %F): $exec_line"
grep -q '^MimeType=.*audio/midi;' "$desktop" || fail "$desktop does not offer to open audio/midi files"
main_cats=$(grep '^Categories=' "$desktop" | cut -d= -f2 | tr ';' '\n' | grep -cxE 'AudioVideo|Audio|Video|Development|Education|Game|Graphics|Network|Office|Science|Settings|System|Utility' || true)
[[ $main_cats == 1 ]] || fail "$desktop has $main_cats main categories, want one"
metainfo=$(find "$tmp" -name 'dev.benchtop.app.metainfo.xml' | head -1)
[[ -n $metainfo ]] || fail "no AppStream metainfo in $bundle"
appstreamcli validate --no-net "$metainfo" >&2 || fail "$metainfo does not validate"
grep -q "<launchable type=\"desktop-id\">$(basename "$desktop")</launchable>" "$metainfo" || fail "$metainfo does not launch $(basename "$desktop")"
for f in LICENSE NOTICE; do
  [[ -s $(find "$tmp" -path "*/share/doc/benchtop/$f" | head -1) ]] || fail "no $f in $bundle"
done
icon=$(find "$tmp" -name "$(basename "$icon_name" .png)*.png" | head -1)
[[ -n $icon ]] || fail "icon $icon_name is not in $bundle"
file_magic=$(head -c 8 "$icon" | od -An -tx1 | tr -d ' \n')
[[ $file_magic == 89504e470d0a1a0a ]] || fail "$icon is not a PNG"
# `make install` runs the bundle's user-install: try it into a scratch HOME.
home="$tmp/home"
make -s -C "$(dirname "$(find "$tmp" -maxdepth 2 -name Makefile | head -1)")" user-install HOME="$home" >/dev/null ||
  fail "the bundle's user-install failed"
installed=$(find "$home/.local/share/applications" -name '*.desktop' | head -1)
[[ -n $installed ]] || fail "user-install put no .desktop entry under ~/.local/share/applications"
grep -q "^Exec=$home/.local/bin/benchtop" "$installed" || fail "installed .desktop does not run ~/.local/bin/benchtop"
[[ -x $home/.local/bin/benchtop ]] || fail "user-install put no binary in ~/.local/bin"
[[ -n $(find "$home/.local/share/icons" -name '*.png' | head -1) ]] || fail "user-install put no icon"
[[ -f $home/.local/share/metainfo/dev.benchtop.app.metainfo.xml ]] || fail "user-install put no metainfo"
# ... and uninstall takes every file away again.
make -s -C "$(dirname "$(find "$tmp" -maxdepth 2 -name Makefile | head -1)")" user-uninstall HOME="$home" >/dev/null ||
  fail "the bundle's user-uninstall failed"
# (mimeinfo.cache is the desktop database, rebuilt without Benchtop.)
left=$(find "$home" -type f ! -name mimeinfo.cache)
[[ -z $left ]] || fail "user-uninstall left files behind: $left"
echo "check-package: ok: $(basename "$desktop") ($exec_line, Icon=$icon_name), $(basename "$bin"), $(basename "$icon")"
