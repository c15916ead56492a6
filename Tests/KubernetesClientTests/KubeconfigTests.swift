import Foundation
import HTTPTransport
import Testing

@testable import KubernetesClient

@Suite struct KubeconfigTests {
    /// A scratch directory with files, removed afterwards.
    final class Scratch {
        let path: String
        init() throws {
            path = NSTemporaryDirectory() + "kubeconfig-test-" + UUID().uuidString
            try FileManager.default.createDirectory(atPath: path + "/certs", withIntermediateDirectories: true)
        }
        deinit { try? FileManager.default.removeItem(atPath: path) }
        @discardableResult
        func write(_ name: String, _ text: String) throws -> String {
            try text.write(toFile: path + "/" + name, atomically: true, encoding: .utf8)
            return path + "/" + name
        }
    }

    static let first = """
        apiVersion: v1
        kind: Config
        current-context: dev
        clusters:
        - name: dev
          cluster:
            server: https://dev.example:6443/
            certificate-authority: certs/ca.crt
        - name: shared
          cluster: {server: "https://first.example"}
        users:
        - name: alice
          user:
            tokenFile: certs/token
        - name: carol
          user:
            exec: {command: aws}
        contexts:
        - name: dev
          context: {cluster: dev, user: alice, namespace: ml}
        - name: plugin
          context: {cluster: dev, user: carol}
        """

    static let second = """
        current-context: prod
        clusters:
        - name: shared
          cluster: {server: "https://second.example"}
        - name: prod
          cluster:
            server: https://prod.example
            insecure-skip-tls-verify: true
        users:
        - name: bob
          user:
            client-certificate-data: Y2VydA==
            client-key: /abs/key.pem
        contexts:
        - name: prod
          context: {cluster: prod, user: bob}
        - name: other
          context: {cluster: shared}
        """

