# The trainer image: SageMaker's container contract around the libtorch CNN trainer, plus `sage-runtime`.
#   docker build -f deploy/trainer.Dockerfile -t trainer:latest .
#   docker run --rm -v /path/to/opt/ml:/opt/ml trainer:latest train
# Build stage: Swift on Debian bookworm with Debian's libtorch; runtime stage: bookworm with the runtime libraries only.
FROM swift:6.1-bookworm AS build
RUN apt-get update \
 && DEBIAN_FRONTEND=noninteractive apt-get install -y --no-install-recommends \
      libtorch-dev libgloo-dev zlib1g-dev libpng-dev libjpeg-dev libcurl4-openssl-dev libxml2-dev libssl-dev \
      pkg-config \
 && rm -rf /var/lib/apt/lists/*
WORKDIR /src
COPY Package.swift ./
COPY Sources ./Sources
COPY Tests ./Tests
RUN swift build -c release --product trainer && swift build -c release --product sage-runtime \
 && install -D "$(swift build -c release --show-bin-path)/trainer" /out/trainer \
 && install -D "$(swift build -c release --show-bin-path)/sage-runtime" /out/sage-runtime

FROM debian:bookworm-slim
RUN apt-get update \
 && DEBIAN_FRONTEND=noninteractive apt-get install -y --no-install-recommends \
      libtorch1.13 libgloo0 libopenblas0-pthread zlib1g libpng16-16 libjpeg62-turbo libcurl4 libxml2 tar gzip \
      ca-certificates \
 && rm -rf /var/lib/apt/lists/*
# The Swift runtime libraries the trainer links (Foundation, Dispatch, the standard library).
COPY --from=build /usr/lib/swift/linux/*.so /usr/lib/swift/linux/
RUN echo /usr/lib/swift/linux > /etc/ld.so.conf.d/swift.conf && ldconfig
COPY --from=build /out/trainer /usr/local/bin/trainer
# The job runtime (staging from S3, checkpoint sync, model upload) for pods on the Kubernetes backend.
COPY --from=build /out/sage-runtime /usr/local/bin/sage-runtime
ENV SAGEMAKER_BASE_DIR=/opt/ml
WORKDIR /opt/ml
# SageMaker starts training containers as `docker run IMAGE train`.
ENTRYPOINT ["/usr/local/bin/trainer"]
CMD ["train"]
