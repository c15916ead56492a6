import Foundation
import S3XML
import Testing

@Suite("ListObjectsV2Page")
struct ListObjectsV2PageTests {
    private func page(_ name: String) throws -> ListObjectsV2Page {
        try ListObjectsV2Page(xml: Fixture.body(name))
    }

    @Test("the three URL-encoded pages together hold the seven keys, decoded", arguments: ["moto", "seaweedfs"])
    func pagesDecodeTheSevenKeys(server: String) throws {
        let pages = try ["page1-url-encoded-truncated", "page2-continuation", "page3-last"].map {
            try page("\(server)/list-v2-\($0)")
        }
        #expect(pages.flatMap(\.contents).map(\.key) == Fixture.sevenKeys)
        #expect(pages.map(\.isTruncated) == [true, true, false])
        #expect(pages.allSatisfy { $0.encodingType == "url" && $0.name == "xml-corpus" && $0.maxKeys == 3 })
        #expect(pages.map(\.keyCount) == [3, 3, 1])
        #expect(pages[2].nextContinuationToken == nil)
        if server == "seaweedfs" {  // moto does not echo ContinuationToken
            #expect(pages[1].continuationToken == pages[0].nextContinuationToken)
            #expect(pages[2].continuationToken == pages[1].nextContinuationToken)
        } else {
            #expect(pages.allSatisfy { $0.continuationToken == nil })
        }
    }