    @Test func mergesFilesFirstWinsAndResolvesRelativePaths() throws {
        let scratch = try Scratch()
        try scratch.write("certs/ca.crt", "PEM")
        try scratch.write("certs/token", "  secret-token\n")
        let firstPath = try scratch.write("first", Self.first)
        let secondPath = try scratch.write("second", Self.second)
        var merged = try Kubeconfig.read(path: firstPath)
        merged.merge(try Kubeconfig.read(path: secondPath))
        #expect(merged.currentContext == "dev")
        #expect(merged.clusters["shared"]?.server == "https://first.example")
        #expect(merged.clusters["dev"]?.certificateAuthorityPath == scratch.path + "/certs/ca.crt")

        let configuration = try merged.configuration(context: nil)
        #expect(configuration.server == "https://dev.example:6443")
        #expect(configuration.namespace == "ml")
        #expect(configuration.tls.caBundlePath == scratch.path + "/certs/ca.crt")
        #expect(!configuration.tls.insecureSkipVerify)
        #expect(
            configuration.credentials
                == .tokenFile(path: scratch.path + "/certs/token", refreshInterval: .seconds(60)))
        let other = try merged.configuration(context: "other")
        #expect(other.server == "https://first.example")
        #expect(other.credentials == .none)
        #expect(other.namespace == "default")
    }

    @Test func insecureOnlyWhenTheFileSaysSo() throws {
        let scratch = try Scratch()
        let path = try scratch.write("second", Self.second.replacingOccurrences(of: "/abs/key.pem", with: "key.pem"))
        try scratch.write("key.pem", "KEY")
        let configuration = try KubernetesConfiguration.fromKubeconfig(paths: [path])
        #expect(configuration.contextName == "prod")
        #expect(configuration.tls.insecureSkipVerify)
        #expect(configuration.tls.clientCertificatePEM == Array("cert".utf8))
        #expect(configuration.tls.clientKeyPath == scratch.path + "/key.pem")
    }

    @Test func loadsInOrderKUBECONFIGThenHomeThenInCluster() throws {
        let scratch = try Scratch()
        try scratch.write("certs/ca.crt", "PEM")
        try scratch.write("certs/token", "t")
        let firstPath = try scratch.write("first", Self.first)
        let secondPath = try scratch.write("second", Self.second)
        let fromList = try KubernetesConfiguration.load(
            context: "other", environment: ["KUBECONFIG": "\(scratch.path)/missing:\(firstPath):\(secondPath)"])
        #expect(fromList.server == "https://first.example")

        try FileManager.default.createDirectory(atPath: scratch.path + "/.kube", withIntermediateDirectories: true)
        try scratch.write(".kube/config", Self.first.replacingOccurrences(of: "certs/", with: "../certs/"))
        let fromHome = try KubernetesConfiguration.load(environment: ["HOME": scratch.path])
        #expect(fromHome.server == "https://dev.example:6443")
        #expect(fromHome.tls.caBundlePath == scratch.path + "/.kube/../certs/ca.crt")

        let account = scratch.path + "/sa"
        try FileManager.default.createDirectory(atPath: account, withIntermediateDirectories: true)
        try scratch.write("sa/token", "sa-token")
        try scratch.write("sa/ca.crt", "PEM")
        try scratch.write("sa/namespace", "jobs\n")
        let inCluster = try KubernetesConfiguration.inCluster(
            environment: ["KUBERNETES_SERVICE_HOST": "fd00::1", "KUBERNETES_SERVICE_PORT": "443"], directory: account)
        #expect(inCluster.server == "https://[fd00::1]:443")
        #expect(inCluster.namespace == "jobs")
        #expect(inCluster.tls.caBundlePath == account + "/ca.crt")
        #expect(inCluster.credentials == .tokenFile(path: account + "/token", refreshInterval: .seconds(60)))

        #expect(throws: KubernetesConfigurationError.self) {
            try KubernetesConfiguration.load(environment: ["HOME": scratch.path + "/nowhere"])
        }
        let error = try #require(throws: KubernetesConfigurationError.self) {
            try KubernetesConfiguration.load(environment: ["KUBECONFIG": scratch.path + "/missing"])
        }
        #expect(error.code == .noConfiguration)
    }

    @Test func malformedFileIsAnErrorNamingFileAndLine() throws {
        let scratch = try Scratch()
        let broken = try scratch.write("broken", "clusters:\n- name: a\n  cluster:\n    server: https://x\n   bad: 1\n")
        let valid = try scratch.write("valid", Self.second)
        let error = try #require(throws: KubernetesConfigurationError.self) {
            try KubernetesConfiguration.load(environment: ["KUBECONFIG": "\(broken):\(valid)"])
        }
        #expect(error.code == .malformedFile)
        #expect(error.path == broken)
        #expect(error.line == 5)
        #expect(error.description.hasPrefix("\(broken):5: "))
    }

    @Test(arguments: [
        ("clusters: {a: 1}", "clusters is not a list"),
        ("clusters:\n- cluster: {server: https://x}", "has no name"),
        ("clusters:\n- {name: a, cluster: {server: ftp://x}}", "not an http(s) URL"),
        ("clusters:\n- {name: a, cluster: {server: https://x, insecure-skip-tls-verify: yes}}", "true or false"),
        ("clusters:\n- {name: a, cluster: {server: https://x, certificate-authority-data: '!!'}}", "base64"),
        ("users:\n- {name: a, user: {}}\n- {name: a, user: {}}", "defines \"a\" twice"),
        ("kind: Pod", "not \"Config\""),
        ("- a", "not a mapping"),
    ])
    func refusesInvalidKubeconfigs(text: String, problem: String) {
        #expect {
            try Kubeconfig.parse(text, path: "/k")
        } throws: { error in
            guard let error = error as? KubernetesConfigurationError else { return false }
            return error.code == .malformedFile && error.path == "/k" && error.message.contains(problem)
        }
    }

    @Test func resolutionErrorsAreSpecific() throws {
        let scratch = try Scratch()
        try scratch.write("certs/token", "t")
        let path = try scratch.write("first", Self.first)
        let config = try Kubeconfig.read(path: path)
        #expect(
            throws: KubernetesConfigurationError(
                code: .unknownContext, message: "context \"nope\" is not defined in \(path)")
        ) {
            try config.configuration(context: "nope")
        }
        let plugin = try #require(throws: KubernetesConfigurationError.self) {
            try config.configuration(context: "plugin")
        }
        #expect(plugin.code == .unsupported)
        let missingCA = try #require(throws: KubernetesConfigurationError.self) {
            try config.configuration(context: "dev")
        }
        #expect(missingCA.code == .missingFile)
        #expect(missingCA.message.contains("certs/ca.crt"))
        let insecureWithCA = try Kubeconfig.parse(
            "clusters:\n- {name: a, cluster: {server: https://x, insecure-skip-tls-verify: true, certificate-authority-data: UEVN}}\n"
                + "contexts:\n- {name: a, context: {cluster: a}}\ncurrent-context: a", path: "/k")
        #expect(throws: KubernetesConfigurationError.self) { try insecureWithCA.configuration(context: nil) }
    }

    @Test func tokenFileIsReadAgainAfterTheRefreshInterval() throws {
        let scratch = try Scratch()
        let path = try scratch.write("token", "one\n")
        let source = AuthorizationSource(
            credentials: .tokenFile(path: path, refreshInterval: .seconds(60)))
        let start = ContinuousClock.now
        #expect(source.headerValue(now: start) == "Bearer one")
        try scratch.write("token", "two")
        #expect(source.headerValue(now: start + .seconds(30)) == "Bearer one")
        #expect(source.headerValue(now: start + .seconds(61)) == "Bearer two")
        try FileManager.default.removeItem(atPath: path)
        #expect(source.headerValue(now: start + .seconds(200)) == "Bearer two")
    }
}
