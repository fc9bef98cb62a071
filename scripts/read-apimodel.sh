#!/usr/bin/env bash
# Prints the deployed cluster's generated apimodel (_output/apimodel.json: every certificate and
# secret of the cluster, and the only source of truth for day-2 operations) to stdout, and nothing
# else there, as JSON: {"aksEngineRelease": <release that last wrote it>, "apimodel": <the file>}.
# The caller stores stdout as a secret and derives the admin kubeconfig and clusterState from it.
# Refuses before the deploy (or a restore) has succeeded.
# Usage: read-apimodel.sh --work DIR
set -euo pipefail
# shellcheck source=lib/common.sh
source "$(dirname "${BASH_SOURCE[0]}")/lib/common.sh"

[[ $# -eq 2 && $1 == --work && -n $2 ]] || die "usage: read-apimodel.sh --work DIR"
set_layout "$2"

[[ -f $MARKER ]] || die "no successful deploy recorded on this helper ($MARKER missing)"
[[ -s $OUT/apimodel.json ]] || die "$OUT/apimodel.json is missing or empty"
# Recorded by whatever wrote the apimodel last; the installed binary for helpers from before that.
release=$(cat "$RELEASE" 2>/dev/null || binary_version "$BIN")
[[ $release =~ ^v[0-9]+\.[0-9]+\.[0-9]+$ ]] || die "cannot tell which aks-engine-azurestack release wrote $OUT/apimodel.json"
printf '{"aksEngineRelease": "%s", "apimodel": ' "$release"
cat "$OUT/apimodel.json"
printf '}\n'
