/// Why an S3 XML document was refused: it is not well-formed, it is hostile or too big, or it is
/// well-formed XML that is not the document expected.
public struct S3XMLError: Error, Hashable, Sendable, CustomStringConvertible {
    /// The class of failure; new kinds may be added without breaking callers.
    public struct Kind: Hashable, Sendable, CustomStringConvertible {
        private enum Base: Hashable, Sendable {
            case malformed, hostile, tooLarge, tooDeep, tooComplex, invalidUTF8, emptyDocument
            case unexpectedRoot, missingElement, invalidValue, invalidPagination, unrepresentableCharacter
        }

        private let base: Base

        private init(_ base: Base) { self.base = base }

        /// The bytes are not well-formed XML (libxml2's diagnosis is in the message).
        public static let malformed = Kind(.malformed)
        /// The document carries a DOCTYPE or entity declarations, which S3 never sends.
        public static let hostile = Kind(.hostile)
        /// The document is larger than the configured limit.
        public static let tooLarge = Kind(.tooLarge)
        /// Elements are nested deeper than the configured limit.
        public static let tooDeep = Kind(.tooDeep)
        /// The document has more elements, or an element more attributes, than the limits allow.
        public static let tooComplex = Kind(.tooComplex)
        /// The document is not valid in its encoding (usually UTF-8).
        public static let invalidUTF8 = Kind(.invalidUTF8)
        /// The body is empty (or only whitespace) where an XML document was expected.
        public static let emptyDocument = Kind(.emptyDocument)
        /// The document is well-formed but its root element is not the expected one.
        public static let unexpectedRoot = Kind(.unexpectedRoot)
        /// A required element is absent.
        public static let missingElement = Kind(.missingElement)
        /// An element holds a value that cannot be used (a bad number, boolean, date or escape).
        public static let invalidValue = Kind(.invalidValue)
        /// A listing cannot continue safely: truncated without a token, or a token repeated.
        public static let invalidPagination = Kind(.invalidPagination)
        /// A value to be written contains a character XML 1.0 cannot carry.
        public static let unrepresentableCharacter = Kind(.unrepresentableCharacter)

        /// A short name for the kind, such as `malformed`.
        public var description: String {
            switch base {
            case .malformed: "malformed"
            case .hostile: "hostile"
            case .tooLarge: "tooLarge"
            case .tooDeep: "tooDeep"
            case .tooComplex: "tooComplex"
            case .invalidUTF8: "invalidUTF8"
            case .emptyDocument: "emptyDocument"
            case .unexpectedRoot: "unexpectedRoot"
            case .missingElement: "missingElement"
            case .invalidValue: "invalidValue"
            case .invalidPagination: "invalidPagination"
            case .unrepresentableCharacter: "unrepresentableCharacter"
            }
        }
    }

    /// The class of failure.
    public let kind: Kind
    /// A sentence a user can act on.
    public let message: String
    /// The line of the document where libxml2 stopped, when known.
    public let line: Int?

    /// Creates an error of a kind with a message and, optionally, the line it concerns.
    public init(_ kind: Kind, message: String, line: Int? = nil) {
        self.kind = kind
        self.message = message
        self.line = line
    }

    /// The message, with the line when known.
    public var description: String {
        guard let line else { return message }
        return "\(message) (line \(line))"
    }
}

extension S3XMLError {
    /// libxml2 refused the bytes as XML.
    public static func malformed(_ detail: String, line: Int?) -> S3XMLError {
        S3XMLError(.malformed, message: "The S3 response is not well-formed XML: \(detail)", line: line)
    }

    /// The document declares a DOCTYPE or entities.
    public static func hostile(_ reason: String) -> S3XMLError {
        S3XMLError(.hostile, message: "The S3 response was refused as hostile: \(reason)")
    }

    /// The document is larger than `limit` bytes.
    public static func tooLarge(byteCount: Int, limit: Int) -> S3XMLError {
        S3XMLError(.tooLarge, message: "The S3 response is \(byteCount) bytes, over the limit of \(limit) bytes")
    }

    /// Elements are nested deeper than `limit`.
    public static func tooDeep(limit: Int) -> S3XMLError {
        S3XMLError(.tooDeep, message: "The S3 response nests elements deeper than the limit of \(limit)")
    }

    /// The document is too complex to parse safely.
    public static func tooComplex(_ detail: String) -> S3XMLError {
        S3XMLError(.tooComplex, message: "The S3 response is too complex: \(detail)")
    }

    /// The document is not valid in its encoding.
    public static func invalidUTF8(_ detail: String, line: Int?) -> S3XMLError {
        S3XMLError(.invalidUTF8, message: "The S3 response is not valid UTF-8: \(detail)", line: line)
    }

    /// The body is empty where XML was expected.
    public static let emptyDocument = S3XMLError(
        .emptyDocument, message: "The S3 response body is empty where an XML document was expected")

    /// The root element is `found`, not one of `expected`.
    public static func unexpectedRoot(expected: [String], found: String) -> S3XMLError {
        let names = expected.map { "<\($0)>" }.joined(separator: " or ")
        return S3XMLError(.unexpectedRoot, message: "Expected \(names) in the S3 response but found <\(found)>")
    }

    /// The element `name` is absent from `parent`.
    public static func missingElement(_ name: String, in parent: String) -> S3XMLError {
        S3XMLError(.missingElement, message: "The S3 response lacks <\(name)> in <\(parent)>")
    }

    /// The element `element` holds `value`, which is not usable.
    public static func invalidValue(_ value: String, element: String, expected: String) -> S3XMLError {
        let shown = value.count > 80 ? String(value.prefix(80)) + "…" : value
        return S3XMLError(
            .invalidValue, message: "The S3 response has <\(element)>\(shown)</\(element)>, which is not \(expected)")
    }

    /// A listing cannot continue safely.
    public static func invalidPagination(_ reason: String) -> S3XMLError {
        S3XMLError(.invalidPagination, message: "The S3 listing cannot continue: \(reason)")
    }

    /// `scalar` in `element` cannot be written in XML 1.0.
    public static func unrepresentableCharacter(_ scalar: Unicode.Scalar, element: String) -> S3XMLError {
        let code = "U+" + String(scalar.value, radix: 16, uppercase: true)
        return S3XMLError(
            .unrepresentableCharacter,
            message: "<\(element)> would contain the character \(code), which XML 1.0 cannot carry")
    }
}
