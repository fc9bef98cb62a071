#!/usr/bin/env bash
# Prints one of the deployed cluster's generated files to stdout, and nothing else there:
# the caller stores stdout as a secret. Refuses before the deploy has succeeded.
# Usage: read-cluster-file.sh --work DIR --location L --file kubeconfig|apimodel
set -euo pipefail
# shellcheck source=lib/common.sh
source "$(dirname "${BASH_SOURCE[0]}")/lib/common.sh"

work="" location="" file=""
while [[ $# -gt 0 ]]; do
  case $1 in
    --work) work=$2; shift 2 ;;
    --location) location=$2; shift 2 ;;
    --file) file=$2; shift 2 ;;
    *) die "unknown argument: $1" ;;
  esac
done
require_value --work "$work"
require_value --location "$location"
set_layout "$work"

[[ -f $MARKER ]] || die "no successful deploy recorded on this helper ($MARKER missing)"
case $file in
  kubeconfig) path="$OUT/kubeconfig/kubeconfig.$location.json" ;;
  apimodel) path="$OUT/apimodel.json" ;;
  *) die "--file must be kubeconfig or apimodel" ;;
esac
[[ -s $path ]] || die "$path is missing or empty"
cat "$path"
