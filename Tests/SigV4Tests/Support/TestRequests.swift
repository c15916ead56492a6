import Foundation
import SigV4

/// SageMaker-style requests signed by `SigV4Signer`, and a verifier that knows their key.
enum TestRequests {
    static let accessKeyID = "AKIDSAGETRAINTEST"
    static let secretAccessKey = "sagetrain/test+secret/0123456789abcdef0123"
    static let sessionToken = "FwoGZXIvYXdzEXAMPLE//token+with/slashes=="
    static let url = URL(string: "http://127.0.0.1:8080/")!
    static let body = #"{"TrainingJobName": "job-1"}"#
    /// 2024-01-02T03:04:05Z.
    static let signedAt = FixtureFiles.date("2024-01-02T03:04:05Z")

    static let verifier = SigV4Verifier(region: "us-east-1", services: ["sagemaker", "logs"]) {
        $0 == accessKeyID ? secretAccessKey : nil
    }

    static func signer(service: String = "sagemaker", region: String = "us-east-1", token: String? = nil) -> SigV4Signer
    {
        SigV4Signer(
            credentials: AWSCredentials(
                accessKeyID: accessKeyID, secretAccessKey: secretAccessKey, sessionToken: token),
            region: region, service: service)
    }

    /// A DescribeTrainingJob POST signed at `date`, as the server would receive it (Host included).
    static func describeTrainingJob(
        signer: SigV4Signer = signer(), date: Date = signedAt, url: URL = url, body: String = body
    ) -> SignedRequest {
        let headers = [
            ("X-Amz-Target", "SageMaker.DescribeTrainingJob"),
            ("Content-Type", "application/x-amz-json-1.1"),
        ]
        let added = signer.signHeaders(
            method: "POST", url: url, headers: headers, payloadHash: .of(Array(body.utf8)), date: date)
        let components = URLComponents(url: url, resolvingAgainstBaseURL: false)
        return SignedRequest(
            method: "POST",
            path: components?.percentEncodedPath ?? "/",
            query: components?.percentEncodedQuery ?? "",
            headers: [("Host", "127.0.0.1:8080")] + headers + [("User-Agent", "test/1.0")] + added,
            payloadHash: SHA256.hexDigest(utf8: body),
            service: "sagemaker")
    }

    /// The error `verify` throws, or nil when it succeeds.
    static func failure(
        _ request: SignedRequest, now: Date = signedAt, verifier: SigV4Verifier = verifier
    ) -> SigV4VerificationError? {
        do {
            _ = try verifier.verify(request, now: now)
            return nil
        } catch {
            return error
        }
    }
}

extension SignedRequest {
    /// A copy with the header `name` replaced (or removed when `value` is nil), matched case-insensitively.
    func replacingHeader(_ name: String, with value: String?) -> SignedRequest {
        var copy = self
        copy.headers = headers.filter { $0.0.lowercased() != name.lowercased() }
        if let value { copy.headers.append((name, value)) }
        return copy
    }
}
