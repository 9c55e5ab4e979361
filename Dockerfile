# Atrium's image: built with the Swift toolchain, run on debian:bookworm-slim as a non-root user.
#
#   docker build -t registry.example.com/platform/atrium:0.1.0 .
#   docker run --rm registry.example.com/platform/atrium:0.1.0 --version
#
# The build stage makes the release archive (`make dist`: the Swift runtime linked statically,
# libgit2, libyaml and libqrencode in the archive's lib/); the runtime stage only unpacks it,
# exactly as scripts/test-dist-chroot.sh does on a bare Debian root.
ARG SWIFT_IMAGE=swift:6.3-bookworm

FROM ${SWIFT_IMAGE} AS build
# The version `atrium --version` prints (release.yml passes the tag's); empty: BuildInfo's.
ARG ATRIUM_VERSION=
RUN apt-get update -qq \
    && apt-get install -y -qq --no-install-recommends libgit2-dev libyaml-dev libqrencode-dev pkg-config patchelf git \
    && rm -rf /var/lib/apt/lists/*
WORKDIR /src
COPY . .
RUN ATRIUM_VERSION="${ATRIUM_VERSION}" scripts/dist.sh > /tmp/archive \
    && mkdir -p /out \
    && tar -xzf "$(cat /tmp/archive)" -C /out \
    && mv /out/atrium-* /out/atrium

FROM debian:bookworm-slim
# The CA roots, so that the HTTP client and libgit2 can verify an https:// server and remote;
# nothing else is installed.
RUN apt-get update -qq \
    && apt-get install -y -qq --no-install-recommends ca-certificates \
    && rm -rf /var/lib/apt/lists/* \
    && useradd --system --uid 10001 --home-dir /var/lib/atrium --create-home atrium
COPY --from=build /out/atrium /opt/atrium
ENV PATH=/opt/atrium/bin:$PATH
USER 10001
WORKDIR /var/lib/atrium
# The controller's health, status, metrics and webhooks (`atrium controller --listen 0.0.0.0:9090`).
EXPOSE 9090
ENTRYPOINT ["atrium"]
CMD ["--help"]
