import Foundation
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import ServiceModel
import Synchronization
import Testing
import TrainingJobs

@testable import SageAPI

@Suite("SageMaker training-job operations over AWS JSON 1.1")
struct TrainingJobAPITests {
    func withApp(
        backend: ScriptedBackend = ScriptedBackend(), credentials: [String: String] = [:],
        _ body: @escaping @Sendable (any TestClientProtocol, ScriptedBackend) async throws -> Void
    ) async throws {
        let state = TemporaryDirectory()
        let configuration = SageAPIConfiguration(stateDirectory: state.path, credentials: credentials)
        let platform = try await TrainingPlatform.open(
            configuration: configuration, backend: backend, logger: testLogger())
        let app = SageAPIServer.makeApplication(platform: platform, configuration: configuration, logger: testLogger())
        do {
            try await app.test(.router) { client in try await body(client, backend) }
        } catch {
            await platform.close()
            throw error
        }
        await platform.close()
    }

    @Test func createThenDescribeEchoesTheRequest() async throws {
        try await withApp { client, backend in
            let request = createRequest(
                "Echo-Job",
                extra: [
                    "HyperParameters": ["epochs": "2"],
                    "Environment": ["A": "b"],
                    "DebugHookConfig": ["S3OutputPath": "s3://bucket/debug"],
                    "ProfilerConfig": ["S3OutputPath": "s3://bucket/profile", "DisableProfiler": true],
                    "EnableNetworkIsolation": true,
                    "Tags": [["Key": "team", "Value": "ml"]],
                    "UnknownMember": "dropped",
                ])
            let created = try await client.sageMaker("CreateTrainingJob", request)
            #expect(created.status == .ok)
            #expect(created.headers[.contentType] == "application/x-amz-json-1.1")
            #expect(
                created.body == ["TrainingJobArn": "arn:aws:sagemaker:us-east-1:123456789012:training-job/echo-job"])
            #expect(backend.calls.withLock { $0.launched.map(\.name) } == ["Echo-Job"])

            let described = try await client.sageMaker("DescribeTrainingJob", ["TrainingJobName": "Echo-Job"])
            #expect(described.status == .ok)
            for member in [
                "HyperParameters", "Environment", "DebugHookConfig", "ProfilerConfig", "AlgorithmSpecification",
                "ResourceConfig", "StoppingCondition", "RoleArn", "OutputDataConfig",
            ] {
                #expect(described.body[member] == request[member], "\(member) is echoed")
            }
            #expect(described.body["EnableNetworkIsolation"] == true)
            #expect(described.body["UnknownMember"] == nil)
            #expect(described.body["Tags"] == nil)
            #expect(described.body["TrainingJobStatus"] == "InProgress")
            #expect(described.body["SecondaryStatus"] == "Starting")
            #expect(described.body["ProfilingStatus"] == "Disabled")
            #expect(described.body["CreationTime"]?.doubleValue != nil)
            #expect(
                described.body["SecondaryStatusTransitions"]?.arrayValue?.first?["StatusMessage"]
                    == "Starting the training job")
        }
    }

    @Test func reportedEventsBecomeStatusesAndMetrics() async throws {
        try await withApp { client, backend in
            let request = createRequest(
                "Metrics-Job",
                extra: [
                    "AlgorithmSpecification": [
                        "TrainingImage": "trainer:latest", "TrainingInputMode": "File",
                        "MetricDefinitions": [["Name": "loss", "Regex": "loss=([0-9.]+)"]],
                    ]
                ])
            _ = try await client.sageMaker("CreateTrainingJob", request)
            let reporter = try #require(backend.reporter("Metrics-Job"))
            await reporter.report(.inputStagingStarted)
            await reporter.report(.algorithmStarted)
            reporter.log(LogRecord(stream: "Metrics-Job/algo-1-1", timestamp: 1_000, message: "loss=0.9"))
            reporter.log(LogRecord(stream: "Metrics-Job/algo-1-1", timestamp: 2_000, message: "loss=0.3"))
            await reporter.report(.algorithmExited(failureReason: nil))
            await reporter.report(.uploadStarted)
            await reporter.report(.uploadFinished(modelArtifacts: "file:///out/Metrics-Job/output/model.tar.gz"))
            let described = try await client.sageMaker("DescribeTrainingJob", ["TrainingJobName": "metrics-job"])
            #expect(described.body["TrainingJobStatus"] == "Completed")
            #expect(
                described.body["ModelArtifacts"] == ["S3ModelArtifacts": "file:///out/Metrics-Job/output/model.tar.gz"])
            #expect(described.body["FinalMetricDataList"] == [["MetricName": "loss", "Value": 0.3, "Timestamp": 2.0]])
            let statuses = described.body["SecondaryStatusTransitions"]?.arrayValue?.compactMap {
                $0["Status"]?.stringValue
            }
            #expect(statuses == ["Starting", "Downloading", "Training", "Uploading", "Completed"])
            #expect(described.body["TrainingTimeInSeconds"]?.int64Value != nil)
        }
    }

    @Test func errorsUseSageMakersCodesAndMessages() async throws {
        try await withApp { client, _ in
            let missing = try await client.sageMaker("DescribeTrainingJob", ["TrainingJobName": "nope"])
            #expect(missing.status == .badRequest)
            #expect(missing.errorCode == "ValidationException")
            #expect(missing.message == "Requested resource not found.")

            let badName = try await client.sageMaker("CreateTrainingJob", createRequest("bad_name!"))
            #expect(badName.errorCode == "ValidationException")
            #expect(
                badName.message
                    == "1 validation error detected: Value 'bad_name!' at 'trainingJobName' failed to satisfy constraint: Member must satisfy regular expression pattern: ^[a-zA-Z0-9](-*[a-zA-Z0-9]){0,62}"
            )

            _ = try await client.sageMaker("CreateTrainingJob", createRequest("Dup"))
            let duplicate = try await client.sageMaker("CreateTrainingJob", createRequest("dup"))
            #expect(duplicate.errorCode == "ResourceInUse")
            #expect(duplicate.message?.contains("arn:aws:sagemaker:us-east-1:123456789012:training-job/dup") == true)

            let malformed = try await client.call("SageMaker.DescribeTrainingJob", [:], rawBody: "{not json")
            #expect(malformed.errorCode == "SerializationException")
            let wrongType = try await client.sageMaker("DescribeTrainingJob", ["TrainingJobName": 5])
            #expect(wrongType.errorCode == "SerializationException")

            let unknown = try await client.call("SageMaker.LaunchRockets", [:])
            #expect(unknown.errorCode == "UnknownOperationException")
            let noTarget = try await client.call("", [:])
            #expect(noTarget.errorCode == "UnknownOperationException")

            let stopMissing = try await client.sageMaker("StopTrainingJob", ["TrainingJobName": "nope"])
            #expect(stopMissing.message == "Requested resource not found.")
            let deleteMissing = try await client.sageMaker("DeleteTrainingJob", ["TrainingJobName": "nope"])
            #expect(deleteMissing.message == "Requested resource not found.")

            let tooMany = try await client.sageMaker("ListTrainingJobs", ["MaxResults": 101])
            #expect(
                tooMany.message
                    == "1 validation error detected: Value '101' at 'maxResults' failed to satisfy constraint: Member must have value less than or equal to 100"
            )
            let noImage = try await client.sageMaker(
                "CreateTrainingJob",
                .object(createRequest("No-Algorithm").objectValue!.filter { $0.key != "AlgorithmSpecification" }))
            #expect(noImage.errorCode == "ValidationException")
            let noHosts = try await client.sageMaker(
                "CreateTrainingJob",
                createRequest(
                    "No-Hosts",
                    extra: ["ResourceConfig": ["InstanceType": "ml.m5.large", "InstanceCount": 0, "VolumeSizeInGB": 1]])
            )
            #expect(noHosts.errorCode == "ValidationException")
            #expect(noHosts.message?.contains("'resourceConfig.instanceCount'") == true)
            let httpsInput = try await client.sageMaker(
                "CreateTrainingJob",
                createRequest(
                    "Https-Input",
                    extra: [
                        "InputDataConfig": [
                            [
                                "ChannelName": "training",
                                "DataSource": [
                                    "S3DataSource": ["S3DataType": "S3Prefix", "S3Uri": "https://bucket.example/data"]
                                ],
                            ]
                        ]
                    ]))
            #expect(httpsInput.errorCode == "ValidationException")
            #expect(
                httpsInput.message
                    == "InputDataConfig channel 'training' S3Uri 'https://bucket.example/data' uses a scheme this "
                    + "platform does not support yet; supported: file://, s3://.")
        }
    }

    @Test func stopAndDeleteFollowTheJobsStatus() async throws {
        try await withApp { client, backend in
            _ = try await client.sageMaker("CreateTrainingJob", createRequest("Stop-Me"))
            let deleteRunning = try await client.sageMaker("DeleteTrainingJob", ["TrainingJobName": "Stop-Me"])
            #expect(deleteRunning.errorCode == "ResourceInUse")

            let stopped = try await client.sageMaker("StopTrainingJob", ["TrainingJobName": "Stop-Me"])
            #expect(stopped.status == .ok)
            #expect(backend.calls.withLock { $0.stopped.map(\.0) } == ["Stop-Me"])
            let again = try await client.sageMaker("StopTrainingJob", ["TrainingJobName": "Stop-Me"])
            #expect(again.message == "The request was rejected because the training job is in status Stopping.")

            let reporter = try #require(backend.reporter("Stop-Me"))
            await reporter.report(.algorithmExited(failureReason: "AlgorithmError: killed by signal 15 (SIGTERM)"))
            await reporter.report(.uploadStarted)
            await reporter.report(.uploadFinished(modelArtifacts: nil))
            let described = try await client.sageMaker("DescribeTrainingJob", ["TrainingJobName": "Stop-Me"])
            #expect(described.body["TrainingJobStatus"] == "Stopped")
            let afterStop = try await client.sageMaker("StopTrainingJob", ["TrainingJobName": "Stop-Me"])
            #expect(afterStop.message == "The request was rejected because the training job is in status Stopped.")

            let deleted = try await client.sageMaker("DeleteTrainingJob", ["TrainingJobName": "Stop-Me"])
            #expect(deleted.status == .ok)
            #expect(backend.calls.withLock { $0.forgotten } == ["Stop-Me"])
            let gone = try await client.sageMaker("DescribeTrainingJob", ["TrainingJobName": "Stop-Me"])
            #expect(gone.message == "Requested resource not found.")
            let reused = try await client.sageMaker("CreateTrainingJob", createRequest("Stop-Me"))
            #expect(reused.status == .ok)
        }
    }

    @Test func concurrentCreatesOfOneNameHaveExactlyOneWinner() async throws {
        try await withApp { client, _ in
            let results = try await withThrowingTaskGroup(of: AWSResult.self) { group in
                for _ in 0..<12 {
                    group.addTask { try await client.sageMaker("CreateTrainingJob", createRequest("Race")) }
                }
                return try await group.reduce(into: []) { $0.append($1) }
            }
            #expect(results.filter { $0.status == .ok }.count == 1)
            #expect(results.filter { $0.errorCode == "ResourceInUse" }.count == 11)
        }
    }

    @Test func tagsAreAddedListedAndDeleted() async throws {
        try await withApp { client, _ in
            _ = try await client.sageMaker(
                "CreateTrainingJob", createRequest("Tagged", extra: ["Tags": [["Key": "a", "Value": "1"]]]))
            let arn = "arn:aws:sagemaker:us-east-1:123456789012:training-job/tagged"
            let added = try await client.sageMaker(
                "AddTags",
                ["ResourceArn": .string(arn), "Tags": [["Key": "b", "Value": "2"], ["Key": "a", "Value": "3"]]])
            #expect(added.body["Tags"]?.arrayValue?.count == 2)
            let listed = try await client.sageMaker("ListTags", ["ResourceArn": .string(arn)])
            #expect(listed.body["Tags"] == [["Key": "a", "Value": "3"], ["Key": "b", "Value": "2"]])
            _ = try await client.sageMaker("DeleteTags", ["ResourceArn": .string(arn), "TagKeys": ["a"]])
            let after = try await client.sageMaker("ListTags", ["ResourceArn": .string(arn)])
            #expect(after.body["Tags"] == [["Key": "b", "Value": "2"]])
            let unknown = try await client.sageMaker(
                "ListTags", ["ResourceArn": "arn:aws:sagemaker:us-east-1:123456789012:training-job/nope"])
            #expect(unknown.errorCode == "ValidationException")
        }
    }

    @Test func aFailedLaunchFailsTheJob() async throws {
        struct Boom: Error {}
        try await withApp(backend: ScriptedBackend(launchError: Boom())) { client, _ in
            _ = try await client.sageMaker("CreateTrainingJob", createRequest("Cannot-Launch"))
            let described = try await client.sageMaker("DescribeTrainingJob", ["TrainingJobName": "Cannot-Launch"])
            #expect(described.body["TrainingJobStatus"] == "Failed")
            #expect(described.body["FailureReason"]?.stringValue?.hasPrefix("InternalServerError") == true)
        }
    }

    @Test func signedRequestsAreRequiredWhenCredentialsAreConfigured() async throws {
        try await withApp(credentials: ["AKIDEXAMPLE": "secret"]) { client, _ in
            let unsigned = try await client.sageMaker("ListTrainingJobs", [:])
            #expect(unsigned.errorCode == "MissingAuthenticationTokenException")
            #expect(unsigned.status == .forbidden)
        }
    }
}
