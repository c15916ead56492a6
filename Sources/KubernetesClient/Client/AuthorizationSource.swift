import Foundation
import Logging
import Synchronization

/// The `Authorization` header value for each request: fixed, or a token file read again once its copy is older
/// than the refresh interval (service-account tokens are rotated by the kubelet). When a re-read fails, the last
/// token is kept and a warning logged, as client-go does.
final class AuthorizationSource: Sendable {
    private struct CachedToken {
        var token: String
        var readAt: ContinuousClock.Instant
    }

    private let credentials: KubernetesCredentials
    private let logger: Logger
    private let cache = Mutex<CachedToken?>(nil)

    init(
        credentials: KubernetesCredentials,
        logger: Logger = Logger(label: "sagetrain.kubernetes", factory: { _ in SwiftLogNoOpLogHandler() })
    ) {
        self.credentials = credentials
        self.logger = logger
    }

    /// The header value, or nil for none.
    func headerValue(now: ContinuousClock.Instant = .now) -> String? {
        switch credentials {
        case .none: return nil
        case .bearerToken(let token): return "Bearer " + token
        case .basic(let username, let password):
            return "Basic " + Data("\(username):\(password)".utf8).base64EncodedString()
        case .tokenFile(let path, let refreshInterval):
            return token(path: path, refreshInterval: refreshInterval, now: now).map { "Bearer " + $0 }
        }
    }

    private func token(path: String, refreshInterval: Duration, now: ContinuousClock.Instant) -> String? {
        if let cached = cache.withLock({ $0 }), now - cached.readAt < refreshInterval { return cached.token }
        do {
            let token = try Kubeconfig.readText(path: path).trimmingCharacters(in: .whitespacesAndNewlines)
            cache.withLock { $0 = CachedToken(token: token, readAt: now) }
            return token
        } catch {
            logger.warning(
                "could not read the token file again; keeping the previous token",
                metadata: ["kubernetes.token-file": "\(path)", "error": "\(error)"])
            return cache.withLock { $0?.token }
        }
    }
}
