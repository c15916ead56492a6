import HTTPTransport
import S3XML

extension S3Client {
    /// One page of ListObjectsV2 under `prefix` (`encoding-type=url`, decoded by the parser).
    public func listObjectsPage(
        _ prefix: S3URI, delimiter: String? = nil, continuationToken: String? = nil, maxKeys: Int? = nil
    ) async throws(S3Error) -> ListObjectsV2Page {
        var query: [(String, String?)] = [("list-type", "2"), ("encoding-type", "url")]
        if !prefix.key.isEmpty { query.append(("prefix", prefix.key)) }
        if let delimiter { query.append(("delimiter", delimiter)) }
        if let continuationToken { query.append(("continuation-token", continuationToken)) }
        if let maxKeys { query.append(("max-keys", String(maxKeys))) }
        let response = try await send(S3Request(method: "GET", bucket: prefix.bucket, query: query))
        do {
            return try ListObjectsV2Page(xml: response.body)
        } catch {
            throw .invalidResponse("ListObjectsV2 \(prefix): \(error)")
        }
    }

    /// Every page of a listing, in order, fetched as the sequence is iterated.
    public func listObjects(_ prefix: S3URI, delimiter: String? = nil, pageSize: Int? = nil) -> ObjectListing {
        ObjectListing(client: self, prefix: prefix, delimiter: delimiter, pageSize: pageSize)
    }

    /// Every object under `prefix` (all pages), in key order.
    public func listAllObjects(under prefix: S3URI) async throws(S3Error) -> [ObjectSummary] {
        var objects: [ObjectSummary] = []
        var pages = listObjects(prefix).makeAsyncIterator()
        while let page = try await pages.next() { objects += page.contents }
        return objects
    }
}

/// The pages of a ListObjectsV2 listing as an `AsyncSequence`; continuation tokens are passed back opaque, and a
/// listing that would loop is refused.
public struct ObjectListing: AsyncSequence, Sendable {
    public typealias Element = ListObjectsV2Page
    public typealias Failure = S3Error
    let client: S3Client
    let prefix: S3URI
    let delimiter: String?
    let pageSize: Int?

    public func makeAsyncIterator() -> Iterator {
        Iterator(listing: self)
    }

    /// Fetches the next page on demand.
    public struct Iterator: AsyncIteratorProtocol {
        let listing: ObjectListing
        var pagination = ListObjectsV2Pagination()
        var token: String?
        var done = false

        init(listing: ObjectListing) { self.listing = listing }

        public mutating func next() async throws(S3Error) -> ListObjectsV2Page? {
            guard !done else { return nil }
            let page = try await listing.client.listObjectsPage(
                listing.prefix, delimiter: listing.delimiter, continuationToken: token, maxKeys: listing.pageSize)
            do {
                token = try pagination.nextToken(after: page)
            } catch {
                throw .invalidResponse("ListObjectsV2 \(listing.prefix): \(error)")
            }
            done = token == nil
            return page
        }

    }
}
