/// Why a YAML document is malformed or outside the subset that `YAMLSubsetParser` reads, and on which line.
struct YAMLSyntaxError: Error, Sendable, Equatable, CustomStringConvertible {
    /// The one-based line number where the problem was found.
    var line: Int
    /// What is wrong, in a short phrase.
    var problem: String

    var description: String { "line \(line): \(problem)" }
}
