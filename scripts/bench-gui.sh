#!/usr/bin/env bash
# make bench-gui: the window at rest, beside a bare Fyne window built from
# the same module (scripts/barefyne, same Fyne and build tags), under a
# private Xvfb: time to the first frame (the window mapped), CPU while it
# sits idle (10 s, from /proc), resident memory. Printed as ratios to the
# bare window; the goal (issue "a window that rests when nothing happens"):
# every tab's idle CPU within 2× the bare window's, or 2% of a core,
# whichever is larger.
# Then key to pixel (issue #24): the Live tab fed note messages
# (BENCHTOP_BENCH_MIDI=RATE,SECONDS), each timed from its arrival in the
# pipeline to Fyne's paint of the first frame that shows it, beside the
# floor (scripts/fynefloor: a bare window recolouring one of 32 rectangles
# per message through fyne.Do, with the same probe and stream) — the least
# any Fyne program can do, since Fyne paints only on its 60 Hz tick — and
# and beside the floor of the Live tab's own window (RATE,SECONDS,direct:
# each message only recolours its key on the next draw tick, bypassing
# Benchtop's pipeline and every other part: Fyne repaints the whole window
# every frame, so what the window holds costs every frame). At 23 messages/s (not a divisor of 60: messages land at every
# phase of the tick) and 1,000/s (a burst), 8 s each, interleaved, three
# rounds; the medians as ratios. The goal: the Live tab's p50 and p99
# within 1.25× the floor's. CPU during the stream (% of a core) for each.
# Usage: scripts/bench-gui.sh [idle seconds] [rounds] (default 10, 3).
# Needs Xvfb and xwininfo (`make deps-test` installs them).
set -euo pipefail
idle=${1:-10}
rounds=${2:-3}
for n in "$idle" "$rounds"; do
  [[ $n =~ ^[1-9][0-9]{0,2}$ ]] || { echo "bench-gui: '$n' is not a whole number of 1 to 999 (usage: bench-gui.sh [idle seconds] [rounds])" >&2; exit 2; }
done
cd "$(dirname "$0")/.."
for t in Xvfb xwininfo; do command -v $t >/dev/null || { echo "bench-gui: $t is not installed" >&2; exit 1; }; done
make -s build >/dev/null
tmp=$(mktemp -d)
for prog in barefyne fynefloor; do
  go build -tags "no_animations migrated_fynedo" -o "$tmp/$prog" "./scripts/$prog"
done

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
# key to pixel: one run prints "bench: key → pixel: p50 X ms, p99 Y ms, …
# · CPU Z% of a core"; a row per run: kind rate p50 p99 cpu
k2p() {
  local kind=$1 rate=$2 line
  case $kind in
  floor) line=$(DISPLAY=$disp timeout 60 "$tmp/fynefloor" "$rate,$secs" 2>&1 >/dev/null | grep '^bench:' || true) ;;
  window) line=$(HOME=$tmp/home BENCHTOP_RUNS=$tmp/runs DISPLAY=$disp BENCHTOP_BENCH_MIDI=$rate,$secs,direct timeout 60 build/benchtop --tab live 2>&1 >/dev/null | grep '^bench:' || true) ;;
  live) line=$(HOME=$tmp/home BENCHTOP_RUNS=$tmp/runs DISPLAY=$disp BENCHTOP_BENCH_MIDI=$rate,$secs timeout 60 build/benchtop --tab live 2>&1 >/dev/null | grep '^bench:' || true) ;;
  esac
  [[ -n $line ]] || { echo "bench-gui: the $kind run at $rate messages/s printed no bench line" >&2; exit 1; }
  echo "$line" | sed -E 's/.* p50 ([0-9.]+) ms, p99 ([0-9.]+) ms.*CPU ([0-9.]+)%.*/'"$kind $rate"' \1 \2 \3/'
}
secs=8
echo "key to pixel, $secs s a run, $rounds rounds, interleaved: floor = bare Fyne window, fyne.Do per message;"
echo "window = the Live tab's window, a key recoloured per message on the draw tick and nothing else; live = the Live tab"
echo "load average before: $(cut -d' ' -f1-3 /proc/loadavg)"
printf '%-6s %-7s %6s %10s %10s %12s\n' round kind msg/s "p50 ms" "p99 ms" "CPU % core"
for r in $(seq "$rounds"); do
  for rate in 23 1000; do
    for kind in floor window live; do
      row=$(k2p "$kind" "$rate")
      echo "$r $row" >>"$tmp/k2p"
      echo "$row" | awk -v r="$r" '{printf "%-6s %-7s %6s %10.1f %10.1f %12.1f\n", r, $1, $2, $3, $4, $5}'
    done
  done
done
echo "load average after: $(cut -d' ' -f1-3 /proc/loadavg)"
# medians per kind and rate, then ratios: the Live tab's to the floor's
# (the goal), and the window's floor to the bare floor (what the window's
# content costs)
awk '
  function median(list,   n, a, i, j, t) {
    n = split(list, a, " ")
    for (i = 1; i <= n; i++) for (j = i + 1; j <= n; j++) if (a[j] + 0 < a[i] + 0) { t = a[i]; a[i] = a[j]; a[j] = t }
    return n % 2 ? a[(n + 1) / 2] : (a[n / 2] + a[n / 2 + 1]) / 2
  }
  { k = $2 " " $3; p50[k] = p50[k] " " $4; p99[k] = p99[k] " " $5; cpu[k] = cpu[k] " " $6 }
  END {
    print ""
    printf "medians        %17s %17s %17s\n", "floor", "window", "live"
    printf "%-7s %-6s %17s %17s %17s   %s\n", "msg/s", "", "p50/p99 ms, CPU%", "p50/p99 ms, CPU%", "p50/p99 ms, CPU%", "live ÷ floor p50, p99 (goal ≤ 1.25) · window ÷ floor · live ÷ window"
    split("23 1000", rates, " ")
    for (i = 1; i <= 2; i++) {
      r = rates[i]
      for (k = 1; k <= 3; k++) {
        kind = (k == 1 ? "floor" : k == 2 ? "window" : "live"); key = kind " " r
        has[kind] = (key in p50)
        if (has[kind]) { m50[kind] = median(p50[key]); m99[kind] = median(p99[key]); mc[kind] = median(cpu[key]) }
      }
      ok = (m50["live"] <= 1.25 * m50["floor"] && m99["live"] <= 1.25 * m99["floor"]) ? "ok" : "OVER"
      win = has["window"] ? sprintf("%6.1f/%5.1f %4.0f%%", m50["window"], m99["window"], mc["window"]) : sprintf("%17s", "—")
      winr = has["window"] ? sprintf(" · %.2f  %.2f · %.2f  %.2f", m50["window"] / m50["floor"], m99["window"] / m99["floor"], m50["live"] / m50["window"], m99["live"] / m99["window"]) : ""
      printf "%-7s %-6s %6.1f/%5.1f %4.0f%% %s %6.1f/%5.1f %4.0f%%   %.2f  %.2f  %s%s\n", r, "", \
        m50["floor"], m99["floor"], mc["floor"], win, m50["live"], m99["live"], mc["live"], \
        m50["live"] / m50["floor"], m99["live"] / m99["floor"], ok, winr
    }
    print "medians of the rounds; CPU in % of a core during the stream"
  }' "$tmp/k2p"
