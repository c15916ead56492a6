import ArgumentParser

/// `s3`: copy, list, sync and remove between local paths and `s3://` addresses.
@main
struct S3Command: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "s3",
        abstract: "Copy, list, sync and remove between local paths and s3:// addresses.",
        discussion: """
            Credentials, region and endpoint come from the environment (AWS_ACCESS_KEY_ID, AWS_SECRET_ACCESS_KEY, \
            AWS_SESSION_TOKEN, AWS_REGION, AWS_ENDPOINT_URL_S3 or AWS_ENDPOINT_URL, AWS_CA_BUNDLE) and the shared \
            files (~/.aws/credentials, ~/.aws/config, AWS_PROFILE), as the AWS CLI reads them; flags win. \
            Errors are printed as `s3: error: <message>` and exit with status 1.
            """,
        subcommands: [
            CopyCommand.self, ListCommand.self, SyncCommand.self, RemoveCommand.self, MakeBucketCommand.self,
            PresignCommand.self,
        ])

    /// Parses the arguments, global options first or not, and runs the subcommand.
    static func main() async {
        let names = Set(configuration.subcommands.compactMap { $0.configuration.commandName })
        await main(ArgumentOrder.normalized(Array(CommandLine.arguments.dropFirst()), subcommands: names))
    }
}
