#!/usr/bin/env bash
# README command 1: builds Passerelle and serves it with demo data on SQLite at
# http://127.0.0.1:3000 (override with PASSERELLE_ADDR). Installs what is missing first.
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/env.sh"
cd "$ROOT"
# The two release compilations start as soon as the WebAssembly target is there, while the
# other tools (wasm-bindgen-cli, the npm packages) install beside them.
bash scripts/bootstrap.sh --target
bash scripts/bootstrap.sh --demo &
tools=$!
compile=0
bash scripts/build-site.sh --compile-only || compile=$?
wait $tools
[ $compile -eq 0 ] || exit $compile
bash scripts/build-site.sh
export LEPTOS_SITE_ROOT="${LEPTOS_SITE_ROOT:-$ROOT/target/site}"
export LEPTOS_ENV=PROD
echo "Passerelle: http://${PASSERELLE_ADDR:-127.0.0.1:3000} (comptes de démonstration : voir README)"
exec "$CARGO_TARGET_DIR/release/passerelle" --demo "$@"
