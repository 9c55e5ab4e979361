#!/usr/bin/env bash
# Builds the release archive: .build/dist/atrium-<version>-linux-<arch>.tar.gz and its .sha256.
#
# The Swift runtime is linked statically (--static-swift-stdlib). libgit2, libyaml and
# libqrencode, and the libraries they need, travel in the archive's lib/ behind an $ORIGIN
# rpath (Debian's libgit2.a would pull in its TLS, SSH and HTTP-parser archives too); only
# glibc's own libraries stay with the system. The archive unpacks to atrium-<version>/ with
# bin/atrium, lib/, share/atrium/COMMIT and VERSION, and the README.
set -euo pipefail
cd "$(dirname "$0")/.."

# The version: ATRIUM_VERSION (release.yml sets it from the tag `v<version>`), else BuildInfo's.
version=${ATRIUM_VERSION:-$(sed -n 's/^    static let sourceVersion = "\(.*\)"$/\1/p' Sources/atrium/Runtime/BuildInfo.swift)}
if ! [[ "$version" =~ ^[0-9]+\.[0-9]+\.[0-9]+(-[0-9A-Za-z.-]+)?$ ]]; then
  echo "dist: \`$version\` is not a version (the tag must be v<major>.<minor>.<patch>)" >&2
  exit 1
fi
arch=$(uname -m)
commit=$(git rev-parse HEAD 2>/dev/null || echo unknown)
name="atrium-${version}-linux-${arch}"
dist=.build/dist
stage="$dist/atrium-${version}"

echo "dist: building atrium ${version} (${commit:0:12}) in release mode" >&2
swift build -c release --product atrium --scratch-path .build-release --static-swift-stdlib \
  -Xlinker -rpath -Xlinker '$ORIGIN/../lib' >&2
binary=$(swift build -c release --product atrium --scratch-path .build-release --static-swift-stdlib \
  -Xlinker -rpath -Xlinker '$ORIGIN/../lib' --show-bin-path)/atrium

rm -rf "$stage" "$dist/$name.tar.gz" "$dist/$name.tar.gz.sha256"
mkdir -p "$stage/bin" "$stage/lib" "$stage/share/atrium"
cp "$binary" "$stage/bin/atrium"
strip --strip-unneeded "$stage/bin/atrium"
echo "$commit" > "$stage/share/atrium/COMMIT"
echo "$version" > "$stage/share/atrium/VERSION"
cp README.md "$stage/share/atrium/README.md"

# Every library the binary needs, transitively, but glibc's: copied, stripped, and pointed at
# each other through $ORIGIN.
glibc='^(linux-vdso|ld-linux|libc|libm|libpthread|libdl|librt|libutil|libresolv)\.so'
ldd "$stage/bin/atrium" | awk '/=> \// { print $1, $3 }' | while read -r soname path; do
  if [[ "$soname" =~ $glibc ]]; then continue; fi
  cp -L "$path" "$stage/lib/$soname"
  chmod u+w "$stage/lib/$soname"
  strip --strip-unneeded "$stage/lib/$soname"
  patchelf --set-rpath '$ORIGIN' "$stage/lib/$soname"
done
patchelf --set-rpath '$ORIGIN/../lib' "$stage/bin/atrium"

tar -C "$dist" -czf "$dist/$name.tar.gz" "atrium-${version}"
(cd "$dist" && sha256sum "$name.tar.gz" > "$name.tar.gz.sha256")
size=$(stat -c %s "$dist/$name.tar.gz")
echo "dist: $dist/$name.tar.gz ($((size / 1048576)) MiB) and its .sha256" >&2
if [ "$size" -gt $((80 * 1048576)) ]; then
  echo "dist: the archive is over 80 MiB" >&2
  exit 1
fi
echo "$dist/$name.tar.gz"
