#!/usr/bin/env bash
# Runs one aks-engine-azurestack operation (deploy, upgrade, scale), detached from the SSH session:
# started by lib/operation.sh's start_worker, which hands it the helper's operation lock (fd 9) and
# the operation's own lock (fd 8), held until it exits. Records the exit code in
# $STATE/<operation>.exitcode, and only after exit 0 what success means (deploy writes a
# complete-looking output directory before its ARM deployment even starts):
#   --success-marker FILE        writes the time into FILE (deploy: the deployed marker)
#   --success-record FROM TO     moves FROM to TO (node image refresh: the token it refreshed for)
#   --success-pool-count P N     makes node pool P's count in the apimodel N, as aks-engine's scale
#                                does when it scales, but not when it finds the VMs already at N
#                                (cmd/scale.go returns before saveAPIModel): a scale interrupted
#                                after its ARM deployment would otherwise leave the old count there
# and the release of $BIN into $RELEASE, as the release that last wrote _output/apimodel.json
# (with --release-if-changed only when that file changed: a scale that finds nothing to do keeps it).
# The credential is $STATE/credential (0600, written by start_worker), removed when this exits;
# $STATE/credential.redact holds what the log must not show (NUL-separated), removed at once.
# Usage: aks-engine-worker.sh --work DIR --operation NAME --auth-method METHOD [--success-...] -- <aks-engine arguments>
set -uo pipefail
# shellcheck source=lib/common.sh
source "$(dirname "${BASH_SOURCE[0]}")/lib/common.sh"
# shellcheck source=lib/apimodel.sh
source "$(dirname "${BASH_SOURCE[0]}")/lib/apimodel.sh"

work="" operation="" auth_method="" success_marker="" record_from="" record_to="" pool="" pool_count="" release_if_changed=false
while [[ $# -gt 0 ]]; do
  case $1 in
    --work) work=$2; shift 2 ;;
    --operation) operation=$2; shift 2 ;;
    --auth-method) auth_method=$2; shift 2 ;;
    --success-marker) success_marker=$2; shift 2 ;;
    --success-record) record_from=$2; record_to=$3; shift 3 ;;
    --success-pool-count) pool=$2; pool_count=$3; shift 3 ;;
    --release-if-changed) release_if_changed=true; shift ;;
    --) shift; break ;;
    *) die "unknown argument: $1" ;;
  esac
done
require_value --operation "$operation"
set_layout "$work"
credential_file="$STATE/credential"
# aks-engine leaves secret-bearing temp files behind: keep them in a private directory we remove.
TMPDIR=$(mktemp -d "$STATE/tmp.XXXXXX")
export TMPDIR
trap 'rm -rf "$TMPDIR" "$credential_file" "$STATE/credential.redact" "$DEPLOY_APIMODEL"' EXIT
redact=()
if [[ -f $STATE/credential.redact ]]; then
  mapfile -d '' redact <"$STATE/credential.redact"
  rm -f "$STATE/credential.redact"
fi

secret=""
case $auth_method in
  client_secret)
    # Read and remove at once: the secret then lives only in this process and aks-engine's argv.
    secret=$(cat "$credential_file")
    rm -f "$credential_file"
    credential_args=(--client-secret "$secret")
    ;;
  client_certificate) credential_args=(--certificate-path "$CLIENT_CERT" --private-key-path "$credential_file") ;;
  *) die "unknown auth method: $auth_method" ;;
esac

apimodel_hash() {
  sha256sum "$OUT/apimodel.json" 2>/dev/null | cut -d ' ' -f 1
}

before=$(apimodel_hash)
# The release that runs now is the one that writes the apimodel, even if an install swaps $BIN meanwhile.
release=$(binary_version "$BIN")
log "running: aks-engine-azurestack $* (credential flags not shown)"
# The log keeps aks-engine's output sanitised: no colours, no credential.
"$BIN" "$@" "${credential_args[@]}" 2>&1 | sanitize "$secret" "${redact[@]}"
code=${PIPESTATUS[0]}
log "aks-engine-azurestack exited with code $code"
if [[ $code == 0 && -n $pool ]]; then
  recorded=$(apimodel_pool_count "$OUT/apimodel.json" "$pool") || code=1
  if [[ $code == 0 && $recorded != "$pool_count" ]]; then
    log "the VMs of node pool $pool are at $pool_count but $OUT/apimodel.json says $recorded (a scale that was interrupted after its ARM deployment); setting it to $pool_count as aks-engine-azurestack's scale would have"
    apimodel_set_pool_count "$OUT/apimodel.json" "$pool" "$pool_count" || code=1
  fi
fi
if [[ $code == 0 ]]; then
  if [[ $release_if_changed == false || $(apimodel_hash) != "$before" ]]; then
    if [[ -n $release ]]; then echo "$release" >"$RELEASE"; fi
  fi
  if [[ -n $success_marker ]]; then date -u +%Y-%m-%dT%H:%M:%SZ >"$success_marker"; fi
  if [[ -n $record_from ]]; then mv -f "$record_from" "$record_to"; fi
fi
printf '%s\n' "$code" >"$STATE/$operation.exitcode.tmp"
mv -f "$STATE/$operation.exitcode.tmp" "$STATE/$operation.exitcode"
