/// An element of a parsed document: its local name, its own character data and its child elements.
///
/// Namespaces are dropped (S3 documents are matched on local names), as are attributes, comments and
/// processing instructions. CDATA sections and character references arrive as plain text.
public struct S3XMLElement: Hashable, Sendable {
    /// The local name, without any namespace prefix.
    public let name: String
    /// The concatenated character data directly inside this element, exactly as sent (never trimmed).
    public let text: String
    /// The child elements, in document order.
    public let children: [S3XMLElement]

    /// Creates an element.
    public init(name: String, text: String = "", children: [S3XMLElement] = []) {
        self.name = name
        self.text = text
        self.children = children
    }

    /// The first child element with the local name `name`.
    public func firstChild(named name: String) -> S3XMLElement? {
        children.first { $0.name == name }
    }

    /// The child elements with the local name `name`, in document order.
    public func children(named name: String) -> [S3XMLElement] {
        children.filter { $0.name == name }
    }

    /// The text of the first child named `name`, or `nil` when there is none.
    public func text(of name: String) -> String? {
        firstChild(named: name)?.text
    }
}
