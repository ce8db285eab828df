#!/usr/bin/env bash
# Installs the Debian packages given as arguments when any of them is missing.
# Needs root (or passwordless sudo) only when something is actually missing.
set -euo pipefail

missing=()
for pkg in "$@"; do
  # dpkg-query prints "install ok installed" for an installed package.
  if [[ "$(dpkg-query -W -f='${Status}' "$pkg" 2>/dev/null || true)" != "install ok installed" ]]; then
    missing+=("$pkg")
  fi
done
[[ ${#missing[@]} -eq 0 ]] && exit 0

if [[ $(id -u) -eq 0 ]]; then
  sudo=()
elif command -v sudo >/dev/null && sudo -n true 2>/dev/null; then
  sudo=(sudo -n)
else
  echo "error: missing Debian packages: ${missing[*]}" >&2
  echo "       install them with: sudo apt-get install -y ${missing[*]}" >&2
  exit 1
fi

echo "[selfdebug] installing Debian packages: ${missing[*]}" >&2
export DEBIAN_FRONTEND=noninteractive
# Another process may hold the dpkg lock (unattended upgrades, a parallel job): wait for it.
"${sudo[@]}" apt-get -o DPkg::Lock::Timeout=900 update -qq >&2
"${sudo[@]}" apt-get -o DPkg::Lock::Timeout=900 install -y -qq --no-install-recommends "${missing[@]}" >&2
