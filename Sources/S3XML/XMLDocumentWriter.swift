/// Writes the small request documents S3 takes, escaping text so any key that XML 1.0 can carry
/// survives the trip; a character it cannot carry (most C0 controls, U+FFFE, U+FFFF) throws.
struct XMLDocumentWriter {
    /// The S3 namespace.
    static let s3Namespace = "http://s3.amazonaws.com/doc/2006-03-01/"

    private var output = #"<?xml version="1.0" encoding="UTF-8"?>"#
    private var openElements: [String] = []

    /// Starts a document whose root is `root` in the S3 namespace.
    init(root: String) {
        output += #"<\#(root) xmlns="\#(Self.s3Namespace)">"#
        openElements.append(root)
    }

    /// Opens the element `name`.
    mutating func open(_ name: String) {
        output += "<\(name)>"
        openElements.append(name)
    }

    /// Closes the innermost open element.
    mutating func close() {
        guard let name = openElements.popLast() else { return }
        output += "</\(name)>"
    }

    /// Writes `<name>text</name>` with `text` escaped.
    mutating func element(_ name: String, text: String) throws(S3XMLError) {
        output += "<\(name)>\(try Self.escape(text, element: name))</\(name)>"
    }

    /// The document's bytes, closing any element still open.
    consuming func finish() -> [UInt8] {
        while !openElements.isEmpty { close() }
        return Array(output.utf8)
    }

    /// `text` escaped for character data: `&`, `<`, `>`, quotes and carriage returns (which parsers
    /// would otherwise turn into line feeds) become references.
    static func escape(_ text: String, element: String) throws(S3XMLError) -> String {
        var escaped = ""
        escaped.reserveCapacity(text.utf8.count)
        for scalar in text.unicodeScalars {
            switch scalar {
            case "&": escaped += "&amp;"
            case "<": escaped += "&lt;"
            case ">": escaped += "&gt;"
            case "\"": escaped += "&quot;"
            case "'": escaped += "&apos;"
            case "\r": escaped += "&#13;"
            case "\t", "\n": escaped.unicodeScalars.append(scalar)
            default:
                guard isXMLCharacter(scalar) else { throw .unrepresentableCharacter(scalar, element: element) }
                escaped.unicodeScalars.append(scalar)
            }
        }
        return escaped
    }

    /// Whether XML 1.0 allows `scalar` (its `Char` production; surrogates cannot occur in a String).
    private static func isXMLCharacter(_ scalar: Unicode.Scalar) -> Bool {
        switch scalar.value {
        case 0x9, 0xA, 0xD, 0x20...0xFFFD, 0x10000...0x10FFFF: true
        default: false
        }
    }
}
