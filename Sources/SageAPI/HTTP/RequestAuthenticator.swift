import HTTPTypes
import Hummingbird
import NIOCore
import SigV4

/// Checks the SigV4 signature of API requests against the configured credentials.
struct RequestAuthenticator: Sendable {
    private let verifier: SigV4Verifier

    /// Creates an authenticator for `credentials` (access key id → secret).
    init(credentials: [String: String], region: String) {
        verifier = SigV4Verifier(region: region, services: ["sagemaker", "logs"]) { credentials[$0] }
    }

    /// Verifies `request` (with its collected `body`) for `service`; throws the AWS error to answer with.
    func authenticate(_ request: Request, body: ByteBuffer, service: String) throws(AWSServiceError) {
        var headers: [(String, String)] = request.headers.map { ($0.name.canonicalName, $0.value) }
        if let authority = request.head.authority { headers.append(("host", authority)) }
        let target = request.head.path ?? "/"
        let (path, query) =
            target.firstIndex(of: "?").map { (String(target[..<$0]), String(target[target.index(after: $0)...])) }
            ?? (target, "")
        let payloadHash = body.withUnsafeReadableBytes { SHA256.hexDigest($0) }
        let signed = SignedRequest(
            method: request.method.rawValue, path: path, query: query, headers: headers, payloadHash: payloadHash,
            service: service)
        do {
            _ = try verifier.verify(signed)
        } catch {
            throw AWSServiceError(code: error.code, message: error.message, status: .init(code: error.httpStatus))
        }
    }
}
