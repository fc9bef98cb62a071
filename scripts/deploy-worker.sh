#!/usr/bin/env bash
# Runs one `aks-engine-azurestack deploy`, detached from the SSH session (started by
# deploy-cluster.sh, which holds the lock for it on fd 9). Records the exit code; writes
# the success marker only after exit 0, because deploy writes a complete-looking output
# directory before its ARM deployment even starts.
# Usage: deploy-worker.sh --work DIR --auth-method METHOD -- <aks-engine deploy arguments>
set -uo pipefail
# shellcheck source=lib/common.sh
source "$(dirname "${BASH_SOURCE[0]}")/lib/common.sh"

work="" auth_method=""
while [[ $# -gt 0 ]]; do
  case $1 in
    --work) work=$2; shift 2 ;;
    --auth-method) auth_method=$2; shift 2 ;;
    --) shift; break ;;
    *) die "unknown argument: $1" ;;
  esac
done
set_layout "$work"
credential_file="$STATE/credential"
# aks-engine leaves secret-bearing temp files behind: keep them in a private directory we remove.
TMPDIR=$(mktemp -d "$STATE/tmp.XXXXXX")
export TMPDIR
trap 'rm -rf "$TMPDIR" "$credential_file" "$DEPLOY_APIMODEL"' EXIT

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

log "running: aks-engine-azurestack $* (credential flags not shown)"
# The log keeps aks-engine's output sanitised: no colours, no credential.
"$BIN" "$@" "${credential_args[@]}" 2>&1 | sanitize "$secret"
code=${PIPESTATUS[0]}
log "aks-engine-azurestack exited with code $code"
if [[ $code == 0 ]]; then
  date -u +%Y-%m-%dT%H:%M:%SZ >"$MARKER"
fi
printf '%s\n' "$code" >"$STATE/deploy.exitcode.tmp"
mv -f "$STATE/deploy.exitcode.tmp" "$STATE/deploy.exitcode"
