/// Lets global options come before the subcommand, as with `aws --endpoint-url URL s3 cp …`: ArgumentParser
/// reads a subcommand's options only after its name, so the ones before it are moved after it.
enum ArgumentOrder {
    /// The global options that take a value as the next argument.
    static let optionsWithValues: Set<String> = [
        "--endpoint-url", "--region", "--profile", "--part-size", "--multipart-threshold", "--concurrency",
        "--part-concurrency",
    ]

    /// `arguments` (without the program name) with any options before the first of `subcommands` moved after it.
    static func normalized(_ arguments: [String], subcommands: Set<String>) -> [String] {
        var index = 0
        while index < arguments.count {
            let argument = arguments[index]
            if subcommands.contains(argument) {
                guard index > 0 else { return arguments }
                return [argument] + arguments[..<index] + arguments[(index + 1)...]
            }
            // Anything but an option (a misspelt subcommand) is left for ArgumentParser to report.
            guard argument.hasPrefix("-") else { return arguments }
            index += optionsWithValues.contains(argument) ? 2 : 1
        }
        return arguments
    }
}
