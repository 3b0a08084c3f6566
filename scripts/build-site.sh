#!/usr/bin/env bash
# The release build, without cargo-leptos: the server binary and the site it serves
# (target/site: the hydration bundle, the stylesheet and public/), with hashed asset names
# and precompressed .br files. The same steps as `cargo leptos build --release` with this
# workspace's settings, so that a fresh machine need not compile cargo-leptos (about 15 of
# its first 25 minutes) to run or test Passerelle; cargo-leptos stays for `cargo leptos watch`.
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/env.sh"
cd "$ROOT"

NAME=passerelle
SITE="$ROOT/target/site"
PKG="$SITE/pkg"
# Read by leptos_config when the server is compiled (the bundle's name in every page) and by
# both builds, as cargo-leptos sets them.
export LEPTOS_OUTPUT_NAME=$NAME LEPTOS_SITE_ROOT=target/site LEPTOS_SITE_PKG_DIR=pkg
export LEPTOS_HASH_FILES=true LEPTOS_HASH_FILE_NAME=hash.txt

log() { printf '== build-site: %s\n' "$*"; }

# 1. The two compilations run side by side (their profiles use separate build folders):
#    the hydration bundle (profile wasm-release: size first) and the server (release).
#    SITE_SERVER_BIN=path serves the site with that binary instead (the test command's debug
#    build, already compiled by its tests) and compiles the bundle alone. `--compile-only`
#    stops after compiling (the run and test commands start it early, beside other work).
SERVER_BIN="${SITE_SERVER_BIN:-$CARGO_TARGET_DIR/release/$NAME}"
log "cargo build: WebAssembly bundle${SITE_SERVER_BIN:+ (server: $SITE_SERVER_BIN)}"
cargo build -q -p frontend --lib --target wasm32-unknown-unknown --profile wasm-release \
  --no-default-features --features hydrate &
front=$!
back=
if [ -z "${SITE_SERVER_BIN:-}" ]; then
  cargo build -q -p server --bin "$NAME" --release &
  back=$!
fi
status=0
wait $front || status=$?
[ -z "$back" ] || wait $back || status=$?
[ $status -eq 0 ] || exit $status
[ "${1:-}" != "--compile-only" ] || exit 0
[ -x "$SERVER_BIN" ] || { echo "build-site: no server binary at $SERVER_BIN" >&2; exit 1; }

# 2. The site, from scratch so that no asset of an earlier build is left to serve.
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
log "wasm-bindgen, wasm-opt, CSS and JS minified"
wasm-bindgen --target web --no-typescript --out-name "$NAME" --out-dir "$work" \
  "$CARGO_TARGET_DIR/wasm32-unknown-unknown/wasm-release/frontend.wasm"
wasm-opt -Oz --enable-bulk-memory --enable-nontrapping-float-to-int --enable-reference-types \
  --enable-sign-ext --enable-mutable-globals --enable-multivalue \
  -o "$work/$NAME.wasm" "$work/${NAME}_bg.wasm"
terser --module --compress --mangle -o "$work/$NAME.js" "$work/$NAME.js"
lightningcss --minify --targets defaults -o "$work/$NAME.css" style/main.css

rm -rf "$SITE"
mkdir -p "$PKG"
cp -r public/. "$SITE/"

# 3. Hashed names (MD5, base64url: cargo-leptos's scheme); the server reads the hashes from
#    hash.txt next to its binary and names the files in every page.
hash_file="$(dirname "$SERVER_BIN")/hash.txt"
: >"$hash_file.new"
for ext in js wasm css; do
  hash=$(python3 -c 'import base64,hashlib,sys; print(base64.urlsafe_b64encode(hashlib.md5(open(sys.argv[1],"rb").read()).digest()).decode().rstrip("="))' "$work/$NAME.$ext")
  cp "$work/$NAME.$ext" "$PKG/$NAME.$hash.$ext"
  echo "$ext: $hash" >>"$hash_file.new"
done
mv "$hash_file.new" "$hash_file"

# 4. Brotli 11 beside each asset, served as is (no compression per request).
LEPTOS_SITE_ROOT="$SITE" "$SERVER_BIN" precompress >/dev/null
log "done: $SITE, server $SERVER_BIN"
