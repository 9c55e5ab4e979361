#!/usr/bin/env bash
# Runs the release archive where nothing is installed: a minimal Debian root made with
# `debootstrap --variant=minbase bookworm` (kept in .build/chroot-bookworm, so a rerun takes
# seconds), entered with chroot. Installs the archive the way the README says, then inside:
# `atrium --version`, ldd with every library resolved, `validate` of a git repository,
# `reconcile --dry-run` against an `atrium serve` running outside on loopback, `factory --qr`;
# then HTTPS: a throwaway CA in the root's trust store, `reconcile --dry-run` against
# https://127.0.0.1 and the controller fetching its repository through `git http-backend` behind
# the same TLS (scripts/tls-front.py), and a certificate the root does not trust refused by both
# the HTTP client and libgit2, each with a message that says so.
#
# usage: test-dist-chroot.sh ARCHIVE    Prints `skip: <why>` and exits 0 when it cannot run
# (not root, no debootstrap, no network for Debian's packages).
set -euo pipefail
cd "$(dirname "$0")/.."
archive=$(realpath "$1")
# The server outside the root: ATRIUM_HOST_BIN, else the archive's own binary (unpacked below).
host_atrium=${ATRIUM_HOST_BIN:-}

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
pids=()
cleanup() {
  [ -n "$server_pid" ] && kill "$server_pid" 2>/dev/null || true
  for pid in "${pids[@]}"; do kill "$pid" 2>/dev/null || true; done
  [ -n "$mounted" ] && umount "$root/proc" 2>/dev/null || true
}
trap cleanup EXIT
mount -t proc proc "$root/proc" && mounted=1

# The README's install line, inside the root: check, unpack.
cp "$archive" "$archive.sha256" "$work/"
base=$(basename "$archive")
chroot "$root" /bin/sh -c "cd /work && sha256sum -c $base.sha256 && tar -xzf $base -C /opt"
bin=$(ls -d "$root"/opt/atrium-*/bin/atrium | sed "s|^$root||")
[ -n "$host_atrium" ] || host_atrium="$root$bin"

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

echo "--- HTTPS: a throwaway CA in the root's trust store"
tls="$work/tls"
mkdir -p "$tls"
openssl req -x509 -newkey rsa:2048 -nodes -days 2 -subj "/CN=Atrium test CA" \
  -addext "basicConstraints=critical,CA:TRUE" -addext "keyUsage=critical,keyCertSign,cRLSign" \
  -keyout "$tls/ca.key" -out "$tls/ca.pem" 2>/dev/null
openssl req -newkey rsa:2048 -nodes -subj "/CN=127.0.0.1" -keyout "$tls/server.key" -out "$tls/server.csr" 2>/dev/null
# Named for `localhost` too: the archive's libgit2 (TLS through mbedTLS) matches host names only.
printf 'subjectAltName=DNS:localhost,IP:127.0.0.1\nbasicConstraints=CA:FALSE\nextendedKeyUsage=serverAuth\n' \
  >"$tls/ext.cnf"
openssl x509 -req -in "$tls/server.csr" -CA "$tls/ca.pem" -CAkey "$tls/ca.key" -CAcreateserial -days 2 \
  -extfile "$tls/ext.cnf" -out "$tls/server.pem" 2>/dev/null
# A certificate for the same address that no CA in the root signed.
openssl req -x509 -newkey rsa:2048 -nodes -days 2 -subj "/CN=localhost" \
  -addext "subjectAltName=DNS:localhost,IP:127.0.0.1" -keyout "$tls/untrusted.key" -out "$tls/untrusted.pem" 2>/dev/null
# The root's trust store is the CA alone: Debian's path, which both libgit2 and the HTTP client read.
mkdir -p "$root/etc/ssl/certs"
cp "$tls/ca.pem" "$root/etc/ssl/certs/ca-certificates.crt"
grep -qs "localhost" "$root/etc/hosts" || echo "127.0.0.1 localhost" >>"$root/etc/hosts"
mkdir -p "$tls/git"
git clone -q --bare "$repo" "$tls/git/acme.git"
head=$(git -C "$repo" rev-parse HEAD)

# start_front CERT KEY: an HTTPS front for the server and the bare repository; sets `front`.
start_front() {
  python3 scripts/tls-front.py --cert "$1" --key "$2" --api "$url" --git-root "$tls/git" \
    >"$tls/front-$3.url" 2>"$tls/front-$3.log" &
  pids+=("$!")
  for _ in $(seq 1 100); do [ -s "$tls/front-$3.url" ] && break; sleep 0.1; done
  front=$(head -1 "$tls/front-$3.url")
}
start_front "$tls/server.pem" "$tls/server.key" trusted
trusted=$front
start_front "$tls/untrusted.pem" "$tls/untrusted.key" untrusted
untrusted=$front
token=$(cat "$state/token")

echo "--- reconcile --dry-run against $trusted"
chroot "$root" /usr/bin/env ATRIUM_TOKEN="$token" "$bin" reconcile --repo /work/repo --dry-run --server "$trusted"

echo "--- reconcile --dry-run against $untrusted (a certificate the root does not trust)"
if chroot "$root" /usr/bin/env ATRIUM_TOKEN="$token" "$bin" reconcile --repo /work/repo --dry-run \
  --server "$untrusted" 2>"$tls/untrusted.err"; then
  echo "FAIL: the untrusted certificate was accepted"; exit 1
fi
cat "$tls/untrusted.err"
grep -q "TLS handshake failed (CERTIFICATE_VERIFY_FAILED)" "$tls/untrusted.err" \
  || { echo "FAIL: the refusal does not say why"; exit 1; }

# run_controller NAME REPO-URL: the controller inside the root, dry-run; waits until its
# /status (read from outside: the root shares the network) holds PATTERN, or fails.
run_controller() {
  rm -rf "$work/mirror-$1"
  chroot "$root" /usr/bin/env ATRIUM_TOKEN="$token" HOME=/work "$bin" controller --repo-url "$2" \
    --server "$trusted" --listen 127.0.0.1:0 --checkout-dir "/work/mirror-$1" --dry-run --interval 1h \
    2>"$work/controller-$1.log" &
  pids+=("$!")
  local status=""
  for _ in $(seq 1 300); do
    listen=$(grep -o "on http://127.0.0.1:[0-9]*" "$work/controller-$1.log" | head -1 | sed 's/^on //' || true)
    if [ -n "$listen" ]; then
      status=$(curl -s "$listen/status" || true)
      grep -q -- "$3" <<<"$status" && { echo "$status"; return 0; }
    fi
    sleep 0.1
  done
  echo "FAIL: the controller's status never held $3: $status"; cat "$work/controller-$1.log"; exit 1
}
# git by host name (see the certificate above), the server by address.
echo "--- controller fetching ${trusted/127.0.0.1/localhost}/git/acme.git"
run_controller trusted "${trusted/127.0.0.1/localhost}/git/acme.git" "\"commit\" *: *\"$head\""
echo "--- controller fetching ${untrusted/127.0.0.1/localhost}/git/acme.git (a certificate the root does not trust)"
run_controller untrusted "${untrusted/127.0.0.1/localhost}/git/acme.git" "is not trusted"
echo "ok: the archive runs on a bare Debian, and speaks HTTPS with the root's trust store"
