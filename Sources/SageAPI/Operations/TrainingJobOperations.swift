import Logging
import ServiceModel
import TrainingJobs

/// SageMaker's training-job operations, on validated JSON input.
struct TrainingJobOperations: Sendable {
    let store: TrainingJobStore
    let coordinator: JobCoordinator
    let identity: ServiceIdentity
    let rules: CreateTrainingJobRules
    let now: @Sendable () -> Double

    /// CreateTrainingJob.
    func create(_ input: JSONValue) async throws -> JSONValue {
        let request = try rules.check(input)
        guard let name = request["TrainingJobName"]?.stringValue else { throw AWSServiceError.resourceNotFound }
        let tags = (input["Tags"]?.arrayValue ?? []).compactMap { tag in
            tag["Key"]?.stringValue.map { JobTag(key: $0, value: tag["Value"]?.stringValue ?? "") }
        }
        let job = TrainingJob(
            name: name, arn: identity.trainingJobARN(name), request: request, tags: tags, creationTime: now())
        do {
            try coordinator.check(job)
        } catch {
            throw AWSServiceError.validation(error.message)
        }
        do {
            try await store.insert(job)
        } catch TrainingJobStore.WriteError.nameInUse(let arn) {
            throw AWSServiceError.resourceInUse(
                "Training job names must be unique within an AWS account and region, and a training job with this name already exists (\(arn))"
            )
        }
        await coordinator.launch(job)
        return ["TrainingJobArn": .string(job.arn)]
    }

    /// DescribeTrainingJob, rendered straight to bytes (cached per job version).
    func describe(_ input: JSONValue) throws(AWSServiceError) -> [UInt8] {
        let name = input["TrainingJobName"]?.stringValue ?? ""
        guard let body = store.description(named: name, render: { $0.describeResponse.serialized() }) else {
            throw .resourceNotFound
        }
        return body
    }

    /// ListTrainingJobs.
    func list(_ input: JSONValue) throws(AWSServiceError) -> JSONValue {
        let query: TrainingJobQuery
        do { query = try TrainingJobQuery(input: input) } catch { throw .validation("The NextToken is not valid.") }
        let (keys, nextToken) = query.page(over: store.listingEntries())
        let jobs = store.jobs(withKeys: keys)
        var response: [String: JSONValue] = ["TrainingJobSummaries": .array(jobs.map(\.summary))]
        if let nextToken { response["NextToken"] = .string(nextToken) }
        return .object(response)
    }

    /// StopTrainingJob.
    func stop(_ input: JSONValue) async throws -> JSONValue {
        let name = input["TrainingJobName"]?.stringValue ?? ""
        do {
            try await coordinator.stop(jobNamed: name)
        } catch TrainingJobStore.WriteError.notFound {
            throw AWSServiceError.resourceNotFound
        } catch let rejection as LifecycleRejection {
            throw AWSServiceError.validation(rejection.message)
        }
        return [:]
    }

    /// DeleteTrainingJob: only finished jobs; the name is free again afterwards.
    func delete(_ input: JSONValue) async throws -> JSONValue {
        let name = input["TrainingJobName"]?.stringValue ?? ""
        do {
            try await store.remove(named: name) { job in
                guard job.status.isTerminal else { throw LifecycleRejection(status: job.status) }
            }
        } catch TrainingJobStore.WriteError.notFound {
            throw AWSServiceError.resourceNotFound
        } catch let rejection as LifecycleRejection {
            throw AWSServiceError.resourceInUse(
                "Training job \(name) is in status \(rejection.status.rawValue). Only training jobs in a terminal status (Completed, Failed, Stopped) can be deleted."
            )
        }
        await coordinator.forget(jobNamed: name)
        return [:]
    }
}

/// The account and region the service presents itself as.
public struct ServiceIdentity: Sendable, Equatable {
    /// The AWS region, e.g. `us-east-1`.
    public var region: String
    /// The 12-digit account id.
    public var account: String

    /// Creates an identity.
    public init(region: String = "us-east-1", account: String = "123456789012") {
        self.region = region
        self.account = account
    }

    /// The ARN of the training job `name`.
    public func trainingJobARN(_ name: String) -> String {
        "arn:aws:sagemaker:\(region):\(account):training-job/\(name.lowercased())"
    }

    /// The training job name in `arn`, when it is a training-job ARN of this account and region.
    public func trainingJobName(inARN arn: String) -> String? {
        let prefix = "arn:aws:sagemaker:\(region):\(account):training-job/"
        guard arn.hasPrefix(prefix) else { return nil }
        let name = arn.dropFirst(prefix.count)
        return name.isEmpty ? nil : String(name)
    }
}
