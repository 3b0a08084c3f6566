#!/usr/bin/env bash
# No Rust source file over 400 lines outside its `#[cfg(test)]` module. The files that were
# longer when this gate came in are listed in scripts/long-files.txt with their length then:
# they may shrink (and leave the list once under the limit) but not grow, and no other file
# may pass the limit. The architecture issues split them.
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."
LIMIT=400
LIST=scripts/long-files.txt
declare -A known
while read -r path max; do
  [ -z "$path" ] || [ "${path:0:1}" = "#" ] || known[$path]=$max
done < "$LIST"

# Lines before the first `#[cfg(test)]` at the start of a line: the file without its tests.
lines() { awk '/^#\[cfg\(test\)\]/{exit} {n++} END{print n+0}' "$1"; }

status=0
for f in $(git ls-files '*.rs' | grep '/src/'); do
  n=$(lines "$f")
  max=${known[$f]:-}
  if [ -n "$max" ]; then
    if [ "$n" -gt "$max" ]; then
      echo "$f: $n lines outside its tests, more than the $max it had (listed in $LIST): split it rather than grow it"
      status=1
    elif [ "$n" -le "$LIMIT" ]; then
      echo "$f: $n lines now, under $LIMIT: remove it from $LIST"
      status=1
    fi
  elif [ "$n" -gt "$LIMIT" ]; then
    echo "$f: $n lines outside its tests, over the limit of $LIMIT"
    status=1
  fi
done
for f in "${!known[@]}"; do
  [ -f "$f" ] || { echo "$f is listed in $LIST but no longer exists: remove it"; status=1; }
done
[ "$status" -eq 0 ] && echo "source files: none over $LIMIT lines outside the ${#known[@]} known exceptions"
exit "$status"
