#!/usr/bin/env bash
# The client-side (csr) build with Trunk 0.21.14, offline. `scripts/trunk.sh` builds it in
# release mode into dist/ (the check); `scripts/trunk.sh serve` serves it on :8080 with /api
# proxied to a running server on :3000.
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/env.sh"
cd "$ROOT"
bash scripts/bootstrap.sh
if [ "$(trunk --version 2>/dev/null | awk '{print $2}')" != "0.21.14" ]; then
  echo "installing trunk 0.21.14 (about 8 minutes, once per machine)"
  cargo install trunk --version 0.21.14 --locked
fi
# Trunk runs cargo offline: make sure every crate is already downloaded.
cargo fetch
if [ "${1:-build}" = "serve" ]; then
  exec trunk serve --offline
fi
trunk build --release --offline
ls -l dist
test -n "$(ls dist/*.wasm 2>/dev/null)" || { echo "trunk: no WebAssembly produced" >&2; exit 1; }
echo "trunk: client-side build OK"
