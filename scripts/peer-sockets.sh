#!/usr/bin/env bash
# Compares Benchtop's load client with wrk and ab on the same target in one
# run, and prints the ratios the Sockets issue asks for:
#   keep-alive, -c 1:   Benchtop req/s ≥ wrk's, median within 10% of wrk's
#   no keep-alive, -c 1: Benchtop req/s ≥ ab's
# Usage: scripts/peer-sockets.sh [requests] (default 20000). Needs wrk and ab
# (Debian: wrk apache2-utils; `make deps-test` installs them).
set -euo pipefail
n=${1:-20000}
cd "$(dirname "$0")/.."
bin=build/benchtop
[[ -x $bin ]] || make -s build >/dev/null
for t in wrk ab; do command -v $t >/dev/null || { echo "peer-sockets: $t is not installed" >&2; exit 1; }; done

port=$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])' 2>/dev/null || echo 18080)
url=http://127.0.0.1:$port/
$bin sockets serve --listen 127.0.0.1:$port 2>/dev/null &
server=$!
trap 'kill $server 2>/dev/null; wait $server 2>/dev/null' EXIT
for _ in $(seq 50); do curl -s -o /dev/null "$url" 2>/dev/null && break; (echo > /dev/tcp/127.0.0.1/$port) 2>/dev/null && break; sleep 0.1; done

bt() { # benchtop req/s and p50 µs
  $bin sockets --target "$url" -n "$n" -c 1 --warmup 200 --no-published --save=false "$@" 2>/dev/null |
    awk '$1=="external" {print $2, $4}'
}

# Three rounds, the tools alternating, medians reported: one run of each on
# a shared 2-core box varies by ±15%.
median() { sort -g | awk '{a[NR]=$1} END {print a[int((NR+1)/2)]}'; }
: >"${TMPDIR:-/tmp}/peer.$$"
for round in 1 2 3; do
  wrk_out=$(wrk -t1 -c1 -d3s --latency "$url")
  wrk_rps=$(awk '/Requests\/sec/ {print $2}' <<<"$wrk_out")
  wrk_p50=$(awk '$1=="50%" {v=$2; if (v ~ /us$/) {sub(/us/,"",v); print v} else if (v ~ /ms$/) {sub(/ms/,"",v); print v*1000} else {sub(/s/,"",v); print v*1e6}}' <<<"$wrk_out")
  read -r bt_ka_rps bt_ka_p50 < <(bt --keepalive)
  ab_rps=$(ab -q -n "$n" -c 1 "$url" 2>/dev/null | awk '/Requests per second/ {print $4}')
  read -r bt_rps bt_p50 < <(bt)
  echo "$wrk_rps $wrk_p50 $bt_ka_rps $bt_ka_p50 $ab_rps $bt_rps $bt_p50" >>"${TMPDIR:-/tmp}/peer.$$"
done
col() { awk -v c="$1" '{print $c}' "${TMPDIR:-/tmp}/peer.$$" | median; }
wrk_rps=$(col 1); wrk_p50=$(col 2); bt_ka_rps=$(col 3); bt_ka_p50=$(col 4); ab_rps=$(col 5); bt_rps=$(col 6); bt_p50=$(col 7)
rm -f "${TMPDIR:-/tmp}/peer.$$"

printf 'medians of 3 rounds\n%-28s %12s %12s\n' "" "req/s" "p50 µs"
printf '%-28s %12.0f %12.0f\n' "wrk -c1 (keep-alive)" "$wrk_rps" "$wrk_p50"
printf '%-28s %12.0f %12.0f\n' "benchtop -c1 --keepalive" "$bt_ka_rps" "$bt_ka_p50"
printf '%-28s %12.0f\n' "ab -c1 (no keep-alive)" "$ab_rps"
printf '%-28s %12.0f %12.0f\n' "benchtop -c1" "$bt_rps" "$bt_p50"
awk -v a="$bt_ka_rps" -v b="$wrk_rps" -v c="$bt_rps" -v d="$ab_rps" -v e="$bt_ka_p50" -v f="$wrk_p50" 'BEGIN {
  printf "\nratios: keep-alive benchtop/wrk req/s %.2f (goal ≥ 1.0), p50 %.2f (goal 0.9–1.1); no keep-alive benchtop/ab req/s %.2f (goal ≥ 1.0)\n", a/b, e/f, c/d }'
