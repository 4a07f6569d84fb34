#!/usr/bin/env bash
# Compares Benchtop's load client with wrk and ab on the same target (an
# independent Go server: `benchtop sockets serve`), in one run, rounds
# interleaved, medians reported, at -c 1, 8, 64 and 256. The goals (issue
# "Ahead of wrk at every concurrency"):
#   keep-alive:      Benchtop req/s ≥ wrk -t2's, p99 ≤ wrk's + 10%
#   new connections: Benchtop req/s ≥ ab's
#   Little's law:    mean latency × req/s ÷ c within 0.9–1.05 (the latency
#                    distribution accounts for the time requests were in flight)
# wrk -t1 is shown too: on a 2-core machine client and server share the
# cores, and one client thread often beats two. (At -c 1 wrk runs -t1 in
# both rows: it needs a connection per thread.)
# Usage: scripts/peer-sockets.sh [levels] (default "1 8 64 256"). Needs wrk
# and ab (Debian: wrk apache2-utils; `make deps-test` installs them).
set -euo pipefail
levels=${1:-1 8 64 256}
cd "$(dirname "$0")/.."
bin=build/benchtop
[[ -x $bin ]] || make -s build >/dev/null
for t in wrk ab python3; do command -v $t >/dev/null || { echo "peer-sockets: $t is not installed" >&2; exit 1; }; done

port=$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])')
url=http://127.0.0.1:$port/
tmp=$(mktemp -d)
$bin sockets serve --listen 127.0.0.1:$port 2>/dev/null &
server=$!
trap 'kill $server 2>/dev/null; wait $server 2>/dev/null; rm -rf "$tmp"' EXIT
for _ in $(seq 50); do (echo > /dev/tcp/127.0.0.1/$port) 2>/dev/null && break; sleep 0.1; done

# benchtop: req/s, p99 µs, Little's ratio
bt() {
  local c=$1 n=$2; shift 2
  $bin sockets --target "$url" -n "$n" -c "$c" --warmup 200 --no-published --save=false --json "$tmp/bt.json" "$@" >/dev/null 2>&1
  python3 -c 'import json,sys; g=json.load(open(sys.argv[1]))["groups"][0]; s=g["summary"]
print("%.0f %.0f %.3f" % (g["req_per_sec"], s["p99_us"], s["mean_us"]/1e6*g["req_per_sec"]/int(sys.argv[2])))' "$tmp/bt.json" "$c"
}
# wrk: req/s, p99 µs
wrk_run() {
  wrk -t"$1" -c"$2" -d3s --latency "$url" | awk '
    function us(v) { if (v ~ /us$/) {sub(/us/,"",v); return v} if (v ~ /ms$/) {sub(/ms/,"",v); return v*1000} sub(/s/,"",v); return v*1e6 }
    /Requests\/sec/ {r=$2} $1=="99%" {p=us($2)} END {printf "%.0f %.0f\n", r, p}'
}
median() { sort -g | awk '{a[NR]=$1} END {print a[int((NR+1)/2)]}'; }

printf '%-6s %-28s %10s %10s %8s\n' "c" "client" "req/s" "p99 µs" "Little"
summary=()
for c in $levels; do
  n=$((c == 1 ? 30000 : 100000))
  nab=$((c == 1 ? 10000 : 20000))
  : >"$tmp/rounds"
  for round in 1 2 3; do
    read -r w2 w2p < <(wrk_run $((c < 2 ? 1 : 2)) "$c") # wrk needs c ≥ threads
    read -r w1 w1p < <(wrk_run 1 "$c")
    read -r bk bkp bkl < <(bt "$c" "$n" --keepalive)
    ab_rps=$(ab -q -n "$nab" -c "$c" "$url" 2>/dev/null | awk '/Requests per second/ {print $4}')
    read -r bn bnp bnl < <(bt "$c" "$nab")
    echo "$w2 $w2p $w1 $w1p $bk $bkp $bkl $ab_rps $bn $bnp $bnl" >>"$tmp/rounds"
  done
  col() { awk -v c="$1" '{print $c}' "$tmp/rounds" | median; }
  w2=$(col 1); w2p=$(col 2); w1=$(col 3); w1p=$(col 4); bk=$(col 5); bkp=$(col 6); bkl=$(col 7)
  ab_rps=$(col 8); bn=$(col 9); bnp=$(col 10); bnl=$(col 11)
  printf '%-6s %-28s %10.0f %10.0f\n' "$c" "wrk -t2 (keep-alive)" "$w2" "$w2p"
  printf '%-6s %-28s %10.0f %10.0f\n' "$c" "wrk -t1 (keep-alive)" "$w1" "$w1p"
  printf '%-6s %-28s %10.0f %10.0f %8.3f\n' "$c" "benchtop --keepalive" "$bk" "$bkp" "$bkl"
  printf '%-6s %-28s %10.0f\n' "$c" "ab (new connections)" "$ab_rps"
  printf '%-6s %-28s %10.0f %10.0f %8.3f\n' "$c" "benchtop (new connections)" "$bn" "$bnp" "$bnl"
  summary+=("$(awk -v c="$c" -v bk="$bk" -v w2="$w2" -v w1="$w1" -v bkp="$bkp" -v w2p="$w2p" -v bn="$bn" -v ab="$ab_rps" -v bkl="$bkl" -v bnl="$bnl" 'BEGIN {
    printf "-c %-4s keep-alive req/s vs wrk -t2 %.2f (vs -t1 %.2f), p99 vs wrk -t2 %.2f; new-conn req/s vs ab %.2f; Little %.3f / %.3f", c, bk/w2, bk/w1, bkp/w2p, bn/ab, bkl, bnl }')")
done
echo
echo "ratios (medians of 3 interleaved rounds; goals: req/s ≥ 1.00, p99 ≤ 1.10, Little 0.90–1.05):"
printf '%s\n' "${summary[@]}"
