import Foundation
import HTTPTypes
import Hummingbird
import Logging
import NIOCore
import ServiceModel

/// `POST /` in the AWS JSON 1.1 protocol: reads `X-Amz-Target`, authenticates, parses and validates the body
/// against the service model, and dispatches to the operation.
struct AWSJSONEndpoint: Sendable {
    /// The largest request body accepted.
    static let maximumBodySize = 8 * 1024 * 1024

    /// An operation's implementation: validated input in, response out (a JSON value or pre-rendered bytes).
    enum Handler: Sendable {
        case value(@Sendable (JSONValue) async throws -> JSONValue)
        case bytes(@Sendable (JSONValue) async throws -> [UInt8])
    }

    /// One service on the endpoint (SageMaker, CloudWatch Logs): its model and its operations.
    struct Service: Sendable {
        var model: ServiceModel
        var validationErrorCode: String
        var handlers: [String: Handler]
    }

    let services: [String: Service]
    let authenticator: RequestAuthenticator?
    let logger: Logger

    /// Answers one request.
    func respond(to request: Request, context: some RequestContext) async -> Response {
        var request = request
        let target = request.headers[.amzTarget] ?? ""
        var logger = logger
        logger[metadataKey: "aws.target"] = "\(target)"
        do {
            guard let dot = target.firstIndex(of: "."), let service = services[String(target[..<dot])],
                let handler = service.handlers[String(target[target.index(after: dot)...])]
            else {
                throw AWSServiceError(
                    code: "UnknownOperationException",
                    message: target.isEmpty ? "Missing X-Amz-Target header." : "Unknown operation \(target).")
            }
            let operation = String(target[target.index(after: dot)...])
            let body: ByteBuffer
            do {
                body = try await request.collectBody(upTo: Self.maximumBodySize)
            } catch {
                throw AWSServiceError(
                    code: "SerializationException",
                    message: "The request body exceeds \(Self.maximumBodySize) bytes.", status: .contentTooLarge)
            }
            if let authenticator {
                try authenticator.authenticate(request, body: body, service: service.model.signingName)
            }
            let document: JSONValue
            do {
                document = try body.withUnsafeReadableBytes { bytes in
                    bytes.isEmpty ? JSONValue.object([:]) : try JSONValue(parsing: bytes)
                }
            } catch {
                throw AWSServiceError.serialization("The request body is not valid JSON: \(error)")
            }
            let input: JSONValue
            do {
                input = try service.model.validateInput(of: operation, document)
            } catch {
                throw AWSServiceError.invalidRequest(error, validationCode: service.validationErrorCode)
            }
            switch handler {
            case .value(let handle): return AWSJSONResponse.make(body: try await handle(input))
            case .bytes(let handle): return AWSJSONResponse.make(bytes: try await handle(input))
            }
        } catch let error as AWSServiceError {
            if error.status.code >= 500 { logger.error("request failed", metadata: ["error": "\(error.code)"]) }
            return AWSJSONResponse.make(status: error.status, body: error.body)
        } catch {
            logger.error("unexpected error", metadata: ["error": "\(String(reflecting: error))"])
            let failure = AWSServiceError.internalFailure
            return AWSJSONResponse.make(status: failure.status, body: failure.body)
        }
    }
}
