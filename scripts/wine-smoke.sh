#!/usr/bin/env bash
# Runs the Windows exe under Wine 8 and Xvfb, as a Windows user would use
# it, and checks what it says: version, the live device scan (SetupAPI), a
# USBView listing with a MIDI device, a short Keep-alive lab run, a short
# Sockets run, and the window (each of its four tabs opened, screenshotted
# and compared). Wine refuses some of what Windows 10+ allows (AF_UNIX, the
# UDP ioctl Go's net package makes): the runs must finish anyway and say
# what they skipped.
#
# Wine 8 has no bcryptprimitives.dll, whose ProcessPrng every Go >= 1.22
# program calls before main: scripts/wine/processprng.c supplies it, built
# here with mingw-w64 into a throwaway Wine prefix. It is never shipped.
#
# The Windows-only unit tests run here too, given as test exes with the
# tests to run (-test.run): Job objects (internal/proc), SetupAPI
# (devices/usb), the performance-counter clock (internal/hrclock).
#
#   scripts/wine-smoke.sh build/windows/benchtop.exe [TEST.exe=PATTERN ...]
set -euo pipefail
exe=$(realpath "${1:?usage: wine-smoke.sh benchtop.exe [TEST.exe=PATTERN ...]}")
shift
tests=()
for t in "$@"; do tests+=("$(realpath "${t%%=*}")=${t#*=}"); done
cd "$(dirname "$0")/.."
root=$PWD
wine=/usr/lib/wine/wine64 # Debian keeps the launcher out of PATH
[[ -x $wine ]] || wine=$(command -v wine64 || command -v wine || true)
[[ -n $wine && -x $wine ]] || { echo "wine-smoke: wine64 not found (scripts/deps.sh wine)" >&2; exit 1; }
wineserver=$(dirname "$wine")/wineserver
[[ -x $wineserver ]] || wineserver=$(command -v wineserver)

work=$root/build/wine
artifacts=$root/build/artifacts
mkdir -p "$work" "$artifacts"
export WINEPREFIX=$work/prefix WINEDEBUG=-all WINEARCH=win64
# No Mono or Gecko installers at the first start; no sound drivers (their
# ALSA noise is Wine's, and WinMM then reports no MIDI devices, as on a
# machine without any).
export WINEDLLOVERRIDES="mscoree,mshtml=;winealsa.drv,winepulse.drv,wineoss.drv=d"
unset DISPLAY

display=""
xvfb_pid=""
cleanup() {
  "$wineserver" -k >/dev/null 2>&1 || true
  [[ -n $xvfb_pid ]] && kill "$xvfb_pid" 2>/dev/null || true
}
trap cleanup EXIT

fail() { echo "wine-smoke: FAIL: $*" >&2; exit 1; }
pass() { echo "wine-smoke: ok: $*"; }

# An X server for the prefix's first start and the window.
for n in $(seq 90 120); do
  if [[ ! -e /tmp/.X11-unix/X$n && ! -e /tmp/.X$n-lock ]]; then display=:$n; break; fi
done
[[ -n $display ]] || fail "no free X display"
Xvfb "$display" -screen 0 1280x800x24 -nolisten tcp >/dev/null 2>&1 &
xvfb_pid=$!
for _ in $(seq 50); do xdpyinfo -display "$display" >/dev/null 2>&1 && break; sleep 0.1; done
export DISPLAY=$display

if [[ ! -f $WINEPREFIX/system.reg ]]; then
  echo "wine-smoke: creating the Wine prefix (once)"
  timeout 180 "$wine" wineboot -i >/dev/null 2>&1 || fail "wineboot"
fi
x86_64-w64-mingw32-gcc -shared -O2 -o "$work/bcryptprimitives.dll" scripts/wine/processprng.c -ladvapi32
cp "$work/bcryptprimitives.dll" "$WINEPREFIX/drive_c/windows/system32/bcryptprimitives.dll"

# run NAME SECONDS ARGS...: the exe's output in $work/NAME.out, its exit code in $rc.
run() {
  local name=$1 secs=$2; shift 2
  rc=0
  timeout -k 5 "$secs" "$wine" "$exe" "$@" >"$work/$name.out" 2>&1 </dev/null || rc=$?
  out=$(tr -d '\r' <"$work/$name.out")
}
expect() { # expect NAME PATTERN...: each pattern (grep -E) in the output
  local name=$1; shift
  for p in "$@"; do
    grep -Eq -- "$p" <<<"$out" || fail "$name: no /$p/ in:"$'\n'"$out"
  done
}
refuse() { # refuse NAME PATTERN...: none of them in the output
  local name=$1; shift
  for p in "$@"; do
    if grep -Eq -- "$p" <<<"$out"; then fail "$name: /$p/ in:"$'\n'"$out"; fi
  done
}

# unit tests that only Windows can run: test_exe EXE PATTERN
test_exe() {
  local t=$1 pattern=$2 code=0
  timeout -k 5 300 "$wine" "$t" -test.v -test.run "$pattern" >"$work/$(basename "$t").out" 2>&1 </dev/null || code=$?
  tr -d '\r' <"$work/$(basename "$t").out" | grep -E '^(--- |ok|PASS|FAIL)' || true
  [[ $code == 0 ]] || fail "$(basename "$t") -test.run '$pattern' exited $code"
  grep -q -- '--- PASS' "$work/$(basename "$t").out" || fail "$(basename "$t"): no test ran"
}
for t in ${tests[@]+"${tests[@]}"}; do
  test_exe "${t%%=*}" "${t#*=}"
  pass "$(basename "${t%%=*}") -test.run '${t#*=}'"
