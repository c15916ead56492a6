/// The member path of the value being validated, rendered only when a violation needs it.
struct ValidationPath {
    /// One step of a path.
    enum Component {
        /// A prefix given by the caller, used verbatim.
        case prefix(String)
        /// A structure member, already lower-camel-cased.
        case member(String)
        /// A zero-based list index, rendered as "<index + 1>.member".
        case index(Int)
        /// A map key.
        case key(String)
    }

    private var components: [Component] = []

    init(prefix: String) {
        components.reserveCapacity(16)
        if !prefix.isEmpty { components.append(.prefix(prefix)) }
    }

    mutating func push(_ component: Component) {
        components.append(component)
    }

    mutating func pop() {
        components.removeLast()
    }

    /// Whether the path is empty (the value is the request body itself).
    var isEmpty: Bool { components.isEmpty }

    /// The path as AWS renders it, e.g. "inputDataConfig.1.member.channelName".
    var rendered: String {
        var output = ""
        for component in components {
            if !output.isEmpty { output += "." }
            switch component {
            case .prefix(let text), .member(let text), .key(let text):
                output += text
            case .index(let index):
                output += String(index + 1)
                output += ".member"
            }
        }
        return output
    }
}
