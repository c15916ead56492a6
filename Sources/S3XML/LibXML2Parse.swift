import CXML2

/// One parse of one document through libxml2, with the SAX hooks that enforce the limits while libxml2
/// reads (so nothing over a limit is ever built) and the conversion of its tree into ``S3XMLElement``.
struct LibXML2Parse {
    /// `xmlInitParser` sets up libxml2's global tables; it must run once before parsers run on threads.
    private static let initialized: Void = xmlInitParser()

    /// The bounds to enforce.
    let limits: XMLParsingLimits
    /// Newlines skipped ahead of the document, added to libxml2's line numbers.
    let lineOffset: Int

    /// Parses `document` (already checked by ``MarkupScan``) and returns its root element.
    func parse(_ document: UnsafeBufferPointer<UInt8>) throws(S3XMLError) -> S3XMLElement {
        _ = Self.initialized
        guard let base = document.baseAddress, let count = Int32(exactly: document.count) else {
            throw .tooLarge(byteCount: document.count, limit: Int(Int32.max))
        }
        let maxDepth = min(limits.maxDepth, 256)  // libxml2's own limit without XML_PARSE_HUGE
        let state = ParseState(maxDepth: maxDepth, maxElementCount: limits.maxElementCount)
        guard let context = LibXML2ParserContext(bytes: base, count: count, state: state) else {
            throw .malformed("libxml2 could not create a parser (out of memory?)", line: nil)
        }
        xmlParseDocument(context.pointer)

        switch context.state.pointee.violation {
        case .none: break
        case .documentType: throw .hostile("it has a DOCTYPE (document type declaration), which S3 never sends")
        case .entityDeclaration: throw .hostile("it declares entities, which S3 never sends")
        case .tooDeep: throw .tooDeep(limit: maxDepth)
        case .tooManyElements: throw .tooComplex("it has more than \(limits.maxElementCount) elements")
        }
        guard context.pointer.pointee.wellFormed != 0, let document = context.pointer.pointee.myDoc,
            let root = xmlDocGetRootElement(document)
        else { throw firstError(of: context) }
        return Self.element(from: root)
    }

    /// libxml2's first error for the context (or its last, if none was seen), as a typed error.
    private func firstError(of context: LibXML2ParserContext) -> S3XMLError {
        var diagnostic = context.state.pointee.firstError
        if diagnostic == nil, let error = xmlCtxtGetLastError(context.pointer), error.pointee.code != 0 {
            let message = error.pointee.message.map { String(cString: $0) } ?? ""
            diagnostic = .init(code: error.pointee.code, message: message, line: error.pointee.line)
        }
        guard let diagnostic else { return .malformed("libxml2 rejected the document", line: nil) }
        let message = diagnostic.message.split(whereSeparator: \.isNewline).joined(separator: "; ")
        let line = diagnostic.line > 0 ? Int(diagnostic.line) + lineOffset : nil
        let encodingCodes = [XML_ERR_INVALID_CHAR.rawValue, XML_ERR_INVALID_ENCODING.rawValue]
        if encodingCodes.contains(UInt32(bitPattern: diagnostic.code)), message.contains("proper UTF-8") {
            return .invalidUTF8(message, line: line)
        }
        return .malformed(message.isEmpty ? "libxml2 rejected the document" : message, line: line)
    }

    /// Converts libxml2's element `node` and its descendants (depth already bounded).
    private static func element(from node: xmlNodePtr) -> S3XMLElement {
        var text = ""
        var children: [S3XMLElement] = []
        var child = node.pointee.children
        while let current = child {
            switch current.pointee.type {
            case XML_ELEMENT_NODE:
                children.append(element(from: current))
            case XML_TEXT_NODE, XML_CDATA_SECTION_NODE:
                if let content = current.pointee.content { text += String(cString: content) }
            default:
                break
            }
            child = current.pointee.next
        }
        let name = node.pointee.name.map { String(cString: $0) } ?? ""
        return S3XMLElement(name: name, text: text, children: children)
    }
}
