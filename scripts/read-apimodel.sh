#!/usr/bin/env bash
# Prints the deployed cluster's generated apimodel (_output/apimodel.json: every certificate and
# secret of the cluster, and the only source of truth for day-2 operations) to stdout, and nothing
# else there: the caller stores stdout as a secret and renders the admin kubeconfig from it.
# Refuses before the deploy (or a restore) has succeeded.
# Usage: read-apimodel.sh --work DIR
set -euo pipefail
# shellcheck source=lib/common.sh
source "$(dirname "${BASH_SOURCE[0]}")/lib/common.sh"

[[ $# -eq 2 && $1 == --work && -n $2 ]] || die "usage: read-apimodel.sh --work DIR"
set_layout "$2"

[[ -f $MARKER ]] || die "no successful deploy recorded on this helper ($MARKER missing)"
[[ -s $OUT/apimodel.json ]] || die "$OUT/apimodel.json is missing or empty"
cat "$OUT/apimodel.json"
