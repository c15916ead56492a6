import S3XML
import Testing

@Suite("Parsing from many tasks at once")
struct ConcurrentParsingTests {
    /// What a body parses to, or the kind of error, as a comparable value.
    private static func outcome(_ body: [UInt8]) -> String {
        do {
            return String(describing: try SafeXMLParser().parse(body))
        } catch {
            return "error: \(error.kind)"
        }
    }

    @Test("parsing the corpus from 512 concurrent tasks gives the sequential results")
    func concurrentCorpus() async throws {
        let names = CorpusTable.all.map(\.name)
        let bodies = try names.map { try Fixture.body($0) }
        let expected = bodies.map(Self.outcome)
        #expect(expected.contains { $0.hasPrefix("error: hostile") } && expected.contains { !$0.hasPrefix("error") })

        let mismatches = await withTaskGroup(of: Int?.self) { group in
            for round in 0..<512 {
                let index = round % bodies.count
                let body = bodies[index]
                let want = expected[index]
                group.addTask { Self.outcome(body) == want ? nil : index }
            }
            var mismatches: [Int] = []
            for await mismatch in group { if let mismatch { mismatches.append(mismatch) } }
            return mismatches
        }
        #expect(mismatches.isEmpty, "different results for \(mismatches.map { names[$0] })")
    }

    @Test("typed pages parse concurrently")
    func concurrentPages() async throws {
        let body = try Fixture.body("seaweedfs/list-v2-no-encoding-xml-escaped")
        let keys = await withTaskGroup(of: [String].self) { group in
            for _ in 0..<200 {
                group.addTask { (try? ListObjectsV2Page(xml: body).contents.map(\.key)) ?? [] }
            }
            var all: [[String]] = []
            for await keys in group { all.append(keys) }
            return all
        }
        #expect(keys.count == 200 && keys.allSatisfy { $0 == Fixture.sevenKeys })
    }
}
