#!/usr/bin/env bash
# Installs what Benchtop needs on Debian/Ubuntu, and only what is missing.
#   scripts/deps.sh build   compilers and headers (Fyne's GL/X11, RtMidi's ALSA)
#   scripts/deps.sh test    build + Xvfb and screenshot tools, nginx, wrk, ab, Node.js/npm
#   scripts/deps.sh windows mingw-w64, to cross-build the Windows exe (make windows)
#   scripts/deps.sh wine    Wine 8 and Xvfb, to run that exe in tests (make windows-test)
#   scripts/deps.sh venv    Python's venv, for moto's server on a CI runner (make test-ci)
# As root it runs apt-get; with password-less sudo it uses sudo; otherwise it
# prints the exact command to run and fails. Elsewhere (macOS, Windows) it
# prints what to install and carries on.
set -euo pipefail

what=${1:-build}
build_pkgs=(gcc pkg-config libgl1-mesa-dev xorg-dev libasound2-dev)
# python3-boto3 is the keep-alive probe's --sdk python under Debian's own Python
# (boto3 1.26, urllib3 1.26) when python3 on PATH has a newer boto3.
# python3-starlette, python3-uvicorn and gunicorn are the original's app
# stack (the Sockets bench's --app starlette); iproute2 makes the bridge
# network (ip netns, veth). appstream and desktop-file-utils validate the
# package's metainfo and desktop entry. shellcheck checks the release
# workflow's shell lines (make release-check, through actionlint).
test_pkgs=(jq xvfb x11-utils xdotool imagemagick wrk apache2-utils xz-utils python3 python3-boto3 python3-starlette python3-uvicorn gunicorn iproute2 appstream desktop-file-utils shellcheck)

if ! command -v dpkg-query >/dev/null 2>&1 || ! command -v apt-get >/dev/null 2>&1; then
  echo "deps: not a Debian/Ubuntu system; install a C compiler, and on Linux the GL, X11 and ALSA headers, yourself (see docs/building.md)." >&2
  exit 0
fi

# Debian's mingw-w64 cross-compiles Fyne's C and RtMidi's C++ for Windows;
# wine64 runs the result (its launcher lives in /usr/lib/wine).
windows_pkgs=(gcc-mingw-w64-x86-64 g++-mingw-w64-x86-64)
wine_pkgs=(wine wine64 xvfb x11-utils imagemagick)

case $what in
  windows) pkgs=("${windows_pkgs[@]}") ;;
  wine) pkgs=("${wine_pkgs[@]}") ;;
  venv) pkgs=(python3-venv) ;;
  *) pkgs=("${build_pkgs[@]}") ;;
esac
if [[ $what == test ]]; then
  pkgs+=("${test_pkgs[@]}")
  # nginx-light is Debian's small build; Ubuntu 24.04 dropped it for nginx.
  if ! command -v nginx >/dev/null 2>&1 && ! [[ -x /usr/sbin/nginx ]]; then
    if apt-cache show nginx-light >/dev/null 2>&1; then pkgs+=(nginx-light); else pkgs+=(nginx); fi
  fi
  # A headless browser opens the HTML report in its test (no network allowed).
  if ! command -v chromium-headless-shell >/dev/null 2>&1 && ! command -v chromium >/dev/null 2>&1; then
    if apt-cache show chromium-headless-shell >/dev/null 2>&1; then pkgs+=(chromium-headless-shell); else pkgs+=(chromium); fi
  fi
  command -v node >/dev/null 2>&1 || pkgs+=(nodejs)
  command -v npm >/dev/null 2>&1 || pkgs+=(npm)
fi

# dynalite (a DynamoDB implementation by a third party) for the keep-alive
# integration tests, pinned, into build/npm.
install_dynalite() {
  [[ $what == test ]] || return 0
  local dir=build/npm
  [[ -f $dir/node_modules/dynalite/cli.js ]] && return 0
  echo "deps: npm install dynalite@4.0.0 into $dir" >&2
  mkdir -p "$dir"
  npm install --prefix "$dir" --no-audit --no-fund --loglevel=error dynalite@4.0.0 >&2
}

missing=()
for p in "${pkgs[@]}"; do
  status=$(dpkg-query -W -f='${Status}' "$p" 2>/dev/null || true)
  [[ $status == "install ok installed" ]] || missing+=("$p")
done
if ((${#missing[@]} == 0)); then
  install_dynalite
  exit 0
fi

cmd="apt-get update && DEBIAN_FRONTEND=noninteractive apt-get install -y --no-install-recommends ${missing[*]}"
echo "deps: installing ${missing[*]}" >&2
if [[ $(id -u) == 0 ]]; then
  bash -c "$cmd"
elif command -v sudo >/dev/null 2>&1 && sudo -n true 2>/dev/null; then
  sudo bash -c "$cmd"
else
  echo "deps: missing packages. Run this once, then try again:" >&2
  echo "  sudo bash -c '$cmd'" >&2
  exit 1
fi
install_dynalite
