# The server image: `sage-server` (the SageMaker-compatible API; on Kubernetes, SAGE_BACKEND=kube), with
# `sage-runtime` beside it. The training pods run the trainer image (trainer.Dockerfile), not this one.
#   docker build -f deploy/server.Dockerfile -t sagetrain-server:latest .
#   docker run --rm -p 8080:8080 sagetrain-server:latest
# Not built in CI: the build machines have no Docker engine. The manifests that run it (deploy/*.yaml) are checked
# against a real kube-apiserver by Tests/e2e/test_deploy.py.
# Build stage: Swift on Debian bookworm; runtime stage: bookworm with the runtime libraries only (no libtorch:
# only the trainer links it). SQLite comes inside sqlite-nio; libcurl (HTTP to S3 and to the Kubernetes API),
# libxml2 (S3's XML), zlib (gzip) and libcrypto (SigV4) come from Debian.
ARG SWIFT_IMAGE=swift:6.1-bookworm
FROM ${SWIFT_IMAGE} AS build
RUN apt-get update \
 && DEBIAN_FRONTEND=noninteractive apt-get install -y --no-install-recommends \
      libcurl4-openssl-dev libxml2-dev libssl-dev zlib1g-dev pkg-config \
 && rm -rf /var/lib/apt/lists/*
WORKDIR /src
COPY Package.swift ./
COPY Sources ./Sources
COPY Tests ./Tests
RUN swift build -c release --product sage-server && swift build -c release --product sage-runtime \
 && install -D "$(swift build -c release --show-bin-path)/sage-server" /out/sage-server \
 && install -D "$(swift build -c release --show-bin-path)/sage-runtime" /out/sage-runtime

FROM debian:bookworm-slim
RUN apt-get update \
 && DEBIAN_FRONTEND=noninteractive apt-get install -y --no-install-recommends \
      libcurl4 libxml2 libssl3 zlib1g tar gzip ca-certificates \
 && rm -rf /var/lib/apt/lists/*
# The Swift runtime libraries the executables link (Foundation, Dispatch, the standard library).
COPY --from=build /usr/lib/swift/linux/*.so /usr/lib/swift/linux/
RUN echo /usr/lib/swift/linux > /etc/ld.so.conf.d/swift.conf && ldconfig
COPY --from=build /out/sage-server /usr/local/bin/sage-server
COPY --from=build /out/sage-runtime /usr/local/bin/sage-runtime
# A numeric non-root user, so that Kubernetes' runAsNonRoot can verify it; the state directory (a log cache on the
# Kubernetes backend, an emptyDir there) is its home.
RUN groupadd --system --gid 10001 sagetrain \
 && useradd --system --uid 10001 --gid 10001 --home-dir /var/lib/sagetrain --shell /usr/sbin/nologin sagetrain \
 && install -d -o 10001 -g 10001 -m 0750 /var/lib/sagetrain
USER 10001:10001
ENV SAGE_HOST=0.0.0.0 SAGE_PORT=8080 SAGE_STATE_DIR=/var/lib/sagetrain HOME=/var/lib/sagetrain
WORKDIR /var/lib/sagetrain
EXPOSE 8080
ENTRYPOINT ["/usr/local/bin/sage-server"]
