import ArgumentParser
import Foundation
import LocalBackend
import Logging
import SageAPI

/// The server's settings, resolved once from flags, then environment variables, then defaults.
struct ServerSettings {
    var api: SageAPIConfiguration
    var localBackend: LocalBackendConfiguration
    /// The Kubernetes backend's settings when it is chosen; nil for the local backend.
    var kube: KubeSettings?
    var logLevel: Logger.Level
    var logFormat: String

    init(command: SageServerCommand, environment: [String: String]) throws {
        func value(_ flag: String?, _ variable: String) -> String? {
            flag ?? environment[variable].flatMap { $0.isEmpty ? nil : $0 }
        }
        func number(_ flag: Int?, _ variable: String, default fallback: Int) throws -> Int {
            if let flag { return flag }
            guard let text = environment[variable], !text.isEmpty else { return fallback }
            guard let number = Int(text) else { throw ValidationError("\(variable) must be an integer, not '\(text)'") }
            return number
        }
        let home = environment["HOME"] ?? FileManager.default.homeDirectoryForCurrentUser.path
        let stateDirectory = Self.absolute(
            value(command.stateDirectory, "SAGE_STATE_DIR")
                ?? (environment["XDG_STATE_HOME"].map { $0 + "/sagetrain" } ?? home + "/.local/state/sagetrain"))
        let backend = value(command.backend, "SAGE_BACKEND") ?? "local"
        guard backend == "local" || backend == "kube" else {
            throw ValidationError("unknown backend '\(backend)'; available: local, kube")
        }
        let identity = ServiceIdentity(
            region: value(command.region, "SAGE_REGION") ?? "us-east-1",
            account: value(command.account, "SAGE_ACCOUNT") ?? "123456789012")
        guard identity.account.count == 12, identity.account.allSatisfy(\.isNumber) else {
            throw ValidationError("the account id must be 12 digits, not '\(identity.account)'")
        }
        var credentials: [String: String] = [:]
        if let file = value(command.credentialsFile, "SAGE_CREDENTIALS_FILE") {
            credentials = try Self.loadCredentials(file)
        }
        let port = try number(command.port, "SAGE_PORT", default: 8080)
        guard (0...65535).contains(port) else { throw ValidationError("the port must be 0-65535, not \(port)") }
        let jobsOutputPath = value(command.jobsOutputPath, "SAGE_JOBS_OUTPUT_PATH")
        if let path = jobsOutputPath, !(path.hasPrefix("s3://") || path.hasPrefix("file:///")) {
            throw ValidationError("the jobs output path must be an s3:// or file:/// URI, not '\(path)'")
        }
        api = SageAPIConfiguration(
            host: value(command.host, "SAGE_HOST") ?? "127.0.0.1", port: port, stateDirectory: stateDirectory,
            identity: identity, credentials: credentials, defaultOutputPath: jobsOutputPath,
            readyFile: command.readyFile)

        var imageMap = ImageMap()
        if let path = value(command.imageMap, "SAGE_IMAGE_MAP") {
            do { imageMap = try ImageMap(contentsOf: Self.absolute(path)) } catch { throw ValidationError("\(error)") }
        }
        // The trainer built beside this executable serves the trainer's image names unless the map says otherwise.
        if let trainer = Self.trainerBesideExecutable() { imageMap = imageMap.addingTrainer(at: trainer) }
        let grace = try number(command.stopGraceSeconds, "SAGE_STOP_GRACE_SECONDS", default: 120)
        guard grace >= 0 else { throw ValidationError("the stop grace period must not be negative") }
        var jobEnvironment = environment.filter { LocalBackendConfiguration.inheritedVariableNames.contains($0.key) }
        if let endpoint = value(command.s3Endpoint, "SAGE_S3_ENDPOINT") {
            guard let url = URL(string: endpoint), ["http", "https"].contains(url.scheme ?? ""), url.host != nil else {
                throw ValidationError("the S3 endpoint must be an http(s) URL, not '\(endpoint)'")
            }
            jobEnvironment["AWS_ENDPOINT_URL_S3"] = endpoint
        }
        if backend == "kube" {
            kube = try KubeSettings(
                command: command, environment: environment, region: identity.region,
                s3Endpoint: jobEnvironment["AWS_ENDPOINT_URL_S3"])
        }
        localBackend = LocalBackendConfiguration(
            jobsDirectory: stateDirectory + "/jobs", imageMap: imageMap, stopGracePeriod: .seconds(grace),
            cpuCount: ProcessInfo.processInfo.activeProcessorCount, region: identity.region,
            inheritedEnvironment: jobEnvironment)

        let levelName = value(command.logLevel, "SAGE_LOG_LEVEL") ?? "info"
        guard let level = Logger.Level(rawValue: levelName) else {
            throw ValidationError("unknown log level '\(levelName)'")
        }
        logLevel = level
        logFormat = value(command.logFormat, "SAGE_LOG_FORMAT") ?? "json"
        guard ["json", "text"].contains(logFormat) else { throw ValidationError("the log format must be json or text") }
    }

    /// `trainer` in the directory of the running executable, when it exists there.
    static func trainerBesideExecutable() -> String? {
        guard let executable = try? FileManager.default.destinationOfSymbolicLink(atPath: "/proc/self/exe") else {
            return nil
        }
        let trainer = (executable as NSString).deletingLastPathComponent + "/trainer"
        return FileManager.default.isExecutableFile(atPath: trainer) ? trainer : nil
    }

    static func absolute(_ path: String) -> String {
        path.hasPrefix("/") ? path : FileManager.default.currentDirectoryPath + "/" + path
    }

    /// Reads `ACCESS_KEY_ID SECRET_ACCESS_KEY` lines; `#` starts a comment.
    static func loadCredentials(_ path: String) throws -> [String: String] {
        guard let data = FileManager.default.contents(atPath: path) else {
            throw ValidationError("the credentials file \(path) cannot be read")
        }
        var credentials: [String: String] = [:]
        for (number, line) in String(decoding: data, as: UTF8.self).split(
            separator: "\n", omittingEmptySubsequences: false
        ).enumerated() {
            let words =
                line.split(separator: "#", maxSplits: 1, omittingEmptySubsequences: false).first?
                .split(whereSeparator: { $0 == " " || $0 == "\t" }) ?? []
            if words.isEmpty { continue }
            guard words.count == 2 else {
                throw ValidationError("\(path):\(number + 1): expected 'ACCESS_KEY_ID SECRET_ACCESS_KEY'")
            }
            credentials[String(words[0])] = String(words[1])
        }
        guard !credentials.isEmpty else { throw ValidationError("the credentials file \(path) has no credentials") }
        return credentials
    }
}
