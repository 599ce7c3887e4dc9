#!/usr/bin/env bash
# Installs what is missing, builds, and runs netpol-diff. With no arguments it runs the main job:
# `eval` of the bundled AKS walkthrough (corpus/examples/aks-workshop, final step) with every
# engine built. With arguments it passes them to netpol-diff, e.g.
#   scripts/run.sh eval --engine k8s --format json my-manifests/
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
build=${BUILD_DIR:-$root/build}
"$root/scripts/build.sh" >&2
bin="$build/cli/netpol-diff"
if (($# > 0)); then
  exec "$bin" "$@"
fi
example="$root/corpus/examples/aks-workshop"
for engine in $("$bin" engines); do
  echo "=== $engine ==="
  "$bin" eval --engine "$engine" --probe TCP/80 "$example/cluster.yaml" "$example/3-development-only"
done
