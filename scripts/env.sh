# Sourced by the run and test scripts: tools on PATH, and cargo's output kept where asked.
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
export PATH="${CARGO_HOME:-$HOME/.cargo}/bin:$HOME/.cargo/bin:$ROOT/tools/node_modules/.bin:$PATH"
export PLAYWRIGHT_SKIP_BROWSER_DOWNLOAD=1
export CARGO_TERM_COLOR="${CARGO_TERM_COLOR:-never}"
# cargo, build-site.sh and the tests read the target folder from here (default: ./target).
export CARGO_TARGET_DIR="${CARGO_TARGET_DIR:-$ROOT/target}"
