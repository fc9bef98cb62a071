#!/usr/bin/env bash
# Measures, on this machine, the timings the README records: a clean install, the whole test
# suite, and the offline plan of each stack. Rerun it after changes that may slow things down.
set -euo pipefail
cd "$(dirname "$0")/.."

measure() {
  local label=$1
  shift
  local start=$EPOCHREALTIME
  "$@" >/dev/null 2>&1
  local end=$EPOCHREALTIME
  awk -v l="$label" -v s="$start" -v e="$end" 'BEGIN { printf "%-45s %6.1f s\n", l, e - s }'
}

measure "npm ci" npm ci --no-audit --no-fund
measure "npm test" npm test
for stack in stampA stampB global; do
  measure "npm run plan -- --stack $stack" npm run plan -- --stack "$stack"
done
