/// What a list (or a watch's lists) selects, and how it pages.
public struct ListOptions: Sendable, Equatable {
    /// A label selector (`app=train,tier in (a,b)`).
    public var labelSelector: String?
    /// A field selector (`metadata.name=x`, `involvedObject.uid=...`).
    public var fieldSelector: String?
    /// The most items per page; nil for all at once.
    public var limit: Int?
    /// The `continue` token of the previous page.
    public var continueToken: String?

    /// Options; the defaults select everything in one page.
    public init(
        labelSelector: String? = nil, fieldSelector: String? = nil, limit: Int? = nil, continueToken: String? = nil
    ) {
        self.labelSelector = labelSelector
        self.fieldSelector = fieldSelector
        self.limit = limit
        self.continueToken = continueToken
    }

    /// The selectors as query parameters.
    var selectorQuery: [(String, String)] {
        var query: [(String, String)] = []
        if let labelSelector, !labelSelector.isEmpty { query.append(("labelSelector", labelSelector)) }
        if let fieldSelector, !fieldSelector.isEmpty { query.append(("fieldSelector", fieldSelector)) }
        return query
    }

    /// The whole list query.
    var query: [(String, String)] {
        var query = selectorQuery
        if let limit { query.append(("limit", String(limit))) }
        if let continueToken, !continueToken.isEmpty { query.append(("continue", continueToken)) }
        return query
    }
}
