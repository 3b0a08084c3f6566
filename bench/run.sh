#!/usr/bin/env bash
# The benchmark, on demand (not part of the test command): builds the release, starts its own
# server on a private port with its own SQLite database and the demo data, signs in, and
# measures in one run
#   - throughput: wrk, 64 connections, 10 s each, against the static CSS file (the upper bound:
#     the same static-file service and middleware as everything else), the home page, the
#     dashboard, the contribution account, the payment page and POST /api/v1/simulations;
#   - server time per page: the median `Server-Timing: app;dur=` of 100 sequential requests
#     after 10 warm-ups;
#   - the server's memory (RSS now and at its peak);
#   - page weight: every JS and WebAssembly response a page requests until 10 s of network
#     idle, each body compressed with `brotli -q 11`, and what was really transferred.
# Prints one table and writes bench/results.md with the machine's description.
#   BENCH_SECONDS=10 BENCH_CONNECTIONS=64 BENCH_PORT=3917 bash bench/run.sh
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/../scripts/env.sh"
cd "$ROOT"
SECONDS_EACH=${BENCH_SECONDS:-10}
CONNECTIONS=${BENCH_CONNECTIONS:-64}
PORT=${BENCH_PORT:-3917}
BASE="http://127.0.0.1:$PORT"

bash scripts/bootstrap.sh
if ! command -v wrk >/dev/null; then
  echo "== bench: apt-get install wrk"
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq wrk >/dev/null
fi

echo "== bench: release build"
bash scripts/build-site.sh
SITE="$ROOT/target/site"
BIN="$CARGO_TARGET_DIR/release/passerelle"

work=$(mktemp -d)
server_pid=
cleanup() {
  local status=$?
  if [ -n "$server_pid" ]; then kill "$server_pid" 2>/dev/null || true; wait "$server_pid" 2>/dev/null || true; fi
  rm -rf "$work"
  exit "$status"
}
trap cleanup EXIT
echo "== bench: server on $BASE (database in $work)"
PASSERELLE_ADDR="127.0.0.1:$PORT" PASSERELLE_PUBLIC_URL="$BASE" \
  PASSERELLE_DATABASE_URL="sqlite://$work/bench.db?mode=rwc" \
  LEPTOS_SITE_ROOT="$SITE" LEPTOS_ENV=PROD RUST_LOG="${RUST_LOG:-warn}" \
  "$BIN" --demo >"$work/server.log" 2>&1 &
server_pid=$!
for _ in $(seq 1 120); do
  curl -fs "$BASE/readyz" >/dev/null 2>&1 && break
  kill -0 "$server_pid" 2>/dev/null || { cat "$work/server.log"; exit 1; }
  sleep 0.5
done

# Signed in as the demo artisan: the session cookie for the signed-in pages.
curl -fs -o /dev/null -c "$work/jar" -H 'Accept: application/json' -H "Origin: $BASE" \
  --data-urlencode 'login=artisan@demo.passerelle.fr' --data-urlencode 'password=Passerelle-demo-2026' \
  "$BASE/api/sign_in"
COOKIE=$(awk '$6 ~ /passerelle_session/ {print $6 "=" $7}' "$work/jar")
[ -n "$COOKIE" ] || { echo "sign-in failed"; exit 1; }
CSS=$(curl -fs "$BASE/" | grep -o '/pkg/[^"]*\.css' | head -n1)

cat >"$work/simulation.lua" <<'LUA'
wrk.method = "POST"
wrk.body = os.getenv("SIM_BODY")
wrk.headers["Content-Type"] = "application/json"
wrk.headers["Accept"] = "application/json"
LUA

# name|path|signed in (1) or not (0)|method
TARGETS=(
  "Fichier statique (CSS)|$CSS|0|GET"
  "Accueil|/|0|GET"
  "Tableau de bord|/mon-compte|1|GET"
  "Compte cotisant|/mon-compte/cotisations|1|GET"
  "Paiement|/mon-compte/cotisations/paiement|1|GET"
  "POST /api/v1/simulations|/api/v1/simulations|0|POST"
)

SIM_BODY='{"year": 2026, "activity": "artisanale", "base_eur": 40000}'
# curl's arguments for one target: its cookie when signed in, its body when posted.
curl_args() { # signed method
  CURL=(-s -H 'Accept-Encoding: br')
  [ "$1" = 1 ] && CURL+=(-H "Cookie: $COOKIE")
  [ "$2" = POST ] && CURL+=(-X POST -H 'Content-Type: application/json' -H 'Accept: application/json' -d "$SIM_BODY")
  true
}

