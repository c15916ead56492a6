import Foundation
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import Logging
import NIOCore
import ServiceModel
import Testing

@testable import SageAPI

/// A temporary state directory, removed when the test is done.
struct TemporaryDirectory: ~Copyable {
    let path: String

    init() {
        path = NSTemporaryDirectory() + "sageapi-tests-" + UUID().uuidString
        try? FileManager.default.createDirectory(atPath: path, withIntermediateDirectories: true)
    }

    deinit { try? FileManager.default.removeItem(atPath: path) }
}

/// One AWS JSON call's outcome.
struct AWSResult {
    var status: HTTPResponse.Status
    var body: JSONValue
    var headers: HTTPFields

    var errorCode: String? { body["__type"]?.stringValue }
    var message: String? { body["message"]?.stringValue }
}

extension TestClientProtocol {
    /// Calls `SageMaker.<operation>` (or another target) with a JSON body.
    func call(_ target: String, _ body: JSONValue, rawBody: String? = nil) async throws -> AWSResult {
        var headers: HTTPFields = [.contentType: "application/x-amz-json-1.1"]
        if !target.isEmpty { headers[HTTPField.Name("X-Amz-Target")!] = target }
        let bytes = rawBody.map { ByteBuffer(string: $0) } ?? ByteBuffer(bytes: body.serialized())
        return try await execute(uri: "/", method: .post, headers: headers, body: bytes) { response in
            let parsed =
                response.body.readableBytes == 0
                ? JSONValue.object([:])
                : try response.body.withUnsafeReadableBytes { try JSONValue(parsing: $0) }
            return AWSResult(status: response.status, body: parsed, headers: response.headers)
        }
    }

    func sageMaker(_ operation: String, _ body: JSONValue) async throws -> AWSResult {
        try await call("SageMaker.\(operation)", body)
    }
}

/// A minimal valid CreateTrainingJob request.
func createRequest(_ name: String, image: String = "trainer:latest", extra: [String: JSONValue] = [:]) -> JSONValue {
    var request: [String: JSONValue] = [
        "TrainingJobName": .string(name),
        "RoleArn": "arn:aws:iam::123456789012:role/Test",
        "AlgorithmSpecification": ["TrainingImage": .string(image), "TrainingInputMode": "File"],
        "OutputDataConfig": ["S3OutputPath": "file:///tmp/sageapi-tests-out"],
        "ResourceConfig": ["InstanceType": "ml.m5.large", "InstanceCount": 1, "VolumeSizeInGB": 1],
        "StoppingCondition": ["MaxRuntimeInSeconds": 3600],
    ]
    request.merge(extra) { $1 }
    return .object(request)
}

func testLogger() -> Logger {
    var logger = Logger(label: "test")
    logger.logLevel = .critical
    return logger
}

/// Waits until `condition` holds or a few seconds pass.
func eventually(_ condition: () async throws -> Bool) async rethrows -> Bool {
    for _ in 0..<2_400 {
        if try await condition() { return true }
        try? await Task.sleep(for: .milliseconds(25))
    }
    return false
}
