import HTTPTransport
import ServiceModel

/// The operations on one kind of resource in one namespace (or in all, or cluster-scoped): create, get, list,
/// replace, patch, delete, and `watch`. Made by `KubernetesClient.resources(_:namespace:)`.
public struct ResourceClient<Resource: KubernetesResource>: Sendable {
    /// The client.
    public let client: KubernetesClient
    /// The kind of resource.
    public let kind: ResourceKind<Resource>
    /// The namespace; nil for every namespace (lists and watches only) or for cluster-scoped kinds.
    public let namespace: String?

    /// Creates `resource` (its `apiVersion` and `kind` are filled in when missing) and returns it as stored.
    public func create(_ resource: Resource) async throws(KubernetesError) -> Resource {
        var json = resource.json
        if json["apiVersion"] == nil { json.setMember("apiVersion", to: .string(kind.apiVersion)) }
        if json["kind"] == nil { json.setMember("kind", to: .string(kind.kind)) }
        let path = kind.path(namespace: try objectNamespace(resource.namespace))
        return Resource(json: try await client.send(client.makeRequest(method: "POST", path: path, body: json)))
    }

    /// Posts `body` to the subresource `subresource` of the object `name` (a pod's `binding` or `eviction`) and
    /// returns the answer.
    public func create(
        _ body: JSONValue, subresource: String, of name: String
    ) async throws(KubernetesError) -> JSONValue {
        let path = kind.path(namespace: try objectNamespace(), name: name, subresource: subresource)
        return try await client.send(client.makeRequest(method: "POST", path: path, body: body))
    }

    /// The object `name`.
    public func get(_ name: String) async throws(KubernetesError) -> Resource {
        let path = kind.path(namespace: try objectNamespace(), name: name)
        return Resource(json: try await client.send(client.makeRequest(method: "GET", path: path)))
    }

    /// One page of the objects that `options` selects.
    public func list(_ options: ListOptions = .init()) async throws(KubernetesError) -> ResourceList<Resource> {
        let json = try await client.send(
            client.makeRequest(method: "GET", path: kind.path(namespace: namespace), query: options.query))
        guard let items = json["items"]?.arrayValue ?? (json["items"]?.isNull == true ? [] : nil) else {
            throw .invalidResponse("a list without items")
        }
        let metadata = json["metadata"]
        let continueToken = metadata?["continue"]?.stringValue
        return ResourceList(
            items: items.map(Resource.init(json:)), resourceVersion: metadata?["resourceVersion"]?.stringValue ?? "",
            continueToken: continueToken?.isEmpty == false ? continueToken : nil,
            remainingItemCount: metadata?["remainingItemCount"]?.int64Value.map { Int($0) })
    }

    /// Every object that `options` selects, following `continue` tokens page by page (`options.limit` each).
    /// The resourceVersion is the first page's: all pages are one consistent snapshot.
    public func listAll(_ options: ListOptions = .init()) async throws(KubernetesError) -> ResourceList<Resource> {
        var restarts = 0
        while true {
            var options = options
            do {
                var result = try await list(options)
                while let token = result.continueToken {
                    options.continueToken = token
                    let page = try await list(options)
                    result.items += page.items
                    result.continueToken = page.continueToken
                }
                return result
            } catch  where error.isResourceVersionExpired && options.continueToken != nil && restarts < 3 {
                // The continue token outlived etcd's compaction (410 Expired): start a consistent list again, as
                // client-go's pager does.
                restarts += 1
            }
        }
    }

    /// Replaces the object with `resource` (`PUT`); its `metadata.resourceVersion`, when set, must be current.
    public func replace(_ resource: Resource) async throws(KubernetesError) -> Resource {
        var json = resource.json
        if json["apiVersion"] == nil { json.setMember("apiVersion", to: .string(kind.apiVersion)) }
        if json["kind"] == nil { json.setMember("kind", to: .string(kind.kind)) }
        let path = kind.path(namespace: try objectNamespace(resource.namespace), name: resource.name)
        return Resource(json: try await client.send(client.makeRequest(method: "PUT", path: path, body: json)))
    }

    /// Patches the object `name` (or its `subresource`, such as `status`) and returns the result.
    public func patch(
        _ name: String, with patch: JSONValue, type: PatchType = .merge, subresource: String? = nil
    ) async throws(KubernetesError) -> Resource {
        let path = kind.path(namespace: try objectNamespace(), name: name, subresource: subresource)
        let request = client.makeRequest(method: "PATCH", path: path, body: patch, contentType: type.rawValue)
        return Resource(json: try await client.send(request))
    }

    /// Deletes the object `name`. Returns it when the server still holds it (finalizers pending, as with
    /// `foreground` propagation), nil when it is gone (the server answered with a `Status`).
    @discardableResult
    public func delete(
        _ name: String, options: DeleteOptions = .init()
    ) async throws(KubernetesError) -> Resource? {
        let path = kind.path(namespace: try objectNamespace(), name: name)
        let json = try await client.send(client.makeRequest(method: "DELETE", path: path, body: options.json))
        if json["kind"]?.stringValue == "Status" { return nil }
        let resource = Resource(json: json)
        return resource.metadata.isBeingDeleted ? resource : nil
    }

    /// The namespace for an operation on one object: this client's, else the object's own.
    func objectNamespace(_ objectNamespace: String? = nil) throws(KubernetesError) -> String? {
        guard kind.isNamespaced else { return nil }
        guard let namespace = namespace ?? objectNamespace else {
            throw KubernetesError(
                code: .invalidRequest, message: "\(kind.kind) is namespaced: name a namespace for this operation")
        }
        return namespace
    }
}
