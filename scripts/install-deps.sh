#!/usr/bin/env bash
# Installs what netpol-diff needs to build and test, from Debian's packages only.
# Runs `apt-get update` first (a fresh machine has no package lists), then installs only the
# packages that are missing. Needs root (CI and the dev machines run as root).
set -euo pipefail

packages=(
  build-essential cmake pkg-config
  libyaml-cpp-dev librapidcheck-dev libgtest-dev libfmt-dev nlohmann-json3-dev libcli11-dev
  libbenchmark-dev
)

missing=()
for p in "${packages[@]}"; do
  if ! dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed"; then
    missing+=("$p")
  fi
done

if ((${#missing[@]} == 0)); then
  echo "install-deps: all ${#packages[@]} packages present"
  exit 0
fi

echo "install-deps: installing ${missing[*]}"
sudo_cmd=()
if [[ $(id -u) -ne 0 ]]; then sudo_cmd=(sudo); fi
export DEBIAN_FRONTEND=noninteractive
"${sudo_cmd[@]}" apt-get update -q
"${sudo_cmd[@]}" apt-get install -y -q --no-install-recommends "${missing[@]}"
