#!/usr/bin/env bash
# make bench-gui: the window at rest, beside a bare Fyne window built from
# the same module (scripts/barefyne, same Fyne and build tags), under a
# private Xvfb: time to the first frame (the window mapped), CPU while it
# sits idle (10 s, from /proc), resident memory. Printed as ratios to the
# bare window; the goal (issue "a window that rests when nothing happens"):
# every tab's idle CPU within 2× the bare window's, or 2% of a core,
# whichever is larger.
# Then key to pixel: the Live tab fed 1,000 note messages a second for 10 s
# (BENCHTOP_BENCH_MIDI), each stamped from its arrival in the pipeline to
# Fyne's paint of the first frame that shows it; the goal is a p99 within
# one 60 Hz frame (16.7 ms).
# Usage: scripts/bench-gui.sh [idle seconds] (default 10). Needs Xvfb and
# xwininfo (`make deps-test` installs them).
set -euo pipefail
idle=${1:-10}
cd "$(dirname "$0")/.."
for t in Xvfb xwininfo; do command -v $t >/dev/null || { echo "bench-gui: $t is not installed" >&2; exit 1; }; done
make -s build >/dev/null
tmp=$(mktemp -d)
go build -tags "no_animations migrated_fynedo" -o "$tmp/barefyne" ./scripts/barefyne

disp=:$((80 + RANDOM % 400))
Xvfb "$disp" -screen 0 1280x800x24 -nolisten tcp -noreset >/dev/null 2>&1 &
xvfb=$!
app=
cleanup() { [[ -n $app ]] && kill "$app" 2>/dev/null; kill "$xvfb" 2>/dev/null; wait 2>/dev/null; rm -rf "$tmp"; }
trap cleanup EXIT
for _ in $(seq 100); do xwininfo -display "$disp" -root >/dev/null 2>&1 && break; sleep 0.1; done

hz=$(getconf CLK_TCK)
cpu_ticks() { awk '{print $14 + $15}' "/proc/$1/stat"; }
# measure NAME TITLE CMD...: first frame (s), idle CPU (% of a core), RSS (MB)
measure() {
  local name=$1 title=$2; shift 2
  local t0 t1
  t0=$(date +%s.%N)
  HOME=$tmp/home BENCHTOP_RUNS=$tmp/runs DISPLAY=$disp "$@" >/dev/null 2>&1 &
  app=$!
  until xwininfo -display "$disp" -name "$title" 2>/dev/null | grep -q 'Map State: IsViewable'; do
    kill -0 "$app" 2>/dev/null || { echo "bench-gui: $name exited before its window showed" >&2; exit 1; }
    sleep 0.02
  done
  t1=$(date +%s.%N)
  sleep 3 # settle: the first layout, the first device scan
  local c0 c1
  c0=$(cpu_ticks "$app")
  sleep "$idle"
  c1=$(cpu_ticks "$app")
  local rss
  rss=$(awk '/VmRSS/ {print $2/1024}' "/proc/$app/status")
  kill "$app"; wait "$app" 2>/dev/null || true; app=
  awk -v n="$name" -v f="$(echo "$t1 - $t0" | bc)" -v c="$(( c1 - c0 ))" -v hz="$hz" -v s="$idle" -v r="$rss" \
    'BEGIN {printf "%s %.3f %.2f %.0f\n", n, f, 100*c/hz/s, r}'
}

{
  measure bare "Bare Fyne" "$tmp/barefyne"
  for tab in devices live keepalive sockets; do
    measure "$tab" Benchtop build/benchtop --tab "$tab"
  done
} >"$tmp/results"

awk 'NR==1 {bf=$2; bc=$3; br=$4}
  {rows[NR]=$0}
  END {
    printf "%-10s %10s %12s %8s   %s\n", "window", "first s", "idle % core", "RSS MB", "ratios to bare (first frame, idle CPU, RSS)"
    for (i=1; i<=NR; i++) {
      split(rows[i], f, " ")
      goal = (f[3] <= 2*bc || f[3] <= 2) ? "ok" : "OVER"
      printf "%-10s %10.3f %12.2f %8.0f   %.2f  %.2f  %.2f  idle %s\n", f[1], f[2], f[3], f[4], f[2]/bf, (bc > 0 ? f[3]/bc : 0), f[4]/br, goal
    }
    print "goal: idle CPU within 2x the bare window or 2% of a core"
  }' "$tmp/results"

echo
HOME=$tmp/home BENCHTOP_RUNS=$tmp/runs DISPLAY=$disp BENCHTOP_BENCH_MIDI=1000,10 timeout 120 build/benchtop --tab live 2>&1 >/dev/null |
  sed -n 's/^bench: /live tab, 1,000 messages\/s for 10 s: /p'
echo "goal: key → pixel p99 within one 60 Hz frame (16.7 ms)"