# The median of `Server-Timing: app;dur=` over 100 sequential requests after 10 warm-ups.
server_time() { # path
  for i in $(seq 1 110); do
    curl "${CURL[@]}" -o /dev/null -D - "$BASE$1" | tr -d '\r' |
      awk -F'dur=' 'tolower($0) ~ /^server-timing:/ {print $2}' |
      { read -r d || true; [ "$i" -gt 10 ] && [ -n "${d:-}" ] && echo "$d"; true; }
  done | sort -n | awk '{a[NR]=$1} END {if (NR) printf "%.2f", (a[int((NR+1)/2)]+a[int((NR+2)/2)])/2; else print "?"}'
}

to_ms() { # wrk's "1.23ms" / "850.00us" / "1.02s" in milliseconds
  awk -v v="$1" 'BEGIN {
    if (v ~ /us$/) printf "%.2f", v / 1000; else if (v ~ /ms$/) printf "%.2f", v + 0;
    else if (v ~ /s$/) printf "%.2f", v * 1000; else print v }'
}

rows=()
static_rps=
for t in "${TARGETS[@]}"; do
  IFS='|' read -r name path signed method <<<"$t"
  echo "== bench: $name ($path)"
  args=(-t2 "-c$CONNECTIONS" "-d${SECONDS_EACH}s" --latency -H 'Accept-Encoding: br')
  [ "$signed" = 1 ] && args+=(-H "Cookie: $COOKIE")
  [ "$method" = POST ] && args+=(-s "$work/simulation.lua")
  curl_args "$signed" "$method"
  status=$(curl "${CURL[@]}" -o /dev/null -w '%{http_code}' "$BASE$path")
  out=$(SIM_BODY="$SIM_BODY" wrk "${args[@]}" "$BASE$path")
  rps=$(awk '/^Requests\/sec:/ {printf "%.0f", $2}' <<<"$out")
  p50=$(to_ms "$(awk '$1 == "50%" {print $2}' <<<"$out")")
  p99=$(to_ms "$(awk '$1 == "99%" {print $2}' <<<"$out")")
  non2xx=$(awk '/Non-2xx or 3xx responses:/ {print $5}' <<<"$out")
  [ -z "$static_rps" ] && static_rps=$rps
  ratio=$(awk -v a="$rps" -v b="$static_rps" 'BEGIN {printf "%.2f", a / b}')
  st=$(server_time "$path")
  rows+=("| $name | \`$path\` | $status | $rps | $p50 | $p99 | $ratio | $st | ${non2xx:-0} |")
done
rss=$(awk '/^VmRSS:/ {printf "%.0f", $2 / 1024}' "/proc/$server_pid/status")
peak=$(awk '/^VmHWM:/ {printf "%.0f", $2 / 1024}' "/proc/$server_pid/status")

echo "== bench: page weight (Chromium, until 10 s of network idle)"
weights=$(cd end2end && BENCH_BASE="$BASE" BENCH_COOKIE="$COOKIE" node ../bench/page-weight.mjs)

machine="$(nproc) cores ($(awk -F': ' '/^model name/ {print $2; exit}' /proc/cpuinfo)), \
$(awk '/^MemTotal:/ {printf "%.0f GiB", $2 / 1048576}' /proc/meminfo) RAM, $(uname -sr)"
commit=$(git rev-parse --short HEAD)$(git diff --quiet || echo "+changes")
{
  echo "# Benchmark results"
  echo
  echo "Written by \`bench/run.sh\` on $(date -u +%Y-%m-%dT%H:%MZ), commit $commit."
  echo "Machine: $machine. wrk: $CONNECTIONS connections, 2 threads, ${SECONDS_EACH} s per target,"
  echo "\`Accept-Encoding: br\`; one server process, SQLite, the demo data, signed in as the demo artisan."
  echo
  echo "## Throughput and server time"
  echo
  echo "| Target | Path | Status | Requests/s | p50 (ms) | p99 (ms) | Ratio to static | Server time, median of 100 (ms) | Non-2xx/3xx |"
  echo "|---|---|---|---:|---:|---:|---:|---:|---:|"
  printf '%s\n' "${rows[@]}"
  echo
  echo "Server memory after the run: RSS $rss MiB (peak $peak MiB)."
  echo
  echo "## Page weight"
  echo
  echo "Every JS and WebAssembly response from navigation until 10 s of network idle, no interaction;"
  echo "\"brotli 11\" is each body compressed with \`brotli -q 11\`, \"transferred\" what the server sent."
  echo
  echo "$weights"
} >bench/results.md
echo
cat bench/results.md
