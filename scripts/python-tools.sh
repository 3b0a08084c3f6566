#!/usr/bin/env bash
# Creates .venv in the project root and installs the pinned Python tools of the test suite
# (scripts/python-requirements.txt) into it, never system-wide. Idempotent: does nothing
# when the virtual environment already holds exactly what the file asks for.
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
VENV="$ROOT/.venv"
REQUIREMENTS="$ROOT/scripts/python-requirements.txt"
STAMP="$VENV/.requirements.sha256"

want=$(sha256sum "$REQUIREMENTS" | cut -d' ' -f1)
if [[ -x "$VENV/bin/python" && -f "$STAMP" && "$(cat "$STAMP")" == "$want" ]]; then
  exit 0
fi
if [[ ! -x "$VENV/bin/python" ]]; then
  echo "creating the Python virtual environment $VENV"
  python3 -m venv "$VENV"
fi
"$VENV/bin/python" -m pip install --quiet --disable-pip-version-check -r "$REQUIREMENTS"
echo "$want" >"$STAMP"
