import Foundation
import Glibc
import Synchronization

/// A small fault-injecting HTTP/1.1 proxy between the S3 client and SeaweedFS, for the fault tests.
///
/// The client's endpoint is the proxy. A request is forwarded with its start line, header fields and body
/// unchanged (the `Host` the client signed included, so SeaweedFS verifies the SigV4 signature as usual), except
/// two unsigned hop-by-hop fields: `Expect` (the proxy answers `100 Continue` itself) and `Connection` (every
/// connection carries exactly one request, both ways, so libcurl never silently re-sends a request on a reused
/// connection and the counts below are exact). A plan of rules decides, request by request, whether to forward it
/// honestly or to inject a fault; every request is recorded with the fault it got.
final class FaultProxy: Sendable {
    /// What happens to a request a rule matches.
    enum Fault: Sendable, Equatable {
        /// Answer with this status and an S3 `<Error>` document and `x-amz-request-id`, without forwarding.
        case error(status: Int, code: String, message: String)
        /// Read the request, then reset the connection (`SO_LINGER` 0) without answering.
        case reset
        /// Forward, but end the connection after `bytes` bytes of the body; the original `Content-Length` stays.
        case truncateBody(after: Int)
        /// Forward, inverting the body byte at `offset`; the length stays right.
        case corruptBody(at: Int)
        /// Read the request and never answer, until the client gives up.
        case stall
        /// Forward the request with its body byte at `offset` inverted (the length unchanged).
        case corruptRequestBody(at: Int)

        /// S3's 500.
        static let internalError = Fault.error(
            status: 500, code: "InternalError", message: "We encountered an internal error. Please try again.")
        /// S3's throttling answer.
        static let slowDown = Fault.error(status: 503, code: "SlowDown", message: "Please reduce your request rate.")
    }

    /// One request the proxy received.
    struct Record: Sendable {
        /// The request's head as received.
        var head: ProxiedMessageHead
        /// The fault injected, nil when the request was forwarded untouched.
        var fault: Fault?
        /// The request ID of an injected error answer.
        var requestID: String?
        /// When the request's head had arrived.
        var arrival: ContinuousClock.Instant
        /// When the proxy had finished with the request (answered, reset, forwarded); nil until then.
        var finish: ContinuousClock.Instant?
    }

    private struct Rule: Sendable {
        var method: String
        var targetPattern: String
        var header: (name: String, substring: String)?
        var fault: Fault
        var remaining: Int

        func matches(_ head: ProxiedMessageHead) -> Bool {
            guard head.method == method, let regex = try? Regex(targetPattern), head.target.contains(regex) else {
                return false
            }
            guard let header else { return true }
            return head.value(of: header.name)?.contains(header.substring) ?? false
        }
    }

    private struct State {
        var rules: [Rule] = []
        var records: [Record] = []
        var open: Set<Int32> = []
        var isStopped = false
    }

    /// The endpoint to give the client.
    let endpoint: URL
    private let upstreamPort: Int
    private let listener: Int32
    private let state = Mutex(State())

    /// Starts a proxy on a free loopback port in front of `upstream` (an `http://127.0.0.1:port` URL).
    init(upstream: URL) throws {
        guard let port = upstream.port else { throw SetupError("the upstream \(upstream) has no port") }
        upstreamPort = port
        let (descriptor, listeningPort) = try ProxySocket.listenOnLoopback()
        listener = descriptor
        endpoint = URL(string: "http://127.0.0.1:\(listeningPort)")!
        Thread.detachNewThread { [self] in acceptConnections() }
    }

    /// Stops accepting and ends every open connection; stalled requests see their connection closed.
    func stop() {
        state.withLock { state in
            state.isStopped = true
            for descriptor in state.open { shutdown(descriptor, Int32(SHUT_RDWR)) }
        }
        shutdown(listener, Int32(SHUT_RDWR))
    }

    /// The next `times` requests with this method whose target (path and query) matches the regular expression
    /// `target`, and whose header field `name` (when given) contains `value`, get `fault`. Rules apply in the
    /// order they were added, each until it is used up.
    func inject(
        _ fault: Fault, times: Int = 1, method: String, target: String = "", header name: String? = nil,
        containing value: String = ""
    ) {
        let rule = Rule(
            method: method, targetPattern: target, header: name.map { ($0, value) }, fault: fault, remaining: times)
        state.withLock { $0.rules.append(rule) }
    }

    /// The requests received so far with `method` (any when nil) whose target matches `target`, in order.
    func requests(method: String? = nil, target: String = "") -> [Record] {
        let regex = try? Regex(target)
        return state.withLock { $0.records }.filter { record in
            (method == nil || record.head.method == method) && regex.map { record.head.target.contains($0) } ?? false
        }
    }

    /// How many requests `requests(method:target:)` would return.
    func count(method: String? = nil, target: String = "") -> Int {
        requests(method: method, target: target).count
    }

    private func acceptConnections() {
        while true {
            let client = ProxySocket.accept(listener)
            if client < 0 {
                if errno == EINTR || errno == ECONNABORTED { continue }
                break
            }
            guard track(client) else {
                close(client)
                break
            }
            Thread.detachNewThread { [self] in serve(client) }
        }
        close(listener)
    }

