#!/usr/bin/env bash
# Runs the release archive where nothing is installed: a minimal Debian root made with
# `debootstrap --variant=minbase bookworm` (kept in .build/chroot-bookworm, so a rerun takes
# seconds), entered with chroot. Installs the archive the way the README says, then inside:
# `atrium --version`, ldd with every library resolved, `validate` of a git repository,
# `reconcile --dry-run` against an `atrium serve` running outside on loopback, `factory --qr`.
#
# usage: test-dist-chroot.sh ARCHIVE    Prints `skip: <why>` and exits 0 when it cannot run
# (not root, no debootstrap, no network for Debian's packages).
set -euo pipefail
cd "$(dirname "$0")/.."
archive=$(realpath "$1")
host_atrium=${ATRIUM_HOST_BIN:-.build/debug/atrium}

[ "$(id -u)" -eq 0 ] || { echo "skip: the chroot test needs root"; exit 0; }
command -v debootstrap >/dev/null || { echo "skip: debootstrap is not installed (apt-get install debootstrap)"; exit 0; }

root=$(realpath -m .build/chroot-bookworm)
if [ ! -f "$root/.atrium-ready" ]; then
  rm -rf "$root"
  if ! debootstrap --variant=minbase bookworm "$root" >/tmp/atrium-debootstrap.log 2>&1; then
    echo "skip: debootstrap could not make a Debian root (see /tmp/atrium-debootstrap.log)"
    exit 0
  fi
  touch "$root/.atrium-ready"
fi

work="$root/work"
rm -rf "$work" "$root/opt/atrium-"*
mkdir -p "$work"
mounted=""
server_pid=""
cleanup() {
  [ -n "$server_pid" ] && kill "$server_pid" 2>/dev/null || true
  [ -n "$mounted" ] && umount "$root/proc" 2>/dev/null || true
}
trap cleanup EXIT
mount -t proc proc "$root/proc" && mounted=1

# The README's install line, inside the root: check, unpack.
cp "$archive" "$archive.sha256" "$work/"
base=$(basename "$archive")
chroot "$root" /bin/sh -c "cd /work && sha256sum -c $base.sha256 && tar -xzf $base -C /opt"
bin=$(ls -d "$root"/opt/atrium-*/bin/atrium | sed "s|^$root||")

echo "--- atrium --version"
chroot "$root" "$bin" --version
echo "--- ldd"
if chroot "$root" /usr/bin/ldd "$bin" | tee /dev/stderr | grep -q "not found"; then
  echo "FAIL: a library is not found inside the root"; exit 1
fi

# The examples as of the archive's commit (a newer tree may use what that binary does not know).
examples="examples"
commit=$(tar -xzOf "$archive" --wildcards '*/share/atrium/COMMIT' 2>/dev/null | tr -d '[:space:]' || true)
if [ -n "$commit" ] && git cat-file -e "$commit^{commit}" 2>/dev/null; then
  mkdir -p "$work/at-commit"
  git archive "$commit" examples | tar -x -C "$work/at-commit"
  examples="$work/at-commit/examples"
fi

# A repository made outside (the root has no git), read inside through libgit2.
repo="$work/repo"
mkdir -p "$repo"
cp -r "$examples/acme/." "$repo/"
git -C "$repo" init -q -b main
git -C "$repo" -c user.name=Test -c user.email=test@example.com add -A
git -C "$repo" -c user.name=Test -c user.email=test@example.com commit -q -m acme
echo "--- validate"
chroot "$root" "$bin" validate --repo /work/repo

# A server outside the root, on loopback (the root shares the network).
state=$(mktemp -d)
"$host_atrium" serve --listen 127.0.0.1:0 --database "sqlite:$state/atrium.db" --seed "$examples/seed.yaml" \
  --bootstrap-admin admin >"$state/token" 2>"$state/serve.log" &
server_pid=$!
for _ in $(seq 1 100); do grep -q "serving Coder's v2 API on" "$state/serve.log" && break; sleep 0.1; done
url=$(grep -o "http://127.0.0.1:[0-9]*" "$state/serve.log" | head -1)
for _ in $(seq 1 50); do [ -s "$state/token" ] && break; sleep 0.1; done
echo "--- reconcile --dry-run against $url"
chroot "$root" /usr/bin/env ATRIUM_TOKEN="$(cat "$state/token")" "$bin" reconcile --repo /work/repo --dry-run --server "$url"

echo "--- factory --qr"
chroot "$root" "$bin" factory onboarding-backend --repo /work/repo --set user=maria --qr /work/qr
ls "$work/qr"/*.png >/dev/null
echo "ok: the archive runs on a bare Debian"
