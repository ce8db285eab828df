#!/usr/bin/env bash
# Installs code-server (a real VS Code 1.100 served to a browser) into a cache outside the
# clone, so the end-to-end tests and `npm run example` can run it offline. Idempotent: a
# marker file records a finished install; a second run only prints the path.
#
# Why these steps: code-server's own postinstall downloads ripgrep from GitHub, which is not
# reachable here. So we install without scripts, give VS Code Debian's ripgrep, and build
# the native modules ourselves against the local Node headers.
#
# Prints the code-server directory (containing out/node/entry.js) on stdout; logs on stderr.
# Env: SELFDEBUG_E2E_CACHE (default ~/.cache/selfdebug-e2e), SELFDEBUG_E2E_FORCE=1 to reinstall.
set -euo pipefail

VERSION=4.100.3
here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
cache="${SELFDEBUG_E2E_CACHE:-${XDG_CACHE_HOME:-$HOME/.cache}/selfdebug-e2e}"
# Native modules are tied to the Node ABI: a different Node gets its own install.
abi="$(node -p 'process.versions.modules')"
root="$cache/code-server-$VERSION-node$abi"
server="$root/node_modules/code-server"
marker="$root/.selfdebug-installed"

log() { echo "[install-code-server] $*" >&2; }

if [[ -f "$marker" && -z "${SELFDEBUG_E2E_FORCE:-}" ]]; then
  echo "$server"
  exit 0
fi

# Build tools and libraries for the native modules, ripgrep for search, chromium for the tests.
"$here/ensure-debian-packages.sh" \
  build-essential python3 pkg-config libkrb5-dev libx11-dev libxkbfile-dev libsecret-1-dev ripgrep chromium

started=$SECONDS
rm -rf "$root"
mkdir -p "$root"
cd "$root"
cat > package.json <<JSON
{ "name": "selfdebug-e2e-code-server", "private": true, "description": "cache for the SelfDebug end-to-end tests" }
JSON

npm_quiet=(--ignore-scripts --no-audit --no-fund --loglevel=error)
log "npm install code-server@$VERSION (no scripts) in $root"
npm install "${npm_quiet[@]}" --save-exact "code-server@$VERSION" >&2

log "installing VS Code's runtime dependencies"
(cd "$server/lib/vscode" && npm install "${npm_quiet[@]}" --omit=dev >&2)
(cd "$server/lib/vscode/extensions" && npm install "${npm_quiet[@]}" --omit=dev >&2)

# VS Code looks for rg here; Debian's binary replaces the GitHub download.
rg_dir="$server/lib/vscode/node_modules/@vscode/ripgrep/bin"
mkdir -p "$rg_dir"
ln -sf "$(command -v rg)" "$rg_dir/rg"
# The desktop build reads dependencies from an asar archive; code-server ships a plain folder.
ln -sfn node_modules "$server/lib/vscode/node_modules.asar"

# node-gyp as shipped with npm; the headers of the running Node (offline: nothing to download).
node_gyp="$(dirname "$(readlink -f "$(command -v npm)")")/../node_modules/node-gyp/bin/node-gyp.js"
[[ -f "$node_gyp" ]] || node_gyp="$(npm root -g)/npm/node_modules/node-gyp/bin/node-gyp.js"
node_prefix="$(dirname "$(dirname "$(readlink -f "$(command -v node)")")")"
gyp_args=(rebuild --jobs="$(nproc)")
[[ -f "$node_prefix/include/node/common.gypi" ]] && gyp_args+=(--nodedir="$node_prefix")

for mod in kerberos node-pty @parcel/watcher @vscode/spdlog @vscode/deviceid native-watchdog; do
  dir="$server/lib/vscode/node_modules/$mod"
  if [[ ! -f "$dir/binding.gyp" ]]; then
    log "error: $dir/binding.gyp not found"; exit 1
  fi
  log "node-gyp rebuild $mod"
  (cd "$dir" && node "$node_gyp" "${gyp_args[@]}" >"$root/build-${mod//\//-}.log" 2>&1) || {
    log "error: building $mod failed; last lines of $root/build-${mod//\//-}.log:"
    tail -30 "$root/build-${mod//\//-}.log" >&2
    exit 1
  }
done

log "building argon2 (code-server's password hashing) from source"
(cd "$root" && npm rebuild argon2 --build-from-source --foreground-scripts --loglevel=error >"$root/build-argon2.log" 2>&1) || {
  log "error: building argon2 failed:"; tail -30 "$root/build-argon2.log" >&2; exit 1
}

# code-server writes a default config (with a random password) unless given one: give it ours.
printf 'auth: none\ndisable-telemetry: true\ndisable-update-check: true\n' > "$root/config.yaml"

# Smoke test: the server starts far enough to print its version.
version_out="$(node "$server/out/node/entry.js" --config "$root/config.yaml" --version 2>&1)"
grep -q "^$VERSION " <<<"$version_out" || { log "error: code-server --version printed: $version_out"; exit 1; }

echo "$VERSION node-abi=$abi installed in $((SECONDS - started))s on $(date -u +%FT%TZ)" > "$marker"
log "done in $((SECONDS - started))s: $server"
echo "$server"
