import HTTPTransport

extension ResourceClient where Resource == Pod {
    /// The log of a container of the pod `name`, as text (at most 16 MiB: use `tailLines` or `limitBytes` for
    /// long logs, or `followLogs`).
    public func logs(_ name: String, options: LogOptions = .init()) async throws(KubernetesError) -> String {
        let path = kind.path(namespace: try objectNamespace(), name: name, subresource: "log")
        let request = client.makeRequest(
            method: "GET", path: path, query: options.query(follow: false), accept: "text/plain, */*")
        return String(decoding: try await client.sendRaw(request).body, as: UTF8.self)
    }

    /// Follows the log of a container of the pod `name` (`follow=true`): the lines written so far (or the last
    /// `tailLines`), then new ones as they come, until the container ends. Lines longer than `maxLineLength`
    /// bytes fail the sequence.
    public func followLogs(
        _ name: String, options: LogOptions = .init(), maxLineLength: Int = 1 << 20
    ) async throws(KubernetesError) -> PodLogLines {
        let path = kind.path(namespace: try objectNamespace(), name: name, subresource: "log")
        let request = client.makeRequest(
            method: "GET", path: path, query: options.query(follow: true), accept: "text/plain, */*")
        let stream = try await client.openStream(request, totalTimeout: nil)
        return PodLogLines(stream: stream, maxLineLength: maxLineLength)
    }
}
