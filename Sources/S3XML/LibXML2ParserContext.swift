import CXML2

/// What the SAX hooks track during one parse; libxml2 hands it back through the context's `_private`.
struct ParseState {
    /// The first limit or rule the document broke.
    enum Violation: UInt8 {
        case none, documentType, entityDeclaration, tooDeep, tooManyElements
    }

    /// libxml2's first error (later ones are mostly consequences of it): code, message, line.
    struct Diagnostic {
        var code: Int32
        var message: String
        var line: Int32
    }

    var violation = Violation.none
    var firstError: Diagnostic?
    var elementCount = 0
    let maxDepth: Int
    let maxElementCount: Int
}

/// Owns one libxml2 parser context, the document it builds and the hooks' state, and frees them.
///
/// It is created, used and released inside one call on one thread (never `Sendable`); the bytes it
/// reads outlive it because the caller holds them in a `withUnsafe...` scope.
final class LibXML2ParserContext {
    /// The parser context.
    let pointer: xmlParserCtxtPtr
    /// The hooks' state.
    let state: UnsafeMutablePointer<ParseState>

    /// Creates a context over `count` bytes at `bytes`, with safe options and the limiting SAX hooks.
    init?(bytes: UnsafePointer<UInt8>, count: Int32, state initial: ParseState) {
        let created = bytes.withMemoryRebound(to: CChar.self, capacity: Int(count)) {
            xmlCreateMemoryParserCtxt($0, count)
        }
        guard let created, let sax = created.pointee.sax else {
            if let created { xmlFreeParserCtxt(created) }
            return nil
        }
        pointer = created
        state = .allocate(capacity: 1)
        state.initialize(to: initial)

        // Network off, diagnostics kept off stderr, CDATA merged into text. Never NOENT, DTDLOAD,
        // DTDVALID or HUGE; the per-thread defaults another library may have changed are reset too.
        let options = [XML_PARSE_NONET, XML_PARSE_NOERROR, XML_PARSE_NOWARNING, XML_PARSE_NOCDATA]
        xmlCtxtUseOptions(pointer, Int32(options.reduce(0) { $0 | $1.rawValue }))
        pointer.pointee.replaceEntities = 0
        pointer.pointee.loadsubset = 0
        pointer.pointee.validate = 0
        pointer.pointee.keepBlanks = 1
        pointer.pointee._private = UnsafeMutableRawPointer(state)

        sax.pointee.ignorableWhitespace = xmlSAX2Characters
        sax.pointee.cdataBlock = nil
        sax.pointee.comment = nil
        sax.pointee.processingInstruction = nil
        sax.pointee.serror = { context, error in
            guard let (_, state) = parseState(context), let error, state.pointee.firstError == nil,
                error.pointee.level.rawValue >= XML_ERR_ERROR.rawValue
            else { return }
            let message = error.pointee.message.map { String(cString: $0) } ?? ""
            state.pointee.firstError = .init(code: error.pointee.code, message: message, line: error.pointee.line)
        }
        sax.pointee.internalSubset = { context, _, _, _ in halt(context, .documentType) }
        sax.pointee.externalSubset = { context, _, _, _ in halt(context, .documentType) }
        sax.pointee.entityDecl = { context, _, _, _, _, _ in halt(context, .entityDeclaration) }
        sax.pointee.startElementNs = { context, localName, _, _, _, _, _, _, _ in
            guard let (parser, state) = parseState(context) else { return }
            state.pointee.elementCount += 1
            if state.pointee.elementCount > state.pointee.maxElementCount {
                halt(context, .tooManyElements)
            } else if Int(parser.pointee.nodeNr) >= state.pointee.maxDepth {
                halt(context, .tooDeep)
            } else {
                // Local name only: no prefix, namespace or attribute nodes are built.
                xmlSAX2StartElementNs(context, localName, nil, nil, 0, nil, 0, 0, nil)
            }
        }
    }

    deinit {
        if let document = pointer.pointee.myDoc {
            pointer.pointee.myDoc = nil
            xmlFreeDoc(document)
        }
        xmlFreeParserCtxt(pointer)
        state.deinitialize(count: 1)
        state.deallocate()
    }
}

/// The parser and hook state behind a SAX callback's context argument.
private func parseState(
    _ context: UnsafeMutableRawPointer?
) -> (xmlParserCtxtPtr, UnsafeMutablePointer<ParseState>)? {
    guard let context else { return nil }
    let parser = context.assumingMemoryBound(to: xmlParserCtxt.self)
    guard let state = parser.pointee._private else { return nil }
    return (parser, state.assumingMemoryBound(to: ParseState.self))
}

/// Records `violation` (the first one wins) and stops the parser, which discards the rest of the input.
private func halt(_ context: UnsafeMutableRawPointer?, _ violation: ParseState.Violation) {
    guard let (parser, state) = parseState(context) else { return }
    if state.pointee.violation == .none { state.pointee.violation = violation }
    xmlStopParser(parser)
}
