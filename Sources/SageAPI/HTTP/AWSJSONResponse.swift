import Foundation
import HTTPTypes
import Hummingbird
import NIOCore
import ServiceModel

/// Builds responses in the AWS JSON 1.1 protocol.
enum AWSJSONResponse {
    /// The protocol's content type.
    static let contentType = "application/x-amz-json-1.1"

    /// A response with `body` rendered as JSON.
    static func make(status: HTTPResponse.Status = .ok, body: JSONValue) -> Response {
        make(status: status, bytes: body.serialized())
    }

    /// A response with an already rendered JSON body.
    static func make(status: HTTPResponse.Status = .ok, bytes: [UInt8]) -> Response {
        var headers = HTTPFields()
        headers[.contentType] = contentType
        headers[.requestID] = UUID().uuidString.lowercased()
        return Response(status: status, headers: headers, body: ResponseBody(byteBuffer: ByteBuffer(bytes: bytes)))
    }
}

extension HTTPField.Name {
    /// `X-Amz-Target`: the operation of an AWS JSON request.
    static let amzTarget = Self("X-Amz-Target")!
    /// `x-amzn-RequestId`, which clients report with every response.
    static let requestID = Self("x-amzn-RequestId")!
}
