import ServiceModel
import Testing

@Suite("CreateTrainingJob validation")
struct CreateTrainingJobValidationTests {
    @Test func realisticBodyPassesUnchanged() throws {
        let canonical = try ServiceModel.sageMaker.validateInput(of: "CreateTrainingJob", Fixtures.createTrainingJob)
        #expect(canonical == Fixtures.createTrainingJob)
    }

    @Test func badTrainingJobName() {
        let body = Fixtures.createTrainingJob(setting: "TrainingJobName", to: "bad_name!")
        #expect(
            Fixtures.message(body)
                == "1 validation error detected: Value 'bad_name!' at 'trainingJobName' failed to satisfy constraint: Member must satisfy regular expression pattern: ^[a-zA-Z0-9](-*[a-zA-Z0-9]){0,62}"
        )
        #expect(Fixtures.error(body)?.errorCode == "ValidationException")
    }

    @Test func violationsCarryTheirParts() throws {
        let body = Fixtures.createTrainingJob(setting: "TrainingJobName", to: "bad_name!")
        guard case .constraints(let violations) = Fixtures.error(body) else {
            Issue.record("expected constraint violations")
            return
        }
        #expect(
            violations == [
                ConstraintViolation(
                    path: "trainingJobName", value: "bad_name!",
                    constraint: "Member must satisfy regular expression pattern: ^[a-zA-Z0-9](-*[a-zA-Z0-9]){0,62}")
            ])
    }

    @Test func tooLongNameFailsLengthThenPattern() {
        let name = String(repeating: "a", count: 64)
        let body = Fixtures.createTrainingJob(setting: "TrainingJobName", to: .string(name))
        #expect(
            Fixtures.message(body)
                == "2 validation errors detected: Value '\(name)' at 'trainingJobName' failed to satisfy constraint: Member must have length less than or equal to 63; Value '\(name)' at 'trainingJobName' failed to satisfy constraint: Member must satisfy regular expression pattern: ^[a-zA-Z0-9](-*[a-zA-Z0-9]){0,62}"
        )
    }

    @Test func emptyNameFailsLengthThenPattern() {
        let body = Fixtures.createTrainingJob(setting: "TrainingJobName", to: "")
        #expect(
            Fixtures.message(body)
                == "2 validation errors detected: Value '' at 'trainingJobName' failed to satisfy constraint: Member must have length greater than or equal to 1; Value '' at 'trainingJobName' failed to satisfy constraint: Member must satisfy regular expression pattern: ^[a-zA-Z0-9](-*[a-zA-Z0-9]){0,62}"
        )
    }

    @Test func missingRequiredMembers() {
        #expect(
            Fixtures.message([:])
                == "3 validation errors detected: Value null at 'trainingJobName' failed to satisfy constraint: Member must not be null; Value null at 'roleArn' failed to satisfy constraint: Member must not be null; Value null at 'outputDataConfig' failed to satisfy constraint: Member must not be null"
        )
        #expect(Fixtures.message(.null) == Fixtures.message([:]))
    }

    @Test func nullMemberCountsAsMissing() {
        let body = Fixtures.createTrainingJob(setting: "RoleArn", to: nil)
        #expect(
            Fixtures.message(body)
                == "1 validation error detected: Value null at 'roleArn' failed to satisfy constraint: Member must not be null"
        )
    }

    @Test func missingNestedRequiredMemberInList() {
        let body = Fixtures.createTrainingJob(
            setting: "InputDataConfig",
            to: [
                [
                    "ChannelName": "train",
                    "DataSource": ["S3DataSource": ["S3DataType": "S3Prefix", "S3Uri": "s3://b/k"]],
                ],
                ["ChannelName": "test", "DataSource": ["S3DataSource": ["S3DataType": "S3Prefix"]]],
            ])
        #expect(
            Fixtures.message(body)
                == "1 validation error detected: Value null at 'inputDataConfig.2.member.dataSource.s3DataSource.s3Uri' failed to satisfy constraint: Member must not be null"
        )
    }

    @Test func listElementPath() {
        let body = Fixtures.createTrainingJob(
            setting: "InputDataConfig",
            to: [
                [
                    "ChannelName": "training",
                    "DataSource": ["S3DataSource": ["S3DataType": "S3Prefix", "S3Uri": "s3://b/k"]],
                ],
                [
                    "ChannelName": "bad channel",
                    "DataSource": ["S3DataSource": ["S3DataType": "S3Prefix", "S3Uri": "s3://b/k"]],
                ],
            ])
        #expect(
            Fixtures.message(body)
                == #"1 validation error detected: Value 'bad channel' at 'inputDataConfig.2.member.channelName' failed to satisfy constraint: Member must satisfy regular expression pattern: [A-Za-z0-9\.\-_]+"#
        )
    }

    @Test func enumViolation() {
        let body = Fixtures.createTrainingJob(
            setting: "AlgorithmSpecification",
            to: [
                "TrainingImage": "image:latest", "TrainingInputMode": "Streaming",
            ])
        #expect(
            Fixtures.message(body)
                == "1 validation error detected: Value 'Streaming' at 'algorithmSpecification.trainingInputMode' failed to satisfy constraint: Member must satisfy enum value set: [Pipe, File, FastFile]"
        )
    }

    @Test func multipleErrorsInMemberOrder() {
        var members = Fixtures.createTrainingJob.objectValue ?? [:]
        members["StoppingCondition"] = ["MaxRuntimeInSeconds": 0]
        members["RoleArn"] = nil
        members["AlgorithmSpecification"] = ["TrainingImage": "image", "TrainingInputMode": "Streaming"]
        members["TrainingJobName"] = "bad_name!"
        members["ResourceConfig"] = ["InstanceType": "ml.m5.xlarge", "InstanceCount": -1, "VolumeSizeInGB": 30]
        #expect(
            Fixtures.message(.object(members)) == "5 validation errors detected: "
                + "Value 'bad_name!' at 'trainingJobName' failed to satisfy constraint: Member must satisfy regular expression pattern: ^[a-zA-Z0-9](-*[a-zA-Z0-9]){0,62}; "
                + "Value 'Streaming' at 'algorithmSpecification.trainingInputMode' failed to satisfy constraint: Member must satisfy enum value set: [Pipe, File, FastFile]; "
                + "Value null at 'roleArn' failed to satisfy constraint: Member must not be null; "
                + "Value '-1' at 'resourceConfig.instanceCount' failed to satisfy constraint: Member must have value greater than or equal to 0; "
                + "Value '0' at 'stoppingCondition.maxRuntimeInSeconds' failed to satisfy constraint: Member must have value greater than or equal to 1"
        )
    }

    @Test func emptyInputDataConfig() {
        let body = Fixtures.createTrainingJob(setting: "InputDataConfig", to: [])
        #expect(
            Fixtures.message(body)
                == "1 validation error detected: Value '[]' at 'inputDataConfig' failed to satisfy constraint: Member must have length greater than or equal to 1"
        )
    }

    @Test func lengthCountsUTF16CodeUnits() {
        let fits = JSONValue.string(String(repeating: "😀", count: 127))
        let tooLong = String(repeating: "😀", count: 128)
        func body(_ name: JSONValue) -> JSONValue {
            Fixtures.createTrainingJob(
                setting: "AlgorithmSpecification",
                to: [
                    "TrainingInputMode": "File", "MetricDefinitions": [["Name": name, "Regex": "x"]],
                ])
        }
        #expect(Fixtures.message(body(fits)) == nil)
        #expect(
            Fixtures.message(body(.string(tooLong)))
                == "1 validation error detected: Value '\(tooLong)' at 'algorithmSpecification.metricDefinitions.1.member.name' failed to satisfy constraint: Member must have length less than or equal to 255"
        )
    }

    @Test func mapKeyConstraint() {
        let body = Fixtures.createTrainingJob(setting: "Environment", to: ["GOOD": "x", "1BAD": "y"])
        #expect(
            Fixtures.message(body)
                == "1 validation error detected: Value '{1BAD=y, GOOD=x}' at 'environment' failed to satisfy constraint: Map keys must satisfy constraint: [Member must have length less than or equal to 512, Member must have length greater than or equal to 0, Member must satisfy regular expression pattern: [a-zA-Z_][a-zA-Z0-9_]*]"
        )
    }

    @Test func mapValueConstraint() {
        let long = String(repeating: "v", count: 513)
        let body = Fixtures.createTrainingJob(setting: "Environment", to: ["KEY": .string(long)])
        #expect(
            Fixtures.message(body)
                == #"1 validation error detected: Value '{KEY=\#(long)}' at 'environment' failed to satisfy constraint: Map value must satisfy constraint: [Member must have length less than or equal to 512, Member must have length greater than or equal to 0, Member must satisfy regular expression pattern: [\S\s]*]"#
        )
    }

    @Test func mapKeysAndValuesTogether() {
        let key = String(repeating: "k", count: 257)
        let hyperParameters = JSONValue.object([key: "line\nbreak"])
        let message = Fixtures.message(Fixtures.createTrainingJob(setting: "HyperParameters", to: hyperParameters))
        #expect(
            message == "2 validation errors detected: "
                + "Value '{\(key)=line\nbreak}' at 'hyperParameters' failed to satisfy constraint: Map keys must satisfy constraint: [Member must have length less than or equal to 256, Member must have length greater than or equal to 0, Member must satisfy regular expression pattern: .*]; "
                + "Value '{\(key)=line\nbreak}' at 'hyperParameters' failed to satisfy constraint: Map value must satisfy constraint: [Member must have length less than or equal to 2500, Member must have length greater than or equal to 0, Member must satisfy regular expression pattern: .*]"
        )
    }

    @Test func mapEntryCount() {
        var parameters: [String: JSONValue] = [:]
        for index in 0..<101 { parameters["p\(index)"] = "1" }
        let message =
            Fixtures.message(Fixtures.createTrainingJob(setting: "HyperParameters", to: .object(parameters))) ?? ""
        #expect(message.hasPrefix("1 validation error detected: Value '{p0=1, p1=1, p10=1, p100=1, p11=1,"))
        #expect(
            message.hasSuffix(
                "}' at 'hyperParameters' failed to satisfy constraint: Member must have length less than or equal to 100"
            ))
    }

    @Test func tagListOfStructures() {
        let body = Fixtures.createTrainingJob(
            setting: "Tags", to: [["Key": "ok", "Value": "fine"], ["Key": "", "Value": "x*y"]])
        #expect(
            Fixtures.message(body) == "2 validation errors detected: "
                + #"Value '' at 'tags.2.member.key' failed to satisfy constraint: Member must have length greater than or equal to 1; "#
                + #"Value 'x*y' at 'tags.2.member.value' failed to satisfy constraint: Member must satisfy regular expression pattern: ^([\p{L}\p{Z}\p{N}_.:/=+\-@]*)$"#
        )
    }

    @Test func tooManyTagsRendersTheList() {
        let tags = JSONValue.array((0..<51).map { ["Key": .string("k\($0)"), "Value": "v"] })
        let message = Fixtures.message(Fixtures.createTrainingJob(setting: "Tags", to: tags)) ?? ""
        #expect(message.hasPrefix("1 validation error detected: Value '[{Key=k0, Value=v}, {Key=k1, Value=v}, "))
        #expect(
            message.hasSuffix(
                ", {Key=k50, Value=v}]' at 'tags' failed to satisfy constraint: Member must have length less than or equal to 50"
            ))
    }
}
