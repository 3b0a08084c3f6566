#!/usr/bin/env bash
# Installs everything Passerelle needs to build, run and test on a fresh Debian 12 machine
# of this kind, and skips each piece that is already there at the right version.
# Only the package registries (crates.io, npm, apt) are used: no tool downloads its own binaries.
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
CARGO_LEPTOS_VERSION=0.3.11
WASM_BINDGEN_VERSION=0.2.130
export PATH="${CARGO_HOME:-$HOME/.cargo}/bin:$HOME/.cargo/bin:$ROOT/tools/node_modules/.bin:$PATH"
export PLAYWRIGHT_SKIP_BROWSER_DOWNLOAD=1

log() { printf '\n== bootstrap: %s\n' "$*"; }
MODE=${1:-}

# 1. The WebAssembly target.
if ! rustup target list --installed | grep -qx wasm32-unknown-unknown; then
  log "rustup target add wasm32-unknown-unknown"
  rustup target add wasm32-unknown-unknown
fi
# `--target`: only that (the run command then compiles while the other tools install).
[ "$MODE" != "--target" ] || exit 0

# cargo install with one dependency re-pinned: the crate's own lock file needs a newer rustc
# (cargo-leptos) or a crate the registry lacks (wasm-bindgen-cli).
install_relocked() { # crate version dep dep_version [cargo install args...]
  local crate=$1 version=$2 dep=$3 dep_version=$4; shift 4
  local src work
  src=$(ls -d "${CARGO_HOME:-$HOME/.cargo}"/registry/src/*/"$crate-$version" 2>/dev/null | head -n1 || true)
  if [ -z "$src" ]; then
    # The plain locked install fails, but leaves the crate's source unpacked in cargo's registry.
    cargo install "$crate" --version "$version" --locked "$@" >/dev/null 2>&1 && return 0
    src=$(ls -d "${CARGO_HOME:-$HOME/.cargo}"/registry/src/*/"$crate-$version" | head -n1)
  fi
  work=$(mktemp -d)
  cp -r "$src" "$work/$crate"
  (cd "$work/$crate" && cargo update -q -p "$dep" --precise "$dep_version")
  cargo install --path "$work/$crate" --locked "$@"
  rm -rf "$work"
}

# 2. wasm-bindgen-cli at the version the workspace pins (scripts/build-site.sh runs it),
#    compiled in the background while the packages below download. Only its `wasm-bindgen`
#    binary is used: no TLS stack (the test runner's downloads), and a profile that compiles
#    in half the time (it runs for a second per build).
#    cargo-leptos only for `cargo leptos watch` (scripts/watch.sh): `bootstrap.sh --watch`.
bindgen_pid=
if [ "$(wasm-bindgen --version 2>/dev/null | awk '{print $2}')" != "$WASM_BINDGEN_VERSION" ]; then
  log "installing wasm-bindgen-cli $WASM_BINDGEN_VERSION in the background (a few minutes, once per machine)"
  bindgen_log=$(mktemp)
  (
    # Its own build folder: the project's release build may hold the project's meanwhile.
    unset CARGO_TARGET_DIR
    export CARGO_PROFILE_RELEASE_OPT_LEVEL=1 CARGO_PROFILE_RELEASE_CODEGEN_UNITS=16
    install_relocked wasm-bindgen-cli "$WASM_BINDGEN_VERSION" webpki-roots 1.0.10 \
      --no-default-features --bin wasm-bindgen
  ) >"$bindgen_log" 2>&1 &
  bindgen_pid=$!
fi
if [ "$MODE" = "--watch" ] &&
  [ "$(cargo leptos --version 2>/dev/null | awk '{print $2}')" != "$CARGO_LEPTOS_VERSION" ]; then
  log "installing cargo-leptos $CARGO_LEPTOS_VERSION (about 15 minutes, once per machine)"
  install_relocked cargo-leptos "$CARGO_LEPTOS_VERSION" cargo-util-schemas 0.14.1 --features no_downloads
fi

# 3. Debian packages: the browser for Playwright, xmllint for the SEPA schema checks,
#    PostgreSQL when absent (CI machines of this kind already run one).
#    The demo (`--demo`) needs none of them.
apt_missing=()
[ "$MODE" = "--demo" ] || {
command -v chromium >/dev/null || apt_missing+=(chromium)
command -v xmllint >/dev/null || apt_missing+=(libxml2-utils)
command -v pg_ctlcluster >/dev/null || apt_missing+=(postgresql)
}
if [ ${#apt_missing[@]} -gt 0 ]; then
  log "apt-get install ${apt_missing[*]}"
  export DEBIAN_FRONTEND=noninteractive
  apt-get update -qq
  apt-get install -y -qq "${apt_missing[@]}" >/dev/null
fi

# 4. npm packages: wasm-opt (binaryen 132; Debian's 108 breaks hydration), the CSS and JS
#    minifiers, Playwright, axe-core.
if [ ! -x "$ROOT/tools/node_modules/.bin/wasm-opt" ] || [ ! -x "$ROOT/tools/node_modules/.bin/terser" ] ||
  [ ! -x "$ROOT/tools/node_modules/.bin/lightningcss" ]; then
  log "npm install binaryen (wasm-opt), lightningcss, terser"
  npm ci --prefix "$ROOT/tools" --no-audit --no-fund --loglevel=error
fi
if [ "$MODE" != "--demo" ] && [ ! -d "$ROOT/end2end/node_modules/@playwright/test" ]; then
  log "npm install Playwright and axe-core"
  npm ci --prefix "$ROOT/end2end" --no-audit --no-fund --loglevel=error
fi
if [ -n "$bindgen_pid" ]; then
  wait "$bindgen_pid" || { cat "$bindgen_log"; echo "bootstrap: wasm-bindgen-cli did not install" >&2; exit 1; }
  wasm-bindgen --version
fi
log "tools ready"
