import Foundation
import SigV4
import Testing

@testable import S3Client

@Suite struct ConfigurationTests {
    private func temporaryDirectory() throws -> String {
        let path = NSTemporaryDirectory() + "s3config-" + UUID().uuidString
        try FileManager.default.createDirectory(atPath: path, withIntermediateDirectories: true)
        return path
    }

    @Test func environmentCredentialsWinOverTheProfile() throws {
        let directory = try temporaryDirectory()
        try "[default]\naws_access_key_id = FILEKEY\naws_secret_access_key = filesecret\n"
            .write(toFile: directory + "/credentials", atomically: true, encoding: .utf8)
        let configuration = try S3Configuration.fromEnvironment([
            "HOME": directory, "AWS_SHARED_CREDENTIALS_FILE": directory + "/credentials",
            "AWS_ACCESS_KEY_ID": "ENVKEY", "AWS_SECRET_ACCESS_KEY": "envsecret", "AWS_SESSION_TOKEN": "token",
        ])
        #expect(configuration.credentials.accessKeyID == "ENVKEY")
        #expect(configuration.credentials.sessionToken == "token")
        #expect(configuration.endpoint == nil)
        #expect(configuration.addressing == .virtualHosted)
    }

    @Test func profilesFromBothFilesWithNestedS3Settings() throws {
        let directory = try temporaryDirectory()
        try """
        # comment
        [default]
        aws_access_key_id = DEFKEY
        aws_secret_access_key = defsecret
        [dev]
        aws_access_key_id = DEVKEY ; trailing comment
        aws_secret_access_key = devsecret
        """.write(toFile: directory + "/credentials", atomically: true, encoding: .utf8)
        try """
        [profile dev]
        region = eu-west-1
        s3 =
          endpoint_url = http://127.0.0.1:9000
          addressing_style = path
        [sso-session x]
        region = nowhere
        """.write(toFile: directory + "/config", atomically: true, encoding: .utf8)
        let environment = [
            "HOME": directory, "AWS_SHARED_CREDENTIALS_FILE": directory + "/credentials",
            "AWS_CONFIG_FILE": directory + "/config", "AWS_PROFILE": "dev",
        ]
        let configuration = try S3Configuration.fromEnvironment(environment)
        #expect(configuration.credentials.accessKeyID == "DEVKEY")
        #expect(configuration.credentials.secretAccessKey == "devsecret")
        #expect(configuration.region == "eu-west-1")
        #expect(configuration.endpoint?.absoluteString == "http://127.0.0.1:9000")
        #expect(configuration.addressing == .path)
        var withEndpoint = environment
        withEndpoint["AWS_ENDPOINT_URL_S3"] = "https://s3.example.test"
        withEndpoint["AWS_REGION"] = "us-west-2"
        let overridden = try S3Configuration.fromEnvironment(withEndpoint)
        #expect(overridden.endpoint?.host == "s3.example.test")
        #expect(overridden.region == "us-west-2")
    }

    @Test func problemsAreErrorsNamingTheCause() throws {
        let directory = try temporaryDirectory()
        let empty = ["HOME": directory]
        #expect(throws: S3ConfigurationError.noCredentials(profile: "default")) {
            try S3Configuration.fromEnvironment(empty)
        }
        #expect(throws: S3ConfigurationError.unknownProfile("nope")) {
            try S3Configuration.fromEnvironment(empty.merging(["AWS_PROFILE": "nope"]) { $1 })
        }
        #expect(throws: S3ConfigurationError.incompleteCredentials(source: "the environment")) {
            try S3Configuration.fromEnvironment(empty.merging(["AWS_ACCESS_KEY_ID": "K"]) { $1 })
        }
        let keys = ["AWS_ACCESS_KEY_ID": "K", "AWS_SECRET_ACCESS_KEY": "S"]
        #expect(throws: S3ConfigurationError.invalidEndpoint("ftp://x")) {
            try S3Configuration.fromEnvironment(
                empty.merging(keys) { $1 }.merging(["AWS_ENDPOINT_URL": "ftp://x"]) { $1 })
        }
        try "[default]\nnot a setting\n".write(toFile: directory + "/bad", atomically: true, encoding: .utf8)
        #expect(
            throws: S3ConfigurationError.malformedFile(
                path: directory + "/bad", line: 2, problem: "expected 'name = value'")
        ) {
            try S3Configuration.fromEnvironment(
                empty.merging(["AWS_SHARED_CREDENTIALS_FILE": directory + "/bad"]) { $1 })
        }
    }

    @Test func credentialsNeverPrintTheirSecret() throws {
        let configuration = try S3Configuration.fromEnvironment([
            "HOME": "/nonexistent", "AWS_ACCESS_KEY_ID": "AKID", "AWS_SECRET_ACCESS_KEY": "very-secret",
        ])
        #expect(!"\(configuration)".contains("very-secret"))
        #expect(!String(reflecting: configuration).contains("very-secret"))
    }
}
