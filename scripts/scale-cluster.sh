#!/usr/bin/env bash
# Scales a node pool of the deployed cluster to --node-count with aks-engine-azurestack scale,
# detached and resumable like the deploy (lib/operation.sh). aks-engine compares the count with
# the pool's VMs and exits 0 without doing anything when they are already at it (cmd/scale.go,
# printScaleTargetEqualsExisting), so the scale always runs and a re-run after an interruption
# is safe; --apiserver is always passed, since scaling down needs it to drain the nodes. When the
# VMs are at the count but the apimodel is not (a scale interrupted after its ARM deployment,
# which aks-engine's no-op does not repair), the worker sets the pool's count in the apimodel.
# It waits for any other operation on the helper (deploy, upgrade, node image refresh) to finish
# first: they all rewrite the apimodel. stdin: aks-engine's own credential (client secret, or the
# certificate's private key PEM), never echoed.
#
# Usage: scale-cluster.sh --work DIR --location L --resource-group RG --subscription-id ID
#          --cluster-client-id ID --client-id ID --auth-method client_secret|client_certificate
#          --identity-system azure_ad|adfs --node-pool P --node-count N --apiserver FQDN
#          [--poll-seconds N] [--max-wait-seconds N] [--allow-secret-in-process-list true]
# Exit codes: 0 scaled or already there; 1 refused, failed, or still running after --max-wait-seconds.
set -euo pipefail
# shellcheck source=lib/common.sh
source "$(dirname "${BASH_SOURCE[0]}")/lib/common.sh"
# shellcheck source=lib/operation.sh
source "$(dirname "${BASH_SOURCE[0]}")/lib/operation.sh"
# shellcheck source=lib/apimodel.sh
source "$(dirname "${BASH_SOURCE[0]}")/lib/apimodel.sh"

pool="" count="" apiserver=""
while [[ $# -gt 0 ]]; do
  case $1 in
    --node-pool) pool=${2:-} ;;
    --node-count) count=${2:-} ;;
    --apiserver) apiserver=${2:-} ;;
    *) operation_flag "$1" "${2:-}" || die "unknown argument: $1" ;;
  esac
  shift 2
done
require_value --node-pool "$pool"
require_value --node-count "$count"
require_value --apiserver "$apiserver"
[[ $pool =~ ^[a-z][a-z0-9]{0,11}$ ]] || die "--node-pool must be a node pool name (a lowercase letter, then up to 11 lowercase letters or digits), not $pool"
if ! [[ $count =~ ^[1-9][0-9]{0,3}$ ]] || ((count > 1000)); then
  die "--node-count must be between 1 and 1000, not $count"
fi
[[ $apiserver != http://* ]] || die "--apiserver must not be http:// (aks-engine-azurestack drains nodes over https only)"
day2_init scale scale "a scale" "aks-engine-azurestack scale"
OP_REQUEST_TEXT="scale node pool $pool to $count nodes"
OP_RETRY_HINT="run pulumi up again to retry (scale compares with the pool's VMs, so it carries on from where it stopped)"

operation_plan() {
  local recorded
  require_deployed_cluster
  recorded=$(apimodel_pool_count "$OUT/apimodel.json" "$pool") || die "node pool $pool is not in the deployed cluster's apimodel; a pool's name cannot change after the deploy"
  # The step also runs when only a shared setting changed (polling, the credential): equal counts
  # do nothing, not even aks-engine's own no-op with its ARM lookups. (The worker keeps the
  # apimodel's count true after an interrupted scale, so it can be trusted here.)
  if [[ $recorded == "$count" ]]; then
    log "node pool $pool already has $count nodes; nothing to scale"
    return 1
  fi
  require_credential
  log "scaling node pool $pool to $count nodes (the apimodel has $recorded; aks-engine-azurestack compares with the pool's VMs and does nothing when they are already $count)"
  OP_ARGS=(scale "${HUB_ARGS[@]}" --api-model "$OUT/apimodel.json" --new-node-count "$count" --node-pool "$pool" --apiserver "$apiserver")
  OP_WORKER_ARGS=(--success-pool-count "$pool" "$count" --release-if-changed)
}

run_operation
