#!/usr/bin/env bash
# The JSON API keeps the promise of its OpenAPI document: starts the server on a free
# loopback port with a temporary SQLite database and the demo, runs schemathesis (pinned in
# .venv) with every check and a fixed seed over /api/v1/openapi.json, stops the server, and
# fails on any failure. Extra arguments go to schemathesis (e.g. --max-examples 20).
# PASSERELLE_BIN=path runs that binary instead of building `cargo build -p server` (debug).
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/env.sh"
cd "$ROOT"
bash scripts/python-tools.sh

work=$(mktemp -d)
server_pid=
stop() {
  if [[ -n "$server_pid" ]]; then kill "$server_pid" 2>/dev/null || true; wait "$server_pid" 2>/dev/null || true; fi
  rm -rf "$work"
}
trap stop EXIT

bin="${PASSERELLE_BIN:-}"
if [[ -z "$bin" ]]; then
  cargo build --quiet -p server --bin passerelle
  # The target folder may be shared with other checkouts: run a copy of what was just built.
  cp "$CARGO_TARGET_DIR/debug/passerelle" "$work/passerelle"
  bin="$work/passerelle"
fi

port=$(python3 -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')
base="http://127.0.0.1:$port"
PASSERELLE_ADDR="127.0.0.1:$port" PASSERELLE_PUBLIC_URL="$base" \
  PASSERELLE_DATABASE_URL="sqlite://$work/api.db?mode=rwc" PASSERELLE_WORKER=off \
  LEPTOS_OUTPUT_NAME=passerelle RUST_LOG=warn \
  "$bin" --demo >"$work/server.log" 2>&1 &
server_pid=$!
for _ in $(seq 1 120); do
  curl -fsS "$base/readyz" >/dev/null 2>&1 && break
  kill -0 "$server_pid" 2>/dev/null || { cat "$work/server.log"; echo "check-api: the server did not start" >&2; exit 1; }
  sleep 0.5
done
curl -fsS "$base/readyz" >/dev/null || { cat "$work/server.log"; echo "check-api: $base/readyz never answered" >&2; exit 1; }

.venv/bin/schemathesis run "$base/api/v1/openapi.json" --url "$base" \
  --checks all --max-examples 100 --seed 1 --workers 1 \
  --generation-database none --no-color "$@"