    private func serve(_ client: Int32) {
        defer { closeTracked(client) }
        var buffer: [UInt8] = []
        guard let headBytes = ProxySocket.receiveHead(client, buffer: &buffer),
            let head = ProxiedMessageHead(headBytes), head.value(of: "Transfer-Encoding") == nil
        else { return }
        if head.value(of: "Expect")?.lowercased() == "100-continue" {
            guard ProxySocket.sendAll(client, Array("HTTP/1.1 100 Continue\r\n\r\n".utf8)) else { return }
        }
        let length = Int(head.value(of: "Content-Length") ?? "0") ?? 0
        while buffer.count < length {
            guard let more = ProxySocket.receive(client) else { return }
            buffer += more
        }
        let (index, fault, requestID) = decide(head)
        defer { state.withLock { $0.records[index].finish = ContinuousClock.now } }
        switch fault {
        case .error(let status, let code, let message):
            answer(client, head: head, status: status, code: code, message: message, requestID: requestID ?? "")
        case .reset:
            ProxySocket.resetOnClose(client)
        case .stall:
            while ProxySocket.receive(client) != nil {}
        case .corruptRequestBody(let offset) where offset < length:
            var body = Array(buffer.prefix(length))
            body[offset] ^= 0xFF
            forward(head, body: body[...], to: client, fault: nil)
        case nil, .truncateBody, .corruptBody, .corruptRequestBody:
            forward(head, body: buffer.prefix(length), to: client, fault: fault)
        }
    }

    /// Picks the fault for a request (using up one of its rule's times) and records the request.
    private func decide(_ head: ProxiedMessageHead) -> (record: Int, Fault?, String?) {
        state.withLock { state in
            var fault: Fault?
            if let index = state.rules.firstIndex(where: { $0.remaining > 0 && $0.matches(head) }) {
                state.rules[index].remaining -= 1
                fault = state.rules[index].fault
            }
            var requestID: String?
            if case .error = fault { requestID = String(format: "FAULTPROXY%06d", state.records.count + 1) }
            state.records.append(
                Record(head: head, fault: fault, requestID: requestID, arrival: ContinuousClock.now))
            return (state.records.count - 1, fault, requestID)
        }
    }

    private func answer(
        _ client: Int32, head: ProxiedMessageHead, status: Int, code: String, message: String, requestID: String
    ) {
        let resource = String(head.target.prefix { $0 != "?" })
        let document = Array(
            """
            <?xml version="1.0" encoding="UTF-8"?>
            <Error><Code>\(code)</Code><Message>\(message)</Message><Resource>\(Self.escaped(resource))</Resource>\
            <RequestId>\(requestID)</RequestId></Error>
            """.utf8)
        let response =
            "HTTP/1.1 \(status) \(Self.reasons[status] ?? "Error")\r\n"
            + "Content-Type: application/xml\r\nContent-Length: \(document.count)\r\n"
            + "x-amz-request-id: \(requestID)\r\nConnection: close\r\n\r\n"
        ProxySocket.sendAll(client, Array(response.utf8) + (head.method == "HEAD" ? [] : document))
    }

    /// Sends the request to SeaweedFS and relays its answer, truncated or corrupted as `fault` says.
    private func forward(_ head: ProxiedMessageHead, body: ArraySlice<UInt8>, to client: Int32, fault: Fault?) {
        guard let upstream = try? ProxySocket.connectToLoopback(port: upstreamPort) else {
            ProxySocket.resetOnClose(client)
            return
        }
        guard track(upstream) else {
            close(upstream)
            return
        }
        defer { closeTracked(upstream) }
        let request = head.serialised(removing: ["expect", "connection"], adding: [("Connection", "close")])
        var buffer: [UInt8] = []
        guard ProxySocket.sendAll(upstream, request + body),
            let responseBytes = ProxySocket.receiveHead(upstream, buffer: &buffer),
            let response = ProxiedMessageHead(responseBytes),
            ProxySocket.sendAll(
                client, response.serialised(removing: ["connection"], adding: [("Connection", "close")]))
        else {
            ProxySocket.resetOnClose(client)
            return
        }
        var offset = 0
        var chunk = buffer
        while true {
            switch fault {
            case .truncateBody(let limit) where offset + chunk.count >= limit:
                // Ends the connection normally (FIN) short of the Content-Length.
                ProxySocket.sendAll(client, chunk.prefix(max(0, limit - offset)))
                return
            case .corruptBody(let position) where (offset..<offset + chunk.count).contains(position):
                chunk[position - offset] ^= 0xFF
            default:
                break
            }
            guard ProxySocket.sendAll(client, chunk) else { return }
            offset += chunk.count
            guard let more = ProxySocket.receive(upstream) else { return }
            chunk = more
        }
    }

    private func track(_ descriptor: Int32) -> Bool {
        state.withLock { state in
            guard !state.isStopped else { return false }
            state.open.insert(descriptor)
            return true
        }
    }

    /// Closes under the lock, so that `stop` never shuts down a descriptor number already reused elsewhere.
    private func closeTracked(_ descriptor: Int32) {
        state.withLock { state in
            state.open.remove(descriptor)
            close(descriptor)
        }
    }

    private static let reasons = [
        403: "Forbidden", 404: "Not Found", 429: "Too Many Requests", 500: "Internal Server Error",
        503: "Service Unavailable",
    ]

    private static func escaped(_ text: String) -> String {
        text.replacingOccurrences(of: "&", with: "&amp;").replacingOccurrences(of: "<", with: "&lt;")
            .replacingOccurrences(of: ">", with: "&gt;")
    }
}
