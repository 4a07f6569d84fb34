#!/usr/bin/env bash
# Completes the bundle `fyne package` made: adds the AppStream metainfo, the
# licence and notices, and replaces its Makefile with packaging/bundle.mk,
# which installs and uninstalls all of them.
set -euo pipefail
bundle=${1:?usage: finish-package.sh Benchtop.tar.xz}
tmp=$(mktemp -d); trap 'rm -rf "$tmp"' EXIT
tar -xJf "$bundle" -C "$tmp"
root="$tmp/benchtop"
[[ -d $root/usr/local ]] || { echo "finish-package: $bundle has no benchtop/usr/local" >&2; exit 1; }
install -Dm0644 packaging/dev.benchtop.app.metainfo.xml "$root/usr/local/share/metainfo/dev.benchtop.app.metainfo.xml"
install -Dm0644 LICENSE "$root/usr/local/share/doc/benchtop/LICENSE"
install -Dm0644 NOTICE "$root/usr/local/share/doc/benchtop/NOTICE"
install -m0644 packaging/bundle.mk "$root/Makefile"
tar -cJf "$bundle.tmp" -C "$tmp" benchtop
mv "$bundle.tmp" "$bundle"
