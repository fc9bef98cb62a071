#!/usr/bin/env bash
# Measures, on this machine, the timings the README records: a clean install, the whole test
# suite, the offline plan of each stack, and the tests of one mutant under `npm run mutation`.
# Rerun it after changes that may slow things down.
set -euo pipefail
cd "$(dirname "$0")/.."

output=$(mktemp)
trap 'rm -f "$output"' EXIT

# Times one step; a failing step stops the run with its exit code and the end of its output.
measure() {
  local label=$1 status=0
  shift
  local start=$EPOCHREALTIME
  "$@" >"$output" 2>&1 || status=$?
  local end=$EPOCHREALTIME
  if ((status != 0)); then
    printf '%s failed with exit code %d; the last lines of its output:\n' "$label" "$status" >&2
    tail -n 30 "$output" >&2
    exit "$status"
  fi
  awk -v l="$label" -v s="$start" -v e="$end" 'BEGIN { printf "%-45s %6.1f s\n", l, e - s }'
}

measure "npm ci" npm ci --no-audit --no-fund
measure "npm test" npm test
for stack in stampA stampB global; do
  measure "npm run plan -- --stack $stack" npm run plan -- --stack "$stack"
done

# What a surviving mutant reached by every plan test costs `npm run mutation`: the tests Stryker runs,
# one file after another, sharing plans as they do under an active mutant (the variable names one).
plans=$(mktemp -d)
measure "mutation tests under one mutant" env TMPDIR="$plans" __STRYKER_ACTIVE_MUTANT__=0 npx jest -c jest.mutation.config.js --runInBand
rm -rf "$plans"

# The global stack with 2 and 50 stamps (a temporary stack file and stack-reference fixture).
scale() {
  local n=$1 stack="bench$1" refs
  refs=$(mktemp)
  # shellcheck disable=SC2064 # expand now: these names are this call's
  trap "rm -f '$refs' '$refs.plan.json' 'Pulumi.$stack.yaml' '$output'" EXIT
  # shellcheck disable=SC2016 # the JavaScript is single-quoted on purpose
  node -e '
    const n = Number(process.argv[1]);
    const entries = Array.from({ length: n }, (_, i) => ({ stack: `organization/azs-ha-kubernetes/stamp${i + 1}`, weight: 10 }));
    const refs = Object.fromEntries(entries.map((e, i) => [e.stack, { outputs: { ingressAddress: `203.0.113.${(i % 250) + 1}` } }]));
    require("fs").writeFileSync(process.argv[2], JSON.stringify(refs));
    const lines = ["config:", "  azs-ha-kubernetes:role: global", "  azs-ha-kubernetes:azureSubscriptionId: 1b2c3d4e-5f60-4718-9a2b-3c4d5e6f7a8b",
      "  azs-ha-kubernetes:azureLocation: westeurope", "  azs-ha-kubernetes:trafficManagerDnsName: bench-ratings",
      "  azs-ha-kubernetes:trafficManagerEndpoints: " + JSON.stringify(entries)];
    require("fs").writeFileSync(process.argv[3], lines.join("\n") + "\n");
  ' "$n" "$refs" "Pulumi.$stack.yaml"
  measure "npm run plan (global, $n stamps)" npm run plan -- --stack "$stack" --stack-references "$refs" --out "$refs.plan.json"
  rm -f "$refs" "$refs.plan.json" "Pulumi.$stack.yaml"
}
scale 2
scale 50
