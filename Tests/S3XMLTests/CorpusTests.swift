import S3XML
import Testing

@Suite("The whole corpus")
struct CorpusTests {
    @Test("every body in the corpus has an expectation", arguments: ["moto", "seaweedfs", "synthetic", "malformed"])
    func everyCaseIsCovered(folder: String) throws {
        let covered = Set(CorpusTable.all.map(\.name).filter { $0.hasPrefix(folder + "/") })
        let present = Set(try Fixture.cases(in: folder))
        #expect(present == covered)
        #expect(!present.isEmpty)
    }

    @Test("every body turns into what the README asks for", arguments: CorpusTable.all.map(\.name))
    func caseMeetsExpectation(name: String) throws {
        let expectation = try #require(CorpusTable.all.first { $0.name == name }?.expectation)
        let body = try Fixture.body(name)
        switch expectation {
        case .emptyBody:
            #expect(throws: S3XMLError.emptyDocument) { try SafeXMLParser().parse(body) }
        case .listPage:
            _ = try ListObjectsV2Page(xml: body)
        case .error(let code):
            #expect(try S3ErrorDocument(xml: body).code == code)
        case .completionFailed(let code):
            guard case .failed(let error) = try CompleteMultipartUploadOutcome(xml: body) else {
                Issue.record("\(name) should be classified as a failure")
                return
            }
            #expect(error.code == code)
        case .completed:
            guard case .completed(let result) = try CompleteMultipartUploadOutcome(xml: body) else {
                Issue.record("\(name) should be classified as completed")
                return
            }
            #expect(!result.unquotedETag.isEmpty)
        case .initiated:
            #expect(!(try InitiateMultipartUploadResult(xml: body).uploadID.isEmpty))
        case .deleteResult:
            #expect(try DeleteResult(xml: body).deleted.count == 3)
        case .listParts:
            #expect(try ListPartsResult(xml: body).parts.map(\.partNumber) == [1, 2])
        case .root(let root):
            #expect(try SafeXMLParser().parse(body).name == root)
        case .refused(let kind):
            expectRefusal(kind) { () throws(S3XMLError) in _ = try SafeXMLParser().parse(body) }
        case .listPageRefused(let kind):
            _ = try SafeXMLParser().parse(body)
            expectRefusal(kind) { () throws(S3XMLError) in _ = try ListObjectsV2Page(xml: body) }
        case .errorRefused(let kind):
            _ = try SafeXMLParser().parse(body)
            expectRefusal(kind) { () throws(S3XMLError) in _ = try S3ErrorDocument(xml: body) }
        }
    }
}

/// Expects `body` to throw an S3XMLError of `kind` with a non-empty message.
func expectRefusal(
    _ kind: S3XMLError.Kind, sourceLocation: SourceLocation = #_sourceLocation,
    _ body: () throws(S3XMLError) -> Void
) {
    do {
        try body()
        Issue.record("expected a \(kind) error, but parsing succeeded", sourceLocation: sourceLocation)
    } catch {
        #expect(error.kind == kind, "\(error)", sourceLocation: sourceLocation)
        #expect(!error.message.isEmpty, sourceLocation: sourceLocation)
    }
}
