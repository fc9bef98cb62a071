#!/usr/bin/env bash
# Puts the cluster's generated apimodel back on a helper that lost it (for example a rebuilt
# helper VM), from the backup kept in the stack's state (stdin, possibly empty), so that
# the deploy step sees a deployed cluster instead of deploying a new one with a new PKI.
# `generate` (no cloud calls) checks the backup and recreates the templates and certificate
# files; it writes no kubeconfig for an apimodel that already holds its PKI (pkg/engine/output.go),
# which is why the stack renders the admin kubeconfig from the backup itself. It records the
# cluster's identity as the deploy does, so that a later change of it is refused there too.
# Usage: restore-cluster-state.sh --work DIR --location L --resource-group RG --subscription-id ID
#          --cluster-client-id ID
# stdin: the release that last wrote the backup (or an empty line), then the backed-up apimodel.json
# (or nothing, before the first deploy).
set -euo pipefail
# shellcheck source=lib/common.sh
source "$(dirname "${BASH_SOURCE[0]}")/lib/common.sh"

work="" location="" resource_group="" subscription_id="" cluster_client_id=""
while [[ $# -gt 0 ]]; do
  case $1 in
    --work) work=$2; shift 2 ;;
    *) identity_flag "$1" "${2:-}" || die "unknown argument: $1"; shift 2 ;;
  esac
done
for flag in work location resource_group subscription_id cluster_client_id; do
  require_value "--${flag//_/-}" "${!flag}"
done
set_layout "$work"

IFS= read -r release || true
backup=$(cat)
[[ -z $release || $release =~ ^v[0-9]+\.[0-9]+\.[0-9]+$ ]] || die "the first line of stdin must be the aks-engine-azurestack release that wrote the backup, e.g. v0.85.0"
if [[ -f $MARKER ]]; then
  log "this helper has a deployed cluster; nothing to restore"
  exit 0
fi
if [[ -z ${backup//[[:space:]]/} ]]; then
  log "no apimodel backup in the stack yet (first deploy); nothing to restore"
  exit 0
fi
[[ $backup == "{"* ]] || die "the apimodel backup in the stack is not JSON; not restoring"
[[ -x $BIN ]] || die "$BIN is missing; the install step must run first"

# A backup exists only after a successful deploy, so the cluster exists: whatever a lost helper
# or an interrupted restore left in the output directory is replaced by the backed-up PKI.
mkdir -p "$STATE"
chmod 700 "$STATE"
restored="$STATE/apimodel.restored.json"
staging="$CLUSTER/_output.restore"
(umask 077 && printf '%s\n' "$backup" >"$restored")
rm -rf "$staging"
log "restoring the cluster's apimodel from the stack's backup and regenerating its files"
if ! "$BIN" generate --api-model "$restored" --output-directory "$staging" >"$STATE/restore.log" 2>&1; then
  rm -f "$restored"
  tail -n 20 "$STATE/restore.log" | sanitize "" >&2
  die "aks-engine-azurestack generate failed; the cluster was not touched"
fi
# The backup, not generate's re-serialisation of it, stays the cluster's source of truth.
(umask 077 && cp "$restored" "$staging/apimodel.json")
rm -rf "$OUT"
mv "$staging" "$OUT"
rm -f "$restored" # a second copy of the cluster's PKI, no longer needed
cluster_identity "$location" "$resource_group" "$subscription_id" "$cluster_client_id" >"$IDENTITY"
if [[ -n $release ]]; then echo "$release" >"$RELEASE"; fi
date -u +%Y-%m-%dT%H:%M:%SZ >"$MARKER"
log "restored; the existing cluster is kept and will not be redeployed"
