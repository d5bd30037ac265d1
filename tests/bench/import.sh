#!/usr/bin/env bash
# Times `rapport import` of the Hugo docs (../shared/realworld/hugo-docs-original),
# then `rapport build` of the result, best of 5 each, with the release binary.
# The import includes its own in-memory build (the link repair step). Usage: bash tests/bench/import.sh
set -euo pipefail
cd "$(dirname "$0")/../.."
source_site=../shared/realworld/hugo-docs-original
[ -d "$source_site" ] || { echo "skipped: $source_site is missing"; exit 0; }
cargo build --release --quiet
out=$(mktemp -d)
best=999
for i in 1 2 3 4 5; do
  start=$(date +%s.%N)
  ./target/release/rapport import "$source_site" "$out/site$i" >/dev/null
  end=$(date +%s.%N)
  t=$(echo "$end - $start" | bc)
  if (( $(echo "$t < $best" | bc) )); then best=$t; fi
done
echo "rapport import hugo-docs-original: best of 5 $best s ($(find "$out/site1/content" -name '*.md' | wc -l) markdown files)"
best_build=999
for i in 1 2 3 4 5; do
  start=$(date +%s.%N)
  ./target/release/rapport build --root "$out/site1" >/dev/null 2>&1
  end=$(date +%s.%N)
  t=$(echo "$end - $start" | bc)
  if (( $(echo "$t < $best_build" | bc) )); then best_build=$t; fi
done
echo "rapport build of the import: best of 5 $best_build s"
rm -rf "$out"
