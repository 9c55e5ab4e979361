#!/usr/bin/env bash
# action.yml, step 1: which archive, and where it is kept (the cache's path and key).
set -euo pipefail
arch=$(uname -m)
url=${ATRIUM_ARCHIVE_URL:-}
if [ -z "$url" ]; then
  # The release page of the repository the action is used from, unless `releases` names another.
  releases=${ATRIUM_RELEASES:-}
  if [ -z "$releases" ]; then
    if [ -z "${ATRIUM_ACTION_REPOSITORY:-}" ]; then
      echo "::error::no archive: set the action's releases or archive-url input" >&2
      exit 1
    fi
    releases="https://github.com/${ATRIUM_ACTION_REPOSITORY}/releases/download"
  fi
  url="${releases%/}/v${ATRIUM_VERSION}/atrium-${ATRIUM_VERSION}-linux-${arch}.tar.gz"
fi
key=$(printf '%s' "$url" | sha256sum | cut -c1-16)
directory="${RUNNER_TOOL_CACHE:-$HOME/.cache}/atrium/$key"
{
  echo "url=$url"
  echo "key=$key"
  echo "directory=$directory"
} >> "$GITHUB_OUTPUT"
