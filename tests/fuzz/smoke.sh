#!/usr/bin/env bash
# A short run of every fuzz target (CI calls this after the tests):
#   tests/fuzz/smoke.sh [SECONDS]   (default 60 each)
# Targets run three at a time: on 2 cores each gets about 40 s of a core in
# its minute, and six targets take two minutes, not three. Each starts from
# its seeds in a fresh corpus. Skipped with a message when nightly is missing.
set -euo pipefail
cd "$(dirname "$0")/../.."
seconds="${1:-60}"

if ! cargo +nightly --version >/dev/null 2>&1; then
  echo "fuzz smoke SKIPPED: no nightly toolchain (rustup toolchain install nightly)"
  exit 0
fi
if ! cargo +nightly fuzz --version >/dev/null 2>&1; then
  echo "== installing cargo-fuzz"
  cargo install --locked cargo-fuzz
fi

# The dev profile at opt-level 1 (tests/fuzz/Cargo.toml), with debug
# assertions and overflow checks; no address sanitizer: the code is safe
# Rust (panics and overflows are what a run can find), and CI pays for the
# build on every run. Release took 7 minutes on 2 cores (cargo-fuzz forces
# one codegen unit there), opt-level 1 takes 4.5-5; it runs half to two
# thirds of release's inputs a minute (markdown a tenth): a smoke, not a
# search (long runs: -O, see the README).
build=(--fuzz-dir tests/fuzz --dev -a -s none)
echo "== building the fuzz targets (nightly, opt-level 1 with debug assertions)"
cargo +nightly fuzz build "${build[@]}"

targets=$(cargo +nightly fuzz list --fuzz-dir tests/fuzz)
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT

run_one() {
  local target=$1
  mkdir -p "$work/$target"
  if cargo +nightly fuzz run "${build[@]}" "$target" "$work/$target" "tests/fuzz/seeds/$target" \
    -- -max_total_time="$seconds" >"$work/$target.log" 2>&1; then
    echo "fuzz $target: $(grep -E '^Done' "$work/$target.log" || echo done)"
  else
    echo "fuzz $target FAILED; the end of its log:"
    tail -n 40 "$work/$target.log"
    return 1
  fi
}

failed=0
set -- $targets
while [ $# -gt 0 ]; do
  pids=()
  for target in "$1" "${2:-}" "${3:-}"; do
    [ -n "$target" ] || continue
    run_one "$target" & pids+=($!)
  done
  for pid in "${pids[@]}"; do wait "$pid" || failed=1; done
  shift "$(( $# < 3 ? $# : 3 ))"
done
exit "$failed"
