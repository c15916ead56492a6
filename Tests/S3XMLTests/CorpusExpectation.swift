import S3XML

/// What a corpus body must turn into.
enum CorpusExpectation: Sendable, Hashable {
    /// An empty body (HEAD errors, 204s, UploadPart): refused as `emptyDocument`.
    case emptyBody
    /// Parses as a ListObjectsV2Page (V1 listings share the root and parse too).
    case listPage
    /// Parses as an S3ErrorDocument with this code.
    case error(code: String)
    /// CompleteMultipartUploadOutcome says `.failed` with this code (a 200 carrying an Error).
    case completionFailed(code: String)
    /// CompleteMultipartUploadOutcome says `.completed`.
    case completed
    /// Parses as InitiateMultipartUploadResult.
    case initiated
    /// Parses as DeleteResult.
    case deleteResult
    /// Parses as ListPartsResult.
    case listParts
    /// Parses as XML with this root (documents this target has no type for).
    case root(String)
    /// The XML parser itself refuses the body with this kind.
    case refused(S3XMLError.Kind)
    /// Parses as XML, but ListObjectsV2Page refuses it with this kind.
    case listPageRefused(S3XMLError.Kind)
    /// Parses as XML, but S3ErrorDocument refuses it with this kind.
    case errorRefused(S3XMLError.Kind)
}

/// The expectation for every body in the corpus, after the README's tables.
enum CorpusTable {
    static let captured: [String: CorpusExpectation] = [
        "abort-multipart-upload": .emptyBody,
        "complete-multipart-upload-result": .completed,
        "delete-object-204": .emptyBody,
        "delete-objects-result": .deleteResult,
        "error-bucket-not-empty": .error(code: "BucketNotEmpty"),
        "error-complete-entity-too-small": .error(code: "EntityTooSmall"),
        "error-complete-invalid-part": .error(code: "InvalidPart"),
        "error-invalid-range": .error(code: "InvalidRange"),
        "error-nosuchbucket-list": .error(code: "NoSuchBucket"),
        "error-nosuchbucket": .error(code: "NoSuchBucket"),
        "error-nosuchkey": .error(code: "NoSuchKey"),
        "get-range-206-headers": .refused(.malformed),
        "head-nosuchkey-no-body": .emptyBody,
        "initiate-multipart-upload-result": .initiated,
        "list-buckets": .root("ListAllMyBucketsResult"),
        "list-multipart-uploads-result": .root("ListMultipartUploadsResult"),
        "list-parts-result": .listParts,
        "list-v1-marker": .listPage,
        "list-v2-delimiter-commonprefixes-url": .listPage,
        "list-v2-delimiter-prefix-url": .listPage,
        "list-v2-empty-result": .listPage,
        "list-v2-fetch-owner-start-after": .listPage,
        "list-v2-no-encoding-xml-escaped": .listPage,
        "list-v2-page1-url-encoded-truncated": .listPage,
        "list-v2-page2-continuation": .listPage,
        "list-v2-page3-last": .listPage,
        "upload-part-headers": .emptyBody,
    ]

    static let moto: [String: CorpusExpectation] = captured.merging(
        [
            "auth-error-access-denied-no-policy": .error(code: "AccessDenied"),
            "auth-error-invalid-access-key-id": .error(code: "InvalidAccessKeyId"),
            "auth-error-signature-does-not-match": .error(code: "SignatureDoesNotMatch"),
            "auth-error-signature-false-negative-encoded-query": .error(code: "SignatureDoesNotMatch"),
            // moto 5.2.1 answers parts out of order with EntityTooSmall (its parts are small).
            "error-complete-invalid-part-order": .error(code: "EntityTooSmall"),
            "error-complete-nosuchupload": .refused(.malformed),  // an HTML 500 page
            "error-invalid-bucket-name": .emptyBody,  // moto accepts the name: 200, empty body
            "error-malformed-xml-delete": .refused(.malformed),  // an HTML 500 page
        ], uniquingKeysWith: { $1 })

