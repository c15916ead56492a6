import S3XML
import Testing

@Suite("ListObjectsV2Pagination")
struct ListObjectsV2PaginationTests {
    @Test("walking the captured pages yields each next token, then stops", arguments: ["moto", "seaweedfs"])
    func walksAllPages(server: String) throws {
        var pagination = ListObjectsV2Pagination()
        var tokens: [String?] = []
        for name in ["page1-url-encoded-truncated", "page2-continuation", "page3-last"] {
            let page = try ListObjectsV2Page(xml: Fixture.body("\(server)/list-v2-\(name)"))
            tokens.append(try pagination.nextToken(after: page))
        }
        #expect(tokens.count == 3 && tokens[0] != nil && tokens[1] != nil && tokens[2] == nil)
        #expect(pagination.pageCount == 3)
    }

    @Test("truncated without a token is an error, not a loop")
    func truncatedWithoutToken() throws {
        let page = try ListObjectsV2Page(xml: Fixture.body("malformed/list-v2-truncated-without-token"))
        var pagination = ListObjectsV2Pagination()
        expectRefusal(.invalidPagination) { () throws(S3XMLError) in _ = try pagination.nextToken(after: page) }
    }

    @Test("a V1 listing (NextMarker, no NextContinuationToken) cannot be paged as V2")
    func versionOneListing() throws {
        let page = try ListObjectsV2Page(xml: Fixture.body("moto/list-v1-marker"))
        #expect(page.isTruncated && page.nextContinuationToken == nil)
        var pagination = ListObjectsV2Pagination()
        expectRefusal(.invalidPagination) { () throws(S3XMLError) in _ = try pagination.nextToken(after: page) }
    }

    @Test("a next token equal to the one just sent is detected")
    func tokenLoop() throws {
        let page = try ListObjectsV2Page(xml: Fixture.body("malformed/list-v2-token-loop"))
        var pagination = ListObjectsV2Pagination()
        expectRefusal(.invalidPagination) { () throws(S3XMLError) in _ = try pagination.nextToken(after: page) }
    }

    @Test("a token that comes back pages later is detected")
    func longerLoop() throws {
        func page(sent: String?, next: String) throws -> ListObjectsV2Page {
            let sentElement = sent.map { "<ContinuationToken>\($0)</ContinuationToken>" } ?? ""
            let xml =
                "<ListBucketResult><Name>b</Name><IsTruncated>true</IsTruncated>\(sentElement)"
                + "<NextContinuationToken>\(next)</NextContinuationToken></ListBucketResult>"
            return try ListObjectsV2Page(xml: Array(xml.utf8))
        }
        var pagination = ListObjectsV2Pagination()
        #expect(try pagination.nextToken(after: page(sent: nil, next: "A")) == "A")
        #expect(try pagination.nextToken(after: page(sent: "A", next: "B")) == "B")
        let repeated = try page(sent: "B", next: "A")
        expectRefusal(.invalidPagination) { () throws(S3XMLError) in _ = try pagination.nextToken(after: repeated) }
    }
}
