import Foundation
import Testing

/// The S3 XML corpus copied from /work/shared/testdata/s3-xml (see Fixtures/s3-xml/README.md).
enum Fixture {
    /// The corpus root inside the test bundle.
    static let root: URL = {
        guard let fixtures = Bundle.module.url(forResource: "Fixtures", withExtension: nil) else {
            fatalError("the Fixtures resource folder is missing from the test bundle")
        }
        return fixtures.appendingPathComponent("s3-xml")
    }()

    /// The body of a case, such as `moto/list-v2-page1-url-encoded-truncated`, byte for byte.
    static func body(_ name: String) throws -> [UInt8] {
        Array(try Data(contentsOf: root.appendingPathComponent(name + ".xml")))
    }

    /// Every case name in a corpus folder, such as `moto`.
    static func cases(in folder: String) throws -> [String] {
        let files = try FileManager.default.contentsOfDirectory(atPath: root.appendingPathComponent(folder).path)
        return files.filter { $0.hasSuffix(".xml") }.map { folder + "/" + $0.dropLast(4) }.sorted()
    }

    /// The seven keys every capture was made with.
    static let sevenKeys = [
        "dir one/file with spaces.txt", "dir one/ünïcödé €.txt", "dir two/a+b=c&d.txt", "lt<gt>&amp\"quote'.txt",
        "plain.txt", "tab\there.txt", "zz/deep/nested/key.txt",
    ]
}
