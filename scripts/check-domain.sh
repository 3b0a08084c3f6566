#!/usr/bin/env bash
# The business rules in app/src/domain stay pure: no web framework, no database, no runtime.
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."
if grep -rnE '^\s*(pub\s+)?use\s+(::)?(leptos|leptos_[a-z]+|sea_orm|sea_orm_migration|axum|tokio)\b|\b(leptos|sea_orm|axum|tokio)::' app/src/domain; then
  echo "check-domain: app/src/domain must not import leptos, sea_orm, axum or tokio (see above)" >&2
  exit 1
fi
echo "check-domain: app/src/domain imports neither leptos, sea_orm, axum nor tokio"
