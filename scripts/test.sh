#!/usr/bin/env bash
# README command 2: every test, Rust and browser, on SQLite and on PostgreSQL.
# Installs what is missing, starts PostgreSQL when it is not running, and drops the
# databases it created.
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/env.sh"
cd "$ROOT"
started=$SECONDS
step() { printf '\n==== [%d:%02d] %s\n' $(((SECONDS - started) / 60)) $(((SECONDS - started) % 60)) "$*"; }

step "tools, and the hydration bundle compiling beside them"
# The bundle (release profile, as shipped) compiles in the background from here on: its build
# folder is its own, and it fills the cores that the downloads and the other builds leave idle.
bash scripts/bootstrap.sh --target
bundle_log=$(mktemp)
SITE_SERVER_BIN="$CARGO_TARGET_DIR/debug/passerelle" bash scripts/build-site.sh --compile-only >"$bundle_log" 2>&1 &
bundle_pid=$!
stop_bundle() {
  if kill -0 "$bundle_pid" 2>/dev/null; then pkill -TERM -P "$bundle_pid" || true; kill "$bundle_pid" || true; fi
}
trap stop_bundle EXIT
bash scripts/bootstrap.sh

step "domain purity"
bash scripts/check-domain.sh

step "gates: formatting, file lengths, clippy on the server and the WebAssembly builds"
cargo fmt --all --check
bash scripts/check-lengths.sh
cargo clippy -q -p app -p server --features app/ssr --all-targets -- -D warnings
cargo clippy -q -p frontend --target wasm32-unknown-unknown -- -D warnings

step "PostgreSQL"
PG_URL="${TEST_PG_URL:-postgres://postgres@127.0.0.1:5432/test}"
if ! pg_isready -q -h 127.0.0.1 -p 5432; then
  echo "starting the local PostgreSQL cluster"
  cluster=$(ls /etc/postgresql | sort -V | tail -n1)
  pg_ctlcluster --skip-systemctl-redirect "$cluster" main start
  for _ in $(seq 1 30); do pg_isready -q -h 127.0.0.1 -p 5432 && break; sleep 1; done
fi
drop_test_databases() {
  psql "$PG_URL" -Atc "select datname from pg_database where datname like 'passerelle\_t\_%'" 2>/dev/null |
    while read -r db; do psql "$PG_URL" -qc "drop database if exists \"$db\" with (force)" >/dev/null 2>&1 || true; done
}
trap 'stop_bundle; drop_test_databases' EXIT

step "Rust tests on SQLite (domain, persistence, server functions over HTTP)"
# One server test writes the calendar files of an appointment's life here, for the check below.
export PASSERELLE_ICS_DIR="$CARGO_TARGET_DIR/ics-emailed"
rm -rf "$PASSERELLE_ICS_DIR"
cargo nextest run --no-fail-fast -p app --features ssr
cargo nextest run --no-fail-fast -p server

step "the emailed calendar files, read by a second parser (Python icalendar)"
PYTHON=$(bash scripts/python-tools.sh)
"$PYTHON" scripts/check_ics.py "$PASSERELLE_ICS_DIR"

step "Rust tests on PostgreSQL"
TEST_DATABASE_URL="$PG_URL" cargo nextest run --no-fail-fast -p app --features ssr
TEST_DATABASE_URL="$PG_URL" cargo nextest run --no-fail-fast -p server

step "the site for the browser tests: the release WebAssembly bundle, served by the server the tests above built"
# The bundle is what ships (wasm-opt and the minifiers included); the server is the debug build
# the Rust tests already compiled: a second, release compilation of the server would add about
# 10 minutes to a first run and test the same code. The run command and bench/run.sh use release.
wait $bundle_pid || { cat "$bundle_log"; echo "the WebAssembly bundle did not compile" >&2; exit 1; }
export PASSERELLE_BIN="$CARGO_TARGET_DIR/debug/passerelle"
SITE_SERVER_BIN="$PASSERELLE_BIN" bash scripts/build-site.sh

step "JSON API against its OpenAPI document (schemathesis, all checks, fixed seed)"
bash scripts/check-api.sh

step "browser tests (Playwright + axe-core, hydrated and without JavaScript)"
(cd end2end && CI="${CI:-}" npx playwright test)

step "duplicate crate versions (cargo tree -d)"
# All of them come from upstream crates (leptos and sqlx pin different rand, thiserror…);
# printed so that a new one shows up in review.
cargo tree -d --depth 0 -e normal --workspace --prefix none 2>/dev/null | grep -v '^$' | sed 's/ (\*)//' | sort -u | tr '\n' ' '
echo
step "all tests passed"