    static let seaweedfs: [String: CorpusExpectation] = captured.merging(
        [
            "error-access-denied-anonymous": .error(code: "AccessDenied"),
            "error-access-denied-readonly-put": .error(code: "AccessDenied"),
            "error-complete-invalid-part-order": .error(code: "InvalidPartOrder"),
            "error-complete-nosuchupload": .error(code: "NoSuchUpload"),
            "error-invalid-access-key-id": .error(code: "InvalidAccessKeyId"),
            "error-invalid-bucket-name": .error(code: "InvalidBucketName"),
            "error-malformed-xml-delete": .error(code: "MalformedXML"),
            "error-presigned-expired": .error(code: "AccessDenied"),
            "error-signature-does-not-match-put": .error(code: "SignatureDoesNotMatch"),
            "error-signature-does-not-match": .error(code: "SignatureDoesNotMatch"),
        ], uniquingKeysWith: { $1 })

    static let synthetic: [String: CorpusExpectation] = [
        "error-slowdown-503": .error(code: "SlowDown"),
        "error-internal-error-500": .error(code: "InternalError"),
        "error-service-unavailable-503": .error(code: "ServiceUnavailable"),
        "complete-multipart-200-with-error": .completionFailed(code: "InternalError"),
        "complete-multipart-200-with-error-leading-whitespace": .completionFailed(code: "InternalError"),
        "complete-multipart-200-success-leading-whitespace": .completed,
        "complete-multipart-200-success-aws-shape": .completed,
        "error-signature-does-not-match-aws-shape": .error(code: "SignatureDoesNotMatch"),
        "error-access-denied-aws-shape": .error(code: "AccessDenied"),
        "error-invalid-access-key-id-aws-shape": .error(code: "InvalidAccessKeyId"),
        "error-nosuchkey-aws-shape": .error(code: "NoSuchKey"),
        "error-request-time-too-skewed": .error(code: "RequestTimeTooSkewed"),
        "error-authorization-header-malformed-region": .error(code: "AuthorizationHeaderMalformed"),
        "error-permanent-redirect-301": .error(code: "PermanentRedirect"),
        "error-nosuchupload-aws-shape": .error(code: "NoSuchUpload"),
        "error-entity-too-small-aws-shape": .error(code: "EntityTooSmall"),
        "list-v2-aws-shape-url-encoded-truncated": .listPage,
    ]

    static let malformed: [String: CorpusExpectation] = [
        "truncated-list-v2": .refused(.malformed),
        "empty-body-200": .emptyBody,
        "html-502-from-proxy": .refused(.malformed),
        "json-error-body": .refused(.malformed),
        "list-v2-utf8-bom": .listPage,
        "list-v2-no-namespace": .listPage,
        "list-v2-prefixed-namespace": .listPage,
        "list-v2-no-xml-declaration": .listPage,
        "list-v2-unknown-elements-reordered": .listPage,
        "list-v2-cdata-and-char-refs": .listPage,
        "list-v2-whitespace-pretty-printed": .listPage,
        "list-v2-truncated-without-token": .listPage,  // the pagination refuses it
        "list-v2-token-loop": .listPage,  // the pagination refuses it
        "list-v2-bad-numbers": .listPageRefused(.invalidValue),
        "list-v2-invalid-utf8": .refused(.invalidUTF8),
        "list-v2-invalid-char-ref": .refused(.malformed),
        "list-v2-encoding-latin1-declared": .listPage,
        "error-missing-code": .errorRefused(.missingElement),
        "error-empty-element": .errorRefused(.missingElement),
        "two-root-elements": .refused(.malformed),
        "trailing-garbage": .refused(.malformed),  // NUL bytes are refused outright
        "mismatched-tags": .refused(.malformed),
        "doctype-xxe-external-entity": .refused(.hostile),
        "doctype-external-dtd": .refused(.hostile),  // any DOCTYPE is refused
        "billion-laughs": .refused(.hostile),
        "deeply-nested": .refused(.tooDeep),
        "huge-key-element": .listPage,
    ]

    /// Every case, as `folder/name`.
    static var all: [(name: String, expectation: CorpusExpectation)] {
        let folders = [("moto", moto), ("seaweedfs", seaweedfs), ("synthetic", synthetic), ("malformed", malformed)]
        return folders.flatMap { folder, table in table.map { ("\(folder)/\($0.key)", $0.value) } }
            .sorted { $0.name < $1.name }
    }
}
