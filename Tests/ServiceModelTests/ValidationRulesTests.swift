import ServiceModel
import Testing

@Suite("Validation rules")
struct ValidationRulesTests {
    private let model = ServiceModel.sageMaker

    @Test func maxResultsRange() throws {
        #expect(
            Fixtures.message(["MaxResults": 0], for: "ListTrainingJobs")
                == "1 validation error detected: Value '0' at 'maxResults' failed to satisfy constraint: Member must have value greater than or equal to 1"
        )
        #expect(
            Fixtures.message(["MaxResults": 101], for: "ListTrainingJobs")
                == "1 validation error detected: Value '101' at 'maxResults' failed to satisfy constraint: Member must have value less than or equal to 100"
        )
        #expect(try model.validateInput(of: "ListTrainingJobs", ["MaxResults": 100]) == ["MaxResults": 100])
        #expect(try model.validateInput(of: "ListTrainingJobs", [:]) == [:])
    }

    @Test func integralDoublesBecomeIntegers() throws {
        #expect(try model.validateInput(of: "ListTrainingJobs", ["MaxResults": 10.0]) == ["MaxResults": 10])
        #expect(try model.validateInput(of: "ListTrainingJobs", ["MaxResults": 1e1]) == ["MaxResults": .int(10)])
    }

    @Test func listOfStringsReportsAtTheList() {
        let body: JSONValue = [
            "ResourceArn": "arn:aws:sagemaker:us-east-1:123456789012:training-job/x", "TagKeys": ["ok", "bad*key"],
        ]
        #expect(
            Fixtures.message(body, for: "DeleteTags")
                == #"1 validation error detected: Value '[ok, bad*key]' at 'tagKeys' failed to satisfy constraint: Member must satisfy constraint: [Member must have length less than or equal to 128, Member must have length greater than or equal to 1, Member must satisfy regular expression pattern: ^([\p{L}\p{Z}\p{N}_.:/=+\-@]*)$]"#
        )
        let empty: JSONValue = [
            "ResourceArn": "arn:aws:sagemaker:us-east-1:123456789012:training-job/x", "TagKeys": [],
        ]
        #expect(
            Fixtures.message(empty, for: "DeleteTags")
                == "1 validation error detected: Value '[]' at 'tagKeys' failed to satisfy constraint: Member must have length greater than or equal to 1"
        )
    }

    @Test func listOfStringsReportsOnce() {
        let body: JSONValue = [
            "ResourceArn": "arn:aws:sagemaker:us-east-1:123456789012:training-job/x", "TagKeys": ["", "a*", "b*"],
        ]
        guard case .constraints(let violations) = Fixtures.error(body, for: "DeleteTags") else {
            Issue.record("expected constraint violations")
            return
        }
        #expect(violations.count == 1)
        #expect(violations.first?.value == "[, a*, b*]")
    }

    @Test func listOfScalarsEnumInVpcConfig() {
        let body = Fixtures.createTrainingJob(
            setting: "VpcConfig", to: ["SecurityGroupIds": ["sg-1"], "Subnets": ["subnet_1"]])
        #expect(
            Fixtures.message(body)
                == "1 validation error detected: Value '[subnet_1]' at 'vpcConfig.subnets' failed to satisfy constraint: Member must satisfy constraint: [Member must have length less than or equal to 32, Member must have length greater than or equal to 0, Member must satisfy regular expression pattern: [-0-9a-zA-Z]+]"
        )
    }

    @Test func s3URIsAlsoTakeLocalFileURIs() throws {
        let local = Fixtures.createTrainingJob(setting: "OutputDataConfig", to: ["S3OutputPath": "file:///tmp/out"])
        #expect(Fixtures.message(local) == nil)
        let ftp = Fixtures.createTrainingJob(setting: "OutputDataConfig", to: ["S3OutputPath": "ftp://host/out"])
        #expect(
            Fixtures.message(ftp)
                == "1 validation error detected: Value 'ftp://host/out' at 'outputDataConfig.s3OutputPath' failed to satisfy constraint: Member must satisfy regular expression pattern: ^(https|s3)://([^/]+)/?(.*)$|^file:///.*$"
        )
    }

    @Test func serializationErrors() {
        let cases: [(String, JSONValue, String)] = [
            ("TrainingJobName", 5, "Expected a string at 'trainingJobName' but found a number."),
            ("TrainingJobName", true, "Expected a string at 'trainingJobName' but found a boolean."),
            ("ResourceConfig", "big", "Expected an object at 'resourceConfig' but found a string."),
            (
                "ResourceConfig", ["InstanceCount": 1.5],
                "Expected an integer at 'resourceConfig.instanceCount' but found a non-integral number."
            ),
            (
                "ResourceConfig", ["InstanceCount": "1"],
                "Expected an integer at 'resourceConfig.instanceCount' but found a string."
            ),
            (
                "ResourceConfig", ["InstanceCount": 3_000_000_000],
                "Expected an integer at 'resourceConfig.instanceCount' but found a number that does not fit in 32 bits."
            ),
            ("EnableNetworkIsolation", "true", "Expected a boolean at 'enableNetworkIsolation' but found a string."),
            ("InputDataConfig", [:], "Expected a list at 'inputDataConfig' but found an object."),
            ("HyperParameters", ["epochs": 10], "Expected a string at 'hyperParameters.epochs' but found a number."),
            ("HyperParameters", ["b": 1, "a": 2], "Expected a string at 'hyperParameters.a' but found a number."),
            ("HyperParameters", ["epochs", "10"], "Expected a map at 'hyperParameters' but found a list."),
            ("Tags", [["Key": 1, "Value": "x"]], "Expected a string at 'tags.1.member.key' but found a number."),
            ("Tags", ["Key": "k"], "Expected a list at 'tags' but found an object."),
            (
                "VpcConfig", ["SecurityGroupIds": [1], "Subnets": ["s"]],
                "Expected a string at 'vpcConfig.securityGroupIds.1.member' but found a number."
            ),
        ]
        for (member, value, message) in cases {
            let error = Fixtures.error(Fixtures.createTrainingJob(setting: member, to: value))
            #expect(error == .serialization(message), "\(member)")
            #expect(error?.errorCode == "SerializationException")
        }
    }

    @Test func serializationErrorWinsOverConstraintViolations() {
        var members = Fixtures.createTrainingJob.objectValue ?? [:]
        members["TrainingJobName"] = "bad_name!"
        members["Tags"] = [["Key": "k", "Value": 7]]
        #expect(
            Fixtures.error(.object(members))
                == .serialization("Expected a string at 'tags.1.member.value' but found a number."))
    }

    @Test func bodyMustBeAnObject() {
        #expect(Fixtures.error([1, 2]) == .serialization("Expected an object as the request body but found a list."))
        #expect(
            Fixtures.error("x", for: "StopTrainingJob")
                == .serialization("Expected an object as the request body but found a string."))
    }

    @Test func unknownMembersAreDropped() throws {
        var members = Fixtures.createTrainingJob.objectValue ?? [:]
        members["SomethingNew"] = ["Nested": 1]
        members["ResourceConfig"] = [
            "InstanceType": "ml.m5.xlarge", "InstanceCount": 1, "VolumeSizeInGB": 30, "Extra": "x",
        ]
        members["VpcConfig"] = nil
        members["CheckpointConfig"] = .null
        let canonical = try model.validateInput(of: "CreateTrainingJob", .object(members))
        #expect(canonical == Fixtures.createTrainingJob)
    }

    @Test func unknownMembersAreNotTypeChecked() throws {
        let body = Fixtures.createTrainingJob(setting: "FutureFeature", to: [1, [2], ["three": 3]])
        #expect(try model.validateInput(of: "CreateTrainingJob", body) == Fixtures.createTrainingJob)
    }

    @Test func timestampsBecomeEpochSeconds() throws {
        let body: JSONValue = [
            "CreationTimeAfter": "2024-01-02T03:04:05Z",
            "CreationTimeBefore": "2024-01-02T03:04:05.5+01:00",
            "LastModifiedTimeAfter": 1_704_164_645.25,
            "LastModifiedTimeBefore": 1_704_164_645,
        ]
        let canonical = try model.validateInput(of: "ListTrainingJobs", body)
        #expect(
            canonical == [
                "CreationTimeAfter": .int(1_704_164_645),
                "CreationTimeBefore": .double(1_704_161_045.5),
                "LastModifiedTimeAfter": .double(1_704_164_645.25),
                "LastModifiedTimeBefore": .int(1_704_164_645),
            ])
        #expect(
            try model.validateInput(of: "ListTrainingJobs", ["CreationTimeAfter": 1.7e9]) == [
                "CreationTimeAfter": .int(1_700_000_000)
            ])
        #expect(
            try model.validateInput(of: "ListTrainingJobs", ["CreationTimeAfter": "1970-01-01T00:00:00"]) == [
                "CreationTimeAfter": 0
            ])
        #expect(
            try model.validateInput(of: "ListTrainingJobs", ["CreationTimeAfter": "2000-02-29T23:59:59-0130"]) == [
                "CreationTimeAfter": 951_874_199
            ])
    }

    @Test(arguments: [
        "yesterday", "2024-13-01T00:00:00Z", "2023-02-29T00:00:00Z", "2024-01-02", "2024-01-02T03:04Z",
        "2024-01-02T03:04:05+1",
    ])
    func rejectsMalformedTimestamps(_ text: String) {
        #expect(
            Fixtures.error(["CreationTimeAfter": .string(text)], for: "ListTrainingJobs")
                == .serialization(
                    "Expected a timestamp at 'creationTimeAfter' but found a string that is not an ISO-8601 date-time.")
        )
    }

    @Test func rejectsBooleanTimestamp() {
        #expect(
            Fixtures.error(["CreationTimeAfter": true], for: "ListTrainingJobs")
                == .serialization("Expected a timestamp at 'creationTimeAfter' but found a boolean."))
    }

    @Test func listTagsMinimum() {
        let body: JSONValue = [
            "ResourceArn": "arn:aws:sagemaker:us-east-1:123456789012:training-job/x", "MaxResults": 10,
        ]
        #expect(
            Fixtures.message(body, for: "ListTags")
                == "1 validation error detected: Value '10' at 'maxResults' failed to satisfy constraint: Member must have value greater than or equal to 50"
        )
    }

    @Test func cloudWatchLogsValidation() throws {
        let logs = ServiceModel.cloudWatchLogs
        #expect(
            Fixtures.message(
                ["logGroupName": "/aws/sagemaker/TrainingJobs", "limit": 0], for: "GetLogEvents", in: logs)
                == "2 validation errors detected: Value null at 'logStreamName' failed to satisfy constraint: Member must not be null; Value '0' at 'limit' failed to satisfy constraint: Member must have value greater than or equal to 1"
        )
        let body: JSONValue = [
            "logGroupName": "/aws/sagemaker/TrainingJobs", "logStreamName": "job/algo-1-1700000000",
            "startFromHead": true, "startTime": 0,
        ]
        #expect(try logs.validateInput(of: "GetLogEvents", body) == body)
        #expect(
            Fixtures.message(["logGroupName": "bad name"], for: "DescribeLogStreams", in: logs)
                == #"1 validation error detected: Value 'bad name' at 'logGroupName' failed to satisfy constraint: Member must satisfy regular expression pattern: [\.\-_/#A-Za-z0-9]+"#
        )
        #expect(
            Fixtures.message(["startTime": -1], for: "FilterLogEvents", in: logs)
                == "1 validation error detected: Value '-1' at 'startTime' failed to satisfy constraint: Member must have value greater than or equal to 0"
        )
    }

    @Test func validateAgainstNamedShapeWithPathPrefix() throws {
        #expect(
            throws: RequestValidationError.constraints([
                ConstraintViolation(path: "tags.3.member.value", value: nil, constraint: "Member must not be null")
            ])
        ) {
            try model.validate(["Key": "k"], against: "Tag", path: "tags.3.member")
        }
        #expect(
            try model.validate(["Key": "k", "Value": "v", "X": 1], against: "Tag", path: "") == [
                "Key": "k", "Value": "v",
            ])
        #expect(try model.validate("job-1", against: "TrainingJobName", path: "name") == "job-1")
    }

    @Test func unknownOperationAndShape() {
        #expect(Fixtures.error([:], for: "CreateEndpoint") == .serialization("Unknown operation 'CreateEndpoint'."))
        #expect(throws: RequestValidationError.serialization("Unknown shape 'Nope'.")) {
            try model.validate([:], against: "Nope", path: "")
        }
    }

    @Test func violationDescriptions() {
        #expect(
            ConstraintViolation(path: "a.b", value: "x", constraint: "C").description
                == "Value 'x' at 'a.b' failed to satisfy constraint: C")
        #expect(
            ConstraintViolation(path: "a", value: nil, constraint: "Member must not be null").description
                == "Value null at 'a' failed to satisfy constraint: Member must not be null")
        #expect(RequestValidationError.serialization("Oops.").message == "Oops.")
    }

    @Test func projectionKeepsDeclaredMembers() {
        var members = Fixtures.createTrainingJob.objectValue ?? [:]
        members["Bogus"] = 1
        members["ResourceConfig"] = ["InstanceType": "ml.m5.xlarge", "InstanceCount": 1, "Extra": true]
        members["InputDataConfig"] = [
            ["ChannelName": "c", "DataSource": ["S3DataSource": ["S3Uri": "s3://b", "Junk": 1]], "More": 2]
        ]
        members["KeepMe"] = nil
        members["VpcConfig"] = .null
        let projected = model.project(.object(members), onto: "DescribeTrainingJobResponse")
        #expect(projected["TrainingJobName"] == "pytorch-training-2024-05-01-12-00-00-123")
        #expect(projected["Tags"] == nil)
        #expect(projected["Bogus"] == nil)
        #expect(projected["VpcConfig"] == nil)
        #expect(projected["ResourceConfig"] == ["InstanceType": "ml.m5.xlarge", "InstanceCount": 1])
        #expect(
            projected["InputDataConfig"] == [["ChannelName": "c", "DataSource": ["S3DataSource": ["S3Uri": "s3://b"]]]])
        #expect(projected["HyperParameters"] == Fixtures.createTrainingJob["HyperParameters"])
        #expect(projected["AlgorithmSpecification"] == Fixtures.createTrainingJob["AlgorithmSpecification"])
        #expect(model.project("x", onto: "Nope") == "x")
        #expect(model.project(["Key": "k", "Value": "v", "Other": 1], onto: "Tag") == ["Key": "k", "Value": "v"])
    }
}
