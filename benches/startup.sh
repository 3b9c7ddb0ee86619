#!/usr/bin/env bash
# Start-up and answer time of `burnrate quote` on the embedded pricing table (goal: < 10 ms),
# timed against `burnrate --version` (same binary, no pricing load) in the same hyperfine run so
# that machine noise affects both. Needs hyperfine (`apt-get install hyperfine`).
set -euo pipefail
cd "$(dirname "$0")/.."
cargo build --release --quiet
bin=target/release/burnrate
hyperfine -N --warmup 20 --runs "${RUNS:-300}" \
  "$bin quote --model claude-sonnet-4-6 --input 500 --output 200 --requests 10000" \
  "$bin --version" "$@"
