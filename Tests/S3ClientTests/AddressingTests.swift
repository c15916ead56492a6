import Foundation
import SigV4
import Testing

@testable import S3Client

@Suite struct AddressingTests {
    private let credentials = AWSCredentials(accessKeyID: "K", secretAccessKey: "S")

    @Test func s3URIsParse() {
        #expect(S3URI("s3://bucket/a/b.txt") == S3URI(bucket: "bucket", key: "a/b.txt"))
        #expect(S3URI("s3://bucket") == S3URI(bucket: "bucket", key: ""))
        #expect(S3URI("s3://bucket/") == S3URI(bucket: "bucket", key: ""))
        #expect(S3URI("s3://Bad_Bucket/x") == nil)
        #expect(S3URI("s3://ab/x") == nil)
        #expect(S3URI("file:///tmp") == nil)
        #expect(S3URI(bucket: "b", key: "p").appending("k") == S3URI(bucket: "b", key: "p/k"))
        #expect(S3URI(bucket: "b", key: "p/").appending("k") == S3URI(bucket: "b", key: "p/k"))
    }

    @Test func pathStyleURLsEncodeKeysOnceAndKeepSlashes() throws {
        let endpoint = S3Endpoint(
            configuration: S3Configuration(
                credentials: credentials, endpoint: URL(string: "http://127.0.0.1:8333")!))
        #expect(
            endpoint.url(bucket: "data", key: "dir one/ünï+€.txt")
                == "http://127.0.0.1:8333/data/dir%20one/%C3%BCn%C3%AF%2B%E2%82%AC.txt")
        #expect(
            endpoint.url(bucket: "data", query: [("list-type", "2"), ("prefix", "a b/"), ("delete", nil)])
                == "http://127.0.0.1:8333/data?list-type=2&prefix=a%20b%2F&delete")
    }

    @Test func virtualHostedURLsForAWS() {
        let endpoint = S3Endpoint(configuration: S3Configuration(credentials: credentials, region: "eu-west-1"))
        #expect(endpoint.url(bucket: "data", key: "k") == "https://data.s3.eu-west-1.amazonaws.com/k")
        #expect(endpoint.url(bucket: "data") == "https://data.s3.eu-west-1.amazonaws.com/")
        // Bucket names with dots do not match the wildcard certificate: path style.
        #expect(endpoint.url(bucket: "my.data", key: "k") == "https://s3.eu-west-1.amazonaws.com/my.data/k")
    }

    @Test func retryPolicyBacksOffExponentiallyWithJitterAndGivesUp() {
        let policy = RetryPolicy(maximumAttempts: 4, baseDelay: .milliseconds(100), maximumDelay: .milliseconds(300))
        #expect(policy.decision(afterAttempt: 1, retryable: true, random: 1) == .retry(after: .milliseconds(100)))
        #expect(policy.decision(afterAttempt: 2, retryable: true, random: 0.5) == .retry(after: .milliseconds(100)))
        #expect(policy.decision(afterAttempt: 3, retryable: true, random: 1) == .retry(after: .milliseconds(300)))
        #expect(policy.decision(afterAttempt: 4, retryable: true, random: 1) == .giveUp)
        #expect(policy.decision(afterAttempt: 1, retryable: false, random: 1) == .giveUp)
        #expect(RetryPolicy.isRetryable(status: 503, code: "SlowDown"))
        #expect(RetryPolicy.isRetryable(status: 429, code: nil))
        #expect(RetryPolicy.isRetryable(status: 500, code: "InternalError"))
        #expect(RetryPolicy.isRetryable(status: 400, code: "RequestTimeout"))
        #expect(!RetryPolicy.isRetryable(status: 501, code: "NotImplemented"))
        #expect(!RetryPolicy.isRetryable(status: 403, code: "SignatureDoesNotMatch"))
        #expect(!RetryPolicy.isRetryable(status: 404, code: "NoSuchKey"))
    }
}
