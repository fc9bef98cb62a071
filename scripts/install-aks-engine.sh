#!/usr/bin/env bash
# Installs a pinned aks-engine-azurestack release into <work>/bin. Idempotent: does nothing
# when that version is already installed; a different version replaces it atomically.
# Usage: install-aks-engine.sh --work DIR --version vX.Y.Z --url URL [--sha256 HEX]
set -euo pipefail
# shellcheck source=lib/common.sh
source "$(dirname "${BASH_SOURCE[0]}")/lib/common.sh"

work="" version="" url="" sha256=""
while [[ $# -gt 0 ]]; do
  case $1 in
    --work) work=$2; shift 2 ;;
    --version) version=$2; shift 2 ;;
    --url) url=$2; shift 2 ;;
    --sha256) sha256=$2; shift 2 ;;
    *) die "unknown argument: $1" ;;
  esac
done
require_value --work "$work"
require_value --version "$version"
require_value --url "$url"
set_layout "$work"
mkdir -p "$WORK/bin"

if [[ -x $BIN ]] && [[ $(binary_version "$BIN") == "$version" ]]; then
  log "aks-engine-azurestack $version is already installed at $BIN"
  exit 0
fi

tmp=$(mktemp -d "$WORK/install.XXXXXX")
trap 'rm -rf "$tmp"' EXIT
log "downloading aks-engine-azurestack $version from $url"
curl -fsSL --retry 5 --retry-delay 5 --retry-connrefused -o "$tmp/release.tar.gz" "$url" ||
  die "download of $url failed; for an air-gapped hub set aksEngineDownloadUrl to an internal mirror"

if [[ -n $sha256 ]]; then
  actual=$(sha256sum "$tmp/release.tar.gz" | cut -d ' ' -f 1)
  [[ $actual == "$sha256" ]] || die "sha256 of $url is $actual, expected $sha256 (aksEngineSha256); not installing"
  log "sha256 verified"
fi

mkdir "$tmp/x"
tar -xzf "$tmp/release.tar.gz" -C "$tmp/x" || die "$url is not a gzip tar archive"
found=$(find "$tmp/x" -type f -name aks-engine-azurestack | head -n 1)
[[ -n $found ]] || die "the archive from $url contains no aks-engine-azurestack binary"
install -m 0755 "$found" "$BIN.new"
got=$(binary_version "$BIN.new" || true)
if [[ $got != "$version" ]]; then
  rm -f "$BIN.new"
  die "the archive from $url contains aks-engine-azurestack ${got:-of unknown version}, expected $version"
fi
mv -f "$BIN.new" "$BIN"
log "installed aks-engine-azurestack $version at $BIN"
