#!/usr/bin/env bash
# action.yml, step 2: download the archive and its .sha256 (unless cached), check, unpack, and
# put atrium on the job's PATH.
set -euo pipefail
url=$ATRIUM_URL_OF_ARCHIVE
directory=$ATRIUM_DIRECTORY
if [ ! -x "$directory/bin/atrium" ]; then
  download=$(mktemp -d)
  name=$(basename "$url")
  curl --fail --silent --show-error --location --output "$download/$name" "$url"
  curl --fail --silent --show-error --location --output "$download/$name.sha256" "$url.sha256"
  (cd "$download" && sha256sum --check --status "$name.sha256") || {
    echo "::error::the archive's SHA-256 does not match $url.sha256"
    exit 1
  }
  mkdir -p "$directory"
  tar -xzf "$download/$name" -C "$directory" --strip-components=1
  rm -rf "$download"
fi
echo "$directory/bin" >> "$GITHUB_PATH"
"$directory/bin/atrium" --version
