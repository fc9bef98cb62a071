#!/usr/bin/env bash
# Upgrades the deployed cluster's Kubernetes to --kubernetes-version with aks-engine-azurestack
# upgrade, detached and resumable like the deploy (lib/operation.sh), never with --force.
#   - The deployed version is read from the generated apimodel (_output/apimodel.json); when it is
#     already the target, nothing runs.
#   - upgrade rewrites that apimodel only at its end (cmd/upgrade.go, run: SaveFile after
#     UpgradeCluster), and is resumable by running the same command again (it skips the nodes
#     already at the target). So: while an upgrade runs, a re-run waits for it; once none runs and
#     the apimodel is not at the target yet (failed, interrupted, or its worker vanished), a re-run
#     issues the same upgrade again.
#   - Without --force, aks-engine accepts only a target its release can upgrade to from the
#     apimodel's version (initialize/validateTargetVersion), which the program checks beforehand.
# It waits for any other operation on the helper (deploy, scale, node image refresh) to finish
# first: they all rewrite the apimodel. stdin: aks-engine's own credential (client secret, or the
# certificate's private key PEM), never echoed.
#
# Usage: upgrade-cluster.sh --work DIR --location L --resource-group RG --subscription-id ID
#          --cluster-client-id ID --client-id ID --auth-method client_secret|client_certificate
#          --identity-system azure_ad|adfs --kubernetes-version X.Y.Z [--poll-seconds N]
#          [--max-wait-seconds N] [--allow-secret-in-process-list true]
# Exit codes: 0 upgraded or already there; 1 refused, failed, or still running after --max-wait-seconds.
set -euo pipefail
# shellcheck source=lib/common.sh
source "$(dirname "${BASH_SOURCE[0]}")/lib/common.sh"
# shellcheck source=lib/operation.sh
source "$(dirname "${BASH_SOURCE[0]}")/lib/operation.sh"
# shellcheck source=lib/apimodel.sh
source "$(dirname "${BASH_SOURCE[0]}")/lib/apimodel.sh"

target=""
while [[ $# -gt 0 ]]; do
  case $1 in
    --kubernetes-version) target=${2:-} ;;
    *) operation_flag "$1" "${2:-}" || die "unknown argument: $1" ;;
  esac
  shift 2
done
require_value --kubernetes-version "$target"
[[ $target =~ ^[0-9]+\.[0-9]+\.[0-9]+$ ]] || die "--kubernetes-version must be a full Kubernetes version such as 1.34.4, not $target"
day2_init upgrade upgrade "an upgrade" "aks-engine-azurestack upgrade"
OP_REQUEST_TEXT="upgrade to Kubernetes $target"
OP_RETRY_HINT="run pulumi up again to retry (the upgrade resumes where it stopped)"

operation_plan() {
  local deployed
  require_deployed_cluster
  deployed=$(apimodel_kubernetes_version "$OUT/apimodel.json") || die "cannot tell the deployed Kubernetes version"
  if [[ $deployed == "$target" ]]; then
    log "the cluster is already at Kubernetes $target; nothing to do"
    return 1
  fi
  require_credential
  log "upgrading the cluster from Kubernetes $deployed to $target"
  OP_ARGS=(upgrade "${HUB_ARGS[@]}" --api-model "$OUT/apimodel.json" --upgrade-version "$target")
}

run_operation