    @Test("moto's hex continuation tokens come through untouched")
    func motoTokens() throws {
        #expect(
            try page("moto/list-v2-page1-url-encoded-truncated").nextContinuationToken
                == "cf1a1f1ebcdd393187569fa010507173")
        #expect(try page("moto/list-v2-page3-last").continuationToken == nil)
    }

    @Test("SeaweedFS's tokens are XML-unescaped but never URL-decoded")
    func seaweedTokensAreOpaque() throws {
        let first = try page("seaweedfs/list-v2-page1-url-encoded-truncated")
        #expect(first.nextContinuationToken == "dir two/a+b=c&d.txt")  // the + stays a +
        let second = try page("seaweedfs/list-v2-page2-continuation")
        #expect(second.continuationToken == "dir two/a+b=c&d.txt")
        #expect(second.nextContinuationToken == "tab\there.txt")  // &#x9;
        let startAfter = try page("seaweedfs/list-v2-fetch-owner-start-after")
        #expect(startAfter.nextContinuationToken == "lt<gt>&amp\"quote'.txt")  // &#34; &#39; &amp;amp;
        #expect(startAfter.startAfter == "dir two/")
    }

    @Test("SeaweedFS's + for space and %2B for + decode as a form would")
    func seaweedPlusIsSpace() throws {
        let keys = try page("seaweedfs/list-v2-delimiter-prefix-url").contents.map(\.key)
        #expect(keys == ["dir one/file with spaces.txt", "dir one/ünïcödé €.txt"])
        let first = try page("seaweedfs/list-v2-page1-url-encoded-truncated")
        #expect(first.contents[2].key == "dir two/a+b=c&d.txt")
    }

    @Test("keys that were only XML-escaped come out exact", arguments: ["moto", "seaweedfs"])
    func xmlEscapedKeys(server: String) throws {
        let listing = try page("\(server)/list-v2-no-encoding-xml-escaped")
        #expect(listing.contents.map(\.key) == Fixture.sevenKeys)
        #expect(listing.encodingType == nil)
        #expect(listing.keyCount == 7)
        #expect(listing.prefix == "")
    }

    @Test("delimiter listings decode common prefixes and the delimiter", arguments: ["moto", "seaweedfs"])
    func commonPrefixes(server: String) throws {
        let listing = try page("\(server)/list-v2-delimiter-commonprefixes-url")
        #expect(listing.commonPrefixes == ["dir one/", "dir two/", "zz/"])
        #expect(listing.contents.map(\.key) == ["lt<gt>&amp\"quote'.txt", "plain.txt", "tab\there.txt"])
        #expect(listing.delimiter == "/")
        let prefixed = try page("\(server)/list-v2-delimiter-prefix-url")
        #expect(prefixed.prefix == "dir one/")
    }

    @Test("AWS's shape: encoded prefix and delimiter decode; tokens with / + = stay as sent")
    func awsShape() throws {
        let listing = try page("synthetic/list-v2-aws-shape-url-encoded-truncated")
        #expect(listing.prefix == "photos/2026/")
        #expect(listing.delimiter == "/")
        #expect(listing.contents.map(\.key) == ["photos/2026/jan/sample one.jpg", "photos/2026/jan/a+b=c.jpg"])
        #expect(listing.commonPrefixes == ["photos/2026/feb/"])
        #expect(listing.continuationToken == "1ueGcxLPRx1Tr/XYExHnhbYLgveDs2J/wm36Hy4vbOwM=")
        #expect(listing.nextContinuationToken == "1/tQ4nJ+Y9aY5eg6p+4/2Uw+8XRZzhX5xqh3jvwh1pmsEjqglK/Y8Nw==")
        #expect(listing.contents[0].size == 142_863)
        #expect(listing.contents[0].eTag == "\"fba9dede5f27731c9771645a39863328\"")
        #expect(listing.contents[0].unquotedETag == "fba9dede5f27731c9771645a39863328")
    }

    @Test("object summaries: dates with and without milliseconds, sizes, storage class")
    func objectSummaries() throws {
        let moto = try #require(try page("moto/list-v2-page3-last").contents.first)
        #expect(moto.lastModified == Date(timeIntervalSince1970: 1_795_909_191))  // 2026-11-28T23:39:51.000Z
        #expect(moto.size == 10)
        #expect(moto.storageClass == "STANDARD")
        #expect(moto.eTag == "\"336311a016184326ddbdd61edd4eeb52\"")
        let seaweed = try #require(try page("seaweedfs/list-v2-page3-last").contents.first)
        #expect(seaweed.lastModified == Date(timeIntervalSince1970: 1_795_909_195))  // 2026-11-28T23:39:55Z
        #expect(seaweed.eTag == "\"336311a016184326ddbdd61edd4eeb52\"")  // from &#34;
    }

    @Test("empty listings and start-after", arguments: ["moto", "seaweedfs"])
    func emptyAndStartAfter(server: String) throws {
        let empty = try page("\(server)/list-v2-empty-result")
        #expect(empty.contents.isEmpty && empty.commonPrefixes.isEmpty)
        #expect(empty.keyCount == 0 && empty.prefix == "does-not-exist/" && !empty.isTruncated)
        let startAfter = try page("\(server)/list-v2-fetch-owner-start-after")
        #expect(startAfter.startAfter == "dir two/")
        #expect(startAfter.contents.map(\.key) == ["dir two/a+b=c&d.txt", "lt<gt>&amp\"quote'.txt"])
        #expect(startAfter.isTruncated)
    }

    @Test(
        "tolerated variations parse to the same two keys",
        arguments: [
            "list-v2-utf8-bom", "list-v2-no-namespace", "list-v2-prefixed-namespace", "list-v2-no-xml-declaration",
        ])
    func variations(name: String) throws {
        let listing = try page("malformed/\(name)")
        #expect(listing.name == "my-bucket")
        #expect(listing.contents.map(\.key) == ["a.txt", "b.txt"])
        #expect(listing.contents.map(\.size) == [434_234, 434_234])
        #expect(listing.keyCount == 2 && !listing.isTruncated)
    }

    @Test("unknown elements, attributes, comments and processing instructions are ignored")
    func unknownElements() throws {
        let listing = try page("malformed/list-v2-unknown-elements-reordered")
        #expect(
            listing.contents == [ObjectSummary(key: "z.txt", lastModified: nil, eTag: nil, size: 5, storageClass: nil)])
        #expect(listing.name == "my-bucket" && listing.keyCount == 1)
    }

    @Test("CDATA and character references give the exact keys")
    func cdataAndCharacterReferences() throws {
        let keys = try page("malformed/list-v2-cdata-and-char-refs").contents.map(\.key)
        #expect(keys == ["dir/<cdata> & key.txt", "ABé😀&<>\"'.txt"])
    }

    @Test("numbers and booleans are trimmed, keys never")
    func prettyPrinted() throws {
        let listing = try page("malformed/list-v2-whitespace-pretty-printed")
        #expect(!listing.isTruncated)
        #expect(listing.contents.map(\.key) == [" leading and trailing spaces are part of the key "])
        #expect(listing.contents.map(\.size) == [7])
    }

    @Test("a Latin-1 document comes out as UTF-8")
    func latin1() throws {
        #expect(try page("malformed/list-v2-encoding-latin1-declared").contents.map(\.key) == ["café.txt", "b.txt"])
    }

    @Test("a 256 KiB key parses in linear time")
    func hugeKey() throws {
        let listing = try page("malformed/huge-key-element")
        #expect(listing.contents.first?.key.utf8.count == 262_144)
    }

    @Test("bad numbers and booleans are refused cleanly")
    func badValues() throws {
        expectRefusal(.invalidValue) { () throws(S3XMLError) in _ = try page(bytes: "malformed/list-v2-bad-numbers") }
        let document = { (contents: String) in
            let head = "<ListBucketResult><Name>b</Name><IsTruncated>false</IsTruncated>"
            return Array((head + "<Contents>\(contents)</Contents></ListBucketResult>").utf8)
        }
        for size in ["99999999999999999999999", "-1", "12abc", "", "+5", "0x10"] {
            expectRefusal(.invalidValue) { () throws(S3XMLError) in
                _ = try ListObjectsV2Page(xml: document("<Key>k</Key><Size>\(size)</Size>"))
            }
        }
        expectRefusal(.invalidValue) { () throws(S3XMLError) in
            _ = try ListObjectsV2Page(xml: document("<Key>k</Key><Size>1</Size><LastModified>yesterday</LastModified>"))
        }
        expectRefusal(.missingElement) { () throws(S3XMLError) in
            _ = try ListObjectsV2Page(xml: document("<Size>1</Size>"))
        }
    }

    @Test("bad percent escapes and encoded invalid UTF-8 are refused", arguments: ["a%2", "a%zz.txt", "%C3%28", "%"])
    func badEscapes(key: String) {
        let xml =
            "<ListBucketResult><Name>b</Name><EncodingType>url</EncodingType><IsTruncated>false</IsTruncated>"
            + "<Contents><Key>\(key)</Key><Size>1</Size></Contents></ListBucketResult>"
        expectRefusal(.invalidValue) { () throws(S3XMLError) in _ = try ListObjectsV2Page(xml: Array(xml.utf8)) }
    }

    @Test("another document is refused with its root named")
    func wrongRoot() throws {
        do {
            _ = try ListObjectsV2Page(xml: Fixture.body("moto/error-nosuchbucket-list"))
            Issue.record("an <Error> must not parse as a listing")
        } catch let error as S3XMLError {
            #expect(error.kind == .unexpectedRoot)
            #expect(error.description == "Expected <ListBucketResult> in the S3 response but found <Error>")
        }
    }

    private func page(bytes name: String) throws(S3XMLError) -> ListObjectsV2Page {
        guard let body = try? Fixture.body(name) else { fatalError("missing fixture \(name)") }
        return try ListObjectsV2Page(xml: body)
    }
}
