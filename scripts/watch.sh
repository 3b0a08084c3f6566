#!/usr/bin/env bash
# For development: rebuilds and reloads the page on every change (cargo leptos watch), with
# demo data. Installs cargo-leptos the first time (about 15 minutes).
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/env.sh"
cd "$ROOT"
bash scripts/bootstrap.sh --watch
exec cargo leptos watch -- --demo "$@"
