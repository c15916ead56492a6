import Foundation

/// Reads typed hyperparameters from SageMaker's all-string values, with errors that name the key, the expectation
/// and the value, and remembers which keys were read so the rest can be reported as unknown.
struct HyperparameterReader {
    private let values: [String: String]
    private(set) var readKeys: Set<String> = []

    /// Reads from `values` (`hyperparameters.json`). A value written as a JSON string literal (`"\"adam\""`, as
    /// some SageMaker SDK estimators send) is unquoted.
    init(_ values: [String: String]) {
        self.values = values.mapValues { value in
            let trimmed = value.trimmingCharacters(in: .whitespacesAndNewlines)
            if trimmed.count >= 2, trimmed.hasPrefix("\""), trimmed.hasSuffix("\"") {
                return String(trimmed.dropFirst().dropLast())
            }
            return trimmed
        }
    }

    /// Keys present but never read, sorted.
    var unreadKeys: [String] { values.keys.filter { !readKeys.contains($0) }.sorted() }

    /// The raw value of `key`, if given and not empty.
    mutating func string(_ key: String) -> String? {
        readKeys.insert(key)
        guard let value = values[key], !value.isEmpty else { return nil }
        return value
    }

    /// An integer in `range`.
    mutating func int(_ key: String, in range: ClosedRange<Int>) throws(TrainerError) -> Int? {
        guard let text = string(key) else { return nil }
        guard let value = Int(text), range.contains(value) else {
            throw .hyperparameter("'\(key)' must be an integer in \(Self.describe(range)), got '\(text)'")
        }
        return value
    }

    /// An integer in `range`, or `defaultValue` when absent.
    mutating func int(_ key: String, default defaultValue: Int, in range: ClosedRange<Int>) throws(TrainerError) -> Int
    {
        try int(key, in: range) ?? defaultValue
    }

    /// A finite number in `range` (integers and scientific notation such as `1e-3` accepted).
    mutating func double(_ key: String, in range: ClosedRange<Double>) throws(TrainerError) -> Double? {
        guard let text = string(key) else { return nil }
        guard let value = Double(text), value.isFinite, range.contains(value) else {
            throw .hyperparameter(
                "'\(key)' must be a number in [\(range.lowerBound), \(range.upperBound)], got '\(text)'")
        }
        return value
    }

    /// A number in `range`, or `defaultValue` when absent.
    mutating func double(
        _ key: String, default defaultValue: Double, in range: ClosedRange<Double>
    ) throws(TrainerError) -> Double {
        try double(key, in: range) ?? defaultValue
    }

    /// A number in `range` that must also be below its upper bound (as dropout probabilities are).
    mutating func probability(_ key: String, default defaultValue: Double) throws(TrainerError) -> Double {
        guard let value = try double(key, in: 0...1) else { return defaultValue }
        guard value < 1 else { throw .hyperparameter("'\(key)' must be in [0, 1), got '\(value)'") }
        return value
    }

    /// `true`/`false` (also `1`/`0`, `yes`/`no`, any case).
    mutating func bool(_ key: String, default defaultValue: Bool) throws(TrainerError) -> Bool {
        guard let text = string(key) else { return defaultValue }
        switch text.lowercased() {
        case "true", "1", "yes": return true
        case "false", "0", "no": return false
        default: throw .hyperparameter("'\(key)' must be true or false, got '\(text)'")
        }
    }

    /// One of `choices` (case-insensitive), or `defaultValue` when absent.
    mutating func choice<Choice: RawRepresentable & CaseIterable>(
        _ key: String, default defaultValue: Choice
    ) throws(TrainerError) -> Choice where Choice.RawValue == String {
        guard let text = string(key) else { return defaultValue }
        guard let value = Choice(rawValue: text.lowercased()) else {
            let names = Choice.allCases.map { "'\($0.rawValue)'" }.joined(separator: ", ")
            throw .hyperparameter("'\(key)' must be one of \(names), got '\(text)'")
        }
        return value
    }

    /// A comma-separated list of positive numbers (per-channel figures such as `0.485,0.456,0.406`).
    mutating func positiveList(_ key: String, allowZero: Bool) throws(TrainerError) -> [Double]? {
        guard let text = string(key) else { return nil }
        let parts = text.trimmingCharacters(in: CharacterSet(charactersIn: "[]")).split(separator: ",")
        let values = parts.compactMap { Double($0.trimmingCharacters(in: .whitespaces)) }
        guard !parts.isEmpty, values.count == parts.count,
            values.allSatisfy({ $0.isFinite && (allowZero ? $0 >= 0 : $0 > 0) })
        else {
            let kind = allowZero ? "non-negative" : "positive"
            throw .hyperparameter("'\(key)' must be a comma-separated list of \(kind) numbers, got '\(text)'")
        }
        return values
    }

    /// An image size: `N` (square) or `HxW`, each side 6...4096 (the network needs at least 6).
    mutating func size(_ key: String, default defaultValue: (Int, Int)) throws(TrainerError) -> (Int, Int) {
        guard let text = string(key) else { return defaultValue }
        let sides = text.lowercased().split(separator: "x", omittingEmptySubsequences: false).compactMap { Int($0) }
        guard (sides.count == 1 && !text.lowercased().contains("x")) || sides.count == 2,
            sides.allSatisfy({ (6...4096).contains($0) })
        else {
            throw .hyperparameter("'\(key)' must be N or HxW with sides in [6, 4096], got '\(text)'")
        }
        return (sides[0], sides.count == 2 ? sides[1] : sides[0])
    }

    private static func describe(_ range: ClosedRange<Int>) -> String {
        range.upperBound == Int.max ? "[\(range.lowerBound), ∞)" : "[\(range.lowerBound), \(range.upperBound)]"
    }
}
