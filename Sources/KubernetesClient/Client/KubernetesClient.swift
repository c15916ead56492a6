import Foundation
import HTTPTransport
import Logging
import ServiceModel

/// A client of one Kubernetes API server, over the libcurl transport.
///
/// Operations are grouped by kind of resource: `client.resources(.jobs, namespace: "ml")` gives a
/// `ResourceClient` that creates, reads, lists, patches, deletes and watches Jobs. Every request carries the
/// configuration's credentials (a token file is read again periodically) and deadline; failures are
/// `KubernetesError`s with the API server's `Status` decoded.
public final class KubernetesClient: Sendable {
    /// The configuration in use.
    public let configuration: KubernetesConfiguration
    let transport: CurlTransport
    let logger: Logger
    private let authorization: AuthorizationSource

    /// A client for `configuration`; `workerCount` requests may run at once (watches and followed logs run on
    /// threads of their own).
    public init(
        configuration: KubernetesConfiguration, workerCount: Int = 4,
        logger: Logger = Logger(label: "sagetrain.kubernetes", factory: { _ in SwiftLogNoOpLogHandler() })
    ) throws(KubernetesError) {
        self.configuration = configuration
        self.logger = logger
        authorization = AuthorizationSource(credentials: configuration.credentials, logger: logger)
        let transportConfiguration = TransportConfiguration(
            workerCount: workerCount, tls: configuration.tls, userAgent: "sagetrain-kubernetes",
            proxy: configuration.proxy)
        do {
            transport = try CurlTransport(configuration: transportConfiguration, logger: logger)
        } catch {
            throw .transport(error)
        }
    }

    /// The resources of `kind` in `namespace` (the configuration's namespace when nil; ignored for
    /// cluster-scoped kinds).
    public func resources<Resource>(
        _ kind: ResourceKind<Resource>, namespace: String? = nil
    ) -> ResourceClient<Resource> {
        ResourceClient(
            client: self, kind: kind, namespace: kind.isNamespaced ? namespace ?? configuration.namespace : nil)
    }

    /// The resources of `kind` in every namespace, for listing and watching.
    public func resourcesInAllNamespaces<Resource>(_ kind: ResourceKind<Resource>) -> ResourceClient<Resource> {
        ResourceClient(client: self, kind: kind, namespace: nil)
    }

    /// Stops the transport's workers once their transfers end.
    public func shutdown() {
        transport.shutdown()
    }

    // MARK: Requests

    /// A request to `path` (with `query`) on the API server, with credentials and a JSON body.
    func makeRequest(
        method: String, path: String, query: [(String, String)] = [], body: JSONValue? = nil,
        contentType: String = "application/json", accept: String = "application/json"
    ) -> HTTPRequest {
        var url = configuration.server + path
        if !query.isEmpty { url += "?" + URLEncoding.query(query) }
        var headers: [(name: String, value: String)] = [("Accept", accept)]
        if let authorization = authorization.headerValue() { headers.append(("Authorization", authorization)) }
        var requestBody = RequestBody.none
        if let body {
            headers.append(("Content-Type", contentType))
            requestBody = .bytes(body.serialized())
        }
        return HTTPRequest(method: method, url: url, headers: headers, body: requestBody)
    }

    /// Sends `request` and returns its JSON body; a non-2xx answer becomes the decoded `Status`.
    func send(_ request: HTTPRequest) async throws(KubernetesError) -> JSONValue {
        let response = try await sendRaw(request)
        do {
            return try JSONValue(parsing: response.body)
        } catch {
            throw .invalidResponse("the answer to \(request.method) is not JSON (\(error))")
        }
    }

    /// Sends `request` and returns the 2xx response; a non-2xx answer becomes the decoded `Status`.
    func sendRaw(_ request: HTTPRequest) async throws(KubernetesError) -> HTTPResponse {
        let options = RequestOptions(totalTimeout: configuration.requestTimeout)
        let response: HTTPResponse
        do {
            response = try await transport.execute(request, options: options)
        } catch {
            throw .transport(error)
        }
        logger.debug(
            "kubernetes request",
            metadata: ["kubernetes.method": "\(request.method)", "kubernetes.status": "\(response.status)"])
        guard response.isSuccess else { throw Self.error(status: response.status, body: response.body) }
        return response
    }

    /// Opens a streaming request (watch, followed logs); a non-2xx answer becomes the decoded `Status`.
    func openStream(_ request: HTTPRequest, totalTimeout: Duration?) async throws(KubernetesError) -> HTTPResponseStream
    {
        let stream: HTTPResponseStream
        do {
            stream = try await transport.stream(request, options: RequestOptions(totalTimeout: totalTimeout))
        } catch {
            throw .transport(error)
        }
        guard stream.isSuccess else {
            var body: [UInt8] = []
            do {
                for try await chunk in stream.body {
                    body += chunk
                    if body.count > ResponseSink.errorBodyLimit { break }
                }
            } catch {
                throw .transport(error)
            }
            stream.cancel()
            throw Self.error(status: stream.status, body: body)
        }
        return stream
    }

    /// The error for a non-2xx answer: its `Status` document, else a status inferred from the code with the
    /// body's start as the message.
    static func error(status: Int, body: [UInt8]) -> KubernetesError {
        if let json = try? JSONValue(parsing: body), let decoded = KubernetesStatus(json: json) {
            var decoded = decoded
            if decoded.code == 0 { decoded.code = status }
            return .status(decoded)
        }
        let text = String(decoding: body.prefix(512), as: UTF8.self).trimmingCharacters(in: .whitespacesAndNewlines)
        return .status(
            KubernetesStatus(
                code: status, reason: StatusReason.inferred(fromHTTPStatus: status),
                message: text.isEmpty ? "HTTP \(status)" : text))
    }
}
