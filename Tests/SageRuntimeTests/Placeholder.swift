// The sidecar's tests live in this target (see SidecarIntegrationTests.swift).
