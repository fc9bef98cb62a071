#!/usr/bin/env bash
# npm run mutation [-- [<part>...] [--score] [--undetected] [--sample=N [--seed=S]]]: Stryker Mutator over the modules where
# a bug changes behaviour without a cloud, a part (directory) at a time (tools/mutation.ts; reports
# in .stryker/parts, out of git). A benchmark, not part of .ci/run: README "Mutation testing"
# records its score.
# Stryker runs the tests in a copy of the project under .stryker/tmp, where ../shared no longer
# resolves, so the published contracts and the real aks-engine binaries are passed by absolute path.
set -euo pipefail
cd "$(dirname "$0")/.."
shared="$(cd .. && pwd)/shared"
if [[ -z "${AZS_SPECS_DIR:-}" ]]; then
  if [[ -d "$shared/specs" ]]; then
    export AZS_SPECS_DIR="$shared/specs"
  elif [[ -d .cache/specs ]]; then
    export AZS_SPECS_DIR="$PWD/.cache/specs"
  fi
fi
if [[ -z "${AZS_AKS_ENGINE_DIR:-}" && -d "$shared/tools/aks-engine-azurestack" ]]; then
  export AZS_AKS_ENGINE_DIR="$shared/tools/aks-engine-azurestack"
fi
exec npx ts-node --transpile-only tools/mutation.ts "$@"
