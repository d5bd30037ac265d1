#!/usr/bin/env bash
# Times `rapport import` of the Hugo docs (../shared/realworld/hugo-docs-original),
# best of 5, with the release binary. Usage: bash tests/bench/import.sh
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
rm -rf "$out"
