/// Walks the pages of a ListObjectsV2 listing safely: it hands out the token for the next request and
/// stops a listing that would never end (truncated without a token, or a token seen before).
///
/// ```swift
/// var pagination = ListObjectsV2Pagination()
/// var token: String? = nil
/// repeat {
///     let page = try ListObjectsV2Page(xml: try await fetch(continuationToken: token))
///     token = try pagination.nextToken(after: page)
/// } while token != nil
/// ```
public struct ListObjectsV2Pagination: Hashable, Sendable {
    /// How many pages have been seen.
    public private(set) var pageCount = 0
    private var seenTokens: Set<String> = []

    /// Creates the state for a new listing.
    public init() {}

    /// The continuation token to request the page after `page` with, or `nil` when the listing is complete.
    public mutating func nextToken(after page: ListObjectsV2Page) throws(S3XMLError) -> String? {
        pageCount += 1
        if let sent = page.continuationToken { seenTokens.insert(sent) }
        guard page.isTruncated else { return nil }
        guard let token = page.nextContinuationToken, !token.isEmpty else {
            throw .invalidPagination("page \(pageCount) is truncated but has no NextContinuationToken")
        }
        guard seenTokens.insert(token).inserted else {
            throw .invalidPagination(
                "page \(pageCount) repeats the continuation token \(token.debugDescription); stopping to avoid a loop")
        }
        return token
    }
}
