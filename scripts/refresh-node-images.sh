#!/usr/bin/env bash
# Refreshes the OS image of every node (re-creates each VM from the current image) without
# changing Kubernetes: aks-engine-azurestack upgrade --force to the deployed version, detached
# and resumable like the deploy (lib/operation.sh). It runs when --token differs from the token
# recorded in $STATE/node-image-refresh.token, which is written only after a refresh succeeded, so
# an interrupted or failed refresh is issued again by the next run. Without a record (the first
# deploy, or a rebuilt helper), the nodes are as new as the token: it is recorded and nothing runs.
# It waits for any other operation on the helper (deploy, upgrade, scale) to finish first: they
# all rewrite the apimodel. stdin: aks-engine's own credential (client secret, or the
# certificate's private key PEM), never echoed.
#
# Usage: refresh-node-images.sh --work DIR --location L --resource-group RG --subscription-id ID
#          --cluster-client-id ID --client-id ID --auth-method client_secret|client_certificate
#          --identity-system azure_ad|adfs --token TOKEN [--poll-seconds N]
#          [--max-wait-seconds N] [--allow-secret-in-process-list true]
# Exit codes: 0 refreshed or nothing to do; 1 refused, failed, or still running after --max-wait-seconds.
set -euo pipefail
# shellcheck source=lib/common.sh
source "$(dirname "${BASH_SOURCE[0]}")/lib/common.sh"
# shellcheck source=lib/operation.sh
source "$(dirname "${BASH_SOURCE[0]}")/lib/operation.sh"
# shellcheck source=lib/apimodel.sh
source "$(dirname "${BASH_SOURCE[0]}")/lib/apimodel.sh"

token=""
while [[ $# -gt 0 ]]; do
  case $1 in
    --token) token=${2:-} ;;
    *) operation_flag "$1" "${2:-}" || die "unknown argument: $1" ;;
  esac
  shift 2
done
require_value --token "$token"
[[ $token != *[[:cntrl:]]* ]] || die "--token must not contain control characters"
day2_init node-image-refresh "node image refresh" "a node image refresh" "aks-engine-azurestack upgrade --force (node image refresh)"
RECORD="$STATE/node-image-refresh.token"
OP_REQUEST_TEXT="refresh the node images for token $token"
OP_RETRY_HINT="run pulumi up again to retry (the refresh is issued again until it succeeds)"

operation_plan() {
  local deployed
  require_deployed_cluster
  if [[ ! -f $RECORD ]]; then
    printf '%s\n' "$token" >"$RECORD.tmp"
    mv -f "$RECORD.tmp" "$RECORD"
    log "no node image refresh recorded on this helper (first deploy, or a rebuilt helper): the nodes are as new as token '$token'; recorded it, nothing to do"
    return 1
  fi
  if [[ $(cat "$RECORD") == "$token" ]]; then
    log "the node images were already refreshed for token '$token'; nothing to do"
    return 1
  fi
  deployed=$(apimodel_kubernetes_version "$OUT/apimodel.json") || die "cannot tell the deployed Kubernetes version"
  require_credential
  log "refreshing the OS image of every node (token '$(cat "$RECORD")' -> '$token'): upgrade --force to the deployed Kubernetes $deployed"
  printf '%s\n' "$token" >"$RECORD.pending"
  OP_ARGS=(upgrade "${HUB_ARGS[@]}" --api-model "$OUT/apimodel.json" --upgrade-version "$deployed" --force)
  OP_WORKER_ARGS=(--success-record "$RECORD.pending" "$RECORD")
}

run_operation