done

run version 60 version
[[ $rc == 0 ]] || fail "version exited $rc: $out"
expect version '^benchtop [0-9]+\.[0-9]+\.[0-9]+' 'usb\.ids'
pass "version: $(head -1 <<<"$out")"

run devices 60 devices
[[ $rc == 0 ]] || fail "devices exited $rc: $out"
expect devices '^USB \(setupapi\)' '^MIDI '
refuse devices 'not supported' 'MidiInWinMM' 'MidiOutWinMM' 'panic'
pass "devices: $(head -2 <<<"$out" | tr '\n' ' ')"

listing=devices/usb/testdata/real/usbview-stm32-midi.txt
run devices-from 60 devices --from "$listing"
[[ $rc == 0 ]] || fail "devices --from exited $rc: $out"
expect devices-from '^USB \(usbview\)' '0483:572b' 'MIDI LispEngineer' '[Mm][Ii][Dd][Ii]'
pass "devices --from $listing"

run devices-json 60 devices --from devices/usb/testdata/real/pnputil-problem-deviceids-smartcard.utf16le-crlf.txt --json -
[[ $rc == 0 ]] || fail "devices --from (UTF-16) exited $rc: $out"
expect devices-json '"source": "pnputil"' '"vendor_id": "0a5c"'
pass "devices --from a PowerShell-saved (UTF-16) pnputil listing"

run keepalive 120 keepalive -n 3 --interval 50ms --modes reuse,noreuse
[[ $rc == 0 ]] || fail "keepalive exited $rc: $out"
expect keepalive 'reuse' 'noreuse' 'DNS over TCP only'
refuse keepalive 'panic'
pass "keepalive: a lab run finished and said what it could not emulate"

run sockets 180 sockets -n 200 --warmup 20 --no-published
[[ $rc == 0 ]] || fail "sockets exited $rc: $out"
expect sockets 'direct-tcp' 'proxy-tcp' 'direct-unix skipped' 'proxy-unix skipped'
refuse sockets 'panic'
pass "sockets: TCP measured, Unix sockets skipped with the reason"

# The window: each tab opened, seen, screenshotted; different tabs must
# draw different pictures. Then taskkill without /F, which asks the window
# to close (WM_CLOSE), as the title bar's X does: the app must exit 0.
declare -A sums
for tab in devices live keepalive sockets; do
  timeout -k 5 180 "$wine" "$exe" --tab "$tab" >"$work/window-$tab.out" 2>&1 </dev/null &
  pid=$!
  found=""
  for _ in $(seq 300); do
    if xwininfo -root -tree 2>/dev/null | grep -q '"Benchtop"'; then found=1; break; fi
    kill -0 "$pid" 2>/dev/null || break
    sleep 0.2
  done
  [[ -n $found ]] || fail "window ($tab): no Benchtop window: $(cat "$work/window-$tab.out")"
  # The first frames come 1-2 s after the window (software GL under Wine),
  # later on a loaded machine: wait for a drawn picture, up to 60 s, then
  # one more second for the rest of it.
  shot=$artifacts/wine-$tab.png
  colours=0 waited=0
  while ((waited < 120)); do
    sleep 0.5; waited=$((waited + 1))
    import -window root "$shot"
    colours=$(convert "$shot" -format '%k' info:)
    ((colours > 20)) && break
  done
  ((colours > 20)) || fail "window ($tab): a blank picture ($colours colours) 60 s after the window appeared: $shot"
  sleep 1
  import -window root "$shot"
  colours=$(convert "$shot" -format '%k' info:)
  ((colours > 20)) || fail "window ($tab): drawn, then blank ($colours colours): $shot"
  sums[$tab]=$(convert "$shot" -format '%#' info:)
  "$wine" taskkill /IM benchtop.exe >/dev/null 2>&1 || true
  for _ in $(seq 150); do kill -0 "$pid" 2>/dev/null || break; sleep 0.1; done
  if kill -0 "$pid" 2>/dev/null; then
    "$wineserver" -k >/dev/null 2>&1 || true
    wait "$pid" 2>/dev/null || true
    fail "window ($tab): still running 15 s after it was asked to close"
  fi
  code=0
  wait "$pid" || code=$?
  [[ $code == 0 ]] || fail "window ($tab): exited $code after a close request: $(cat "$work/window-$tab.out")"
  if grep -q 'panic' "$work/window-$tab.out"; then fail "window ($tab): $(cat "$work/window-$tab.out")"; fi
  while xwininfo -root -tree 2>/dev/null | grep -q '"Benchtop"'; do sleep 0.1; done
  pass "window ($tab): $colours colours, drawn $((waited * 5 / 10)) s after it appeared, $shot"
done
[[ ${sums[devices]} != "${sums[sockets]}" && ${sums[live]} != "${sums[keepalive]}" ]] || fail "different tabs drew the same picture"
echo "wine-smoke: all passed"
