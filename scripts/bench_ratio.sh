#!/usr/bin/env bash
# Ratio of two benchmarks on a noisy machine: runs them alternately, ROUNDS times, 3 repetitions
# each time, and prints the fastest time of each and their ratio. Alternating puts both under the
# same load bursts; a sequential run measures them minutes apart, and on the 2-core CI machine
# kind the same code measured up to 50% apart that way.
#
# usage: scripts/bench_ratio.sh BENCH_BINARY FILTER_A FILTER_B [ROUNDS=10]
#   e.g. scripts/bench_ratio.sh build-release/bench/bench_engines \
#          'compile\+matrix/azure/1000pods' 'compile\+matrix/k8s/1000pods'
set -euo pipefail
if [[ $# -lt 3 ]]; then
  sed -n '2,9p' "$0" >&2
  exit 2
fi
bin=$1 a=$2 b=$3 rounds=${4:-10}
for ((i = 0; i < rounds; ++i)); do
  for filter in "$a" "$b"; do
    "$bin" --benchmark_filter="$filter" --benchmark_repetitions=3 --benchmark_format=csv 2>/dev/null |
      grep -v '_mean\|_median\|_stddev\|_cv' | awk -F, 'NR > 1 { gsub(/"/, "", $1); print $1, $4 }'
  done
done | awk -v a="$a" -v b="$b" '
  { if (!($1 in best) || $2 + 0 < best[$1]) best[$1] = $2 + 0 }
  END {
    n = 0
    for (k in best) { printf "%-60s %8.3f ms\n", k, best[k]; names[++n] = k }
    if (n != 2) { print "expected each filter to match one benchmark, got " n > "/dev/stderr"; exit 2 }
    first = names[1] ~ a ? names[1] : names[2]
    second = first == names[1] ? names[2] : names[1]
    printf "ratio %s / %s = %.2fx\n", first, second, best[first] / best[second]
  }'
