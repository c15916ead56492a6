import ServiceModel
import TrainingJobs

/// AddTags, ListTags and DeleteTags on training-job ARNs.
struct TagOperations: Sendable {
    /// The most tags a resource may carry.
    static let maximumTagsPerResource = 50

    let store: TrainingJobStore
    let identity: ServiceIdentity

    private func jobName(_ input: JSONValue) throws(AWSServiceError) -> String {
        let arn = input["ResourceArn"]?.stringValue ?? ""
        guard let name = identity.trainingJobName(inARN: arn), store.job(named: name) != nil else {
            throw .resourceNotFound
        }
        return name
    }

    /// AddTags: adds or replaces tags by key.
    func add(_ input: JSONValue) async throws -> JSONValue {
        let name = try jobName(input)
        let tags = (input["Tags"]?.arrayValue ?? []).compactMap { tag in
            tag["Key"]?.stringValue.map { JobTag(key: $0, value: tag["Value"]?.stringValue ?? "") }
        }
        do {
            try await store.update(named: name) { job in
                for tag in tags {
                    if let index = job.tags.firstIndex(where: { $0.key == tag.key }) {
                        job.tags[index] = tag
                    } else {
                        job.tags.append(tag)
                    }
                }
                if job.tags.count > Self.maximumTagsPerResource {
                    throw AWSServiceError.resourceLimitExceeded(
                        "A resource can have at most \(Self.maximumTagsPerResource) tags.")
                }
            }
        } catch TrainingJobStore.WriteError.notFound {
            throw AWSServiceError.resourceNotFound
        }
        return ["Tags": input["Tags"] ?? .array([])]
    }

    /// ListTags, paginated by position.
    func list(_ input: JSONValue) throws(AWSServiceError) -> JSONValue {
        let name = try jobName(input)
        let tags = store.job(named: name)?.tags ?? []
        let start = input["NextToken"]?.stringValue.map { Int($0) ?? -1 } ?? 0
        guard start >= 0, start <= tags.count else { throw .validation("The NextToken is not valid.") }
        let limit = Int(input["MaxResults"]?.int64Value ?? 50)
        let page = tags[start..<min(tags.count, start + limit)]
        var response: [String: JSONValue] = [
            "Tags": .array(page.map { .object(["Key": .string($0.key), "Value": .string($0.value)]) })
        ]
        if start + limit < tags.count { response["NextToken"] = .string(String(start + limit)) }
        return .object(response)
    }

    /// DeleteTags: removes tags by key; unknown keys are ignored.
    func delete(_ input: JSONValue) async throws -> JSONValue {
        let name = try jobName(input)
        let keys = Set((input["TagKeys"]?.arrayValue ?? []).compactMap(\.stringValue))
        do {
            try await store.update(named: name) { job in job.tags.removeAll { keys.contains($0.key) } }
        } catch TrainingJobStore.WriteError.notFound {
            throw AWSServiceError.resourceNotFound
        }
        return [:]
    }
}
