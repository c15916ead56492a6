import ServiceModel

/// Environment variables and arguments as the kubelet expects them.
enum KubeEnvironment {
    /// `value` with every `$` doubled, so that the kubelet's `$(VAR)` expansion (in `env` values, `command` and
    /// `args`) gives back exactly `value`: it turns `$$` into `$` and leaves other text alone.
    static func escaped(_ value: String) -> String {
        String(value.flatMap { $0 == "$" ? ["$", "$"] : [$0] })
    }

    /// Whether the API server accepts `name` as an environment variable name (`[-._a-zA-Z][-._a-zA-Z0-9]*`).
    /// Names made from non-ASCII hyperparameter or channel names (`SM_HP_É`) are not; those values stay
    /// reachable through `SM_HPS`, `SM_CHANNELS` and the configuration files.
    static func isValidName(_ name: String) -> Bool {
        guard let first = name.unicodeScalars.first else { return false }
        func isAllowed(_ scalar: Unicode.Scalar, digits: Bool) -> Bool {
            ("a"..."z").contains(scalar) || ("A"..."Z").contains(scalar) || "-._".unicodeScalars.contains(scalar)
                || (digits && ("0"..."9").contains(scalar))
        }
        return isAllowed(first, digits: false) && name.unicodeScalars.allSatisfy { isAllowed($0, digits: true) }
    }

    /// `env` entries, sorted by name, escaped, without the names the API server would reject.
    static func variables(_ environment: [String: String]) -> [JSONValue] {
        environment.filter { isValidName($0.key) }.sorted { $0.key < $1.key }.map {
            ["name": .string($0.key), "value": .string(escaped($0.value))]
        }
    }
}
