import ServiceModel

extension TrainingJob {
    /// The job as one JSON document, for the database. Round-trips through ``init(storedRepresentation:)``.
    public var storedRepresentation: JSONValue {
        var document: [String: JSONValue] = [
            "name": .string(name),
            "arn": .string(arn),
            "request": request,
            "creationTime": .double(creationTime),
            "status": .string(status.rawValue),
            "secondaryStatus": .string(secondaryStatus.rawValue),
            "lastModifiedTime": .double(lastModifiedTime),
            "transitions": .array(
                transitions.map { transition in
                    var entry: [String: JSONValue] = [
                        "status": .string(transition.status.rawValue),
                        "startTime": .double(transition.startTime),
                        "statusMessage": .string(transition.statusMessage),
                    ]
                    if let end = transition.endTime { entry["endTime"] = .double(end) }
                    return .object(entry)
                }),
            "finalMetrics": .array(
                finalMetrics.map { metric in
                    .object([
                        "name": .string(metric.metricName), "value": .double(metric.value),
                        "timestamp": .double(metric.timestamp),
                    ])
                }),
            "tags": .array(tags.map { .object(["key": .string($0.key), "value": .string($0.value)]) }),
        ]
        if let failureReason { document["failureReason"] = .string(failureReason) }
        if let trainingStartTime { document["trainingStartTime"] = .double(trainingStartTime) }
        if let trainingEndTime { document["trainingEndTime"] = .double(trainingEndTime) }
        if let modelArtifacts { document["modelArtifacts"] = .string(modelArtifacts) }
        if let stopReason { document["stopReason"] = .string(stopReason.rawValue) }
        return .object(document)
    }

    /// Restores a job from ``storedRepresentation``; nil when the document is not one.
    public init?(storedRepresentation document: JSONValue) {
        guard let name = document["name"]?.stringValue, let arn = document["arn"]?.stringValue,
            let request = document["request"], let creationTime = document["creationTime"]?.doubleValue,
            let status = document["status"]?.stringValue.flatMap(TrainingJobStatus.init(rawValue:)),
            let secondary = document["secondaryStatus"]?.stringValue.flatMap(SecondaryStatus.init(rawValue:)),
            let lastModified = document["lastModifiedTime"]?.doubleValue
        else { return nil }
        let transitions: [SecondaryStatusTransition] = (document["transitions"]?.arrayValue ?? []).compactMap {
            guard let status = $0["status"]?.stringValue.flatMap(SecondaryStatus.init(rawValue:)),
                let start = $0["startTime"]?.doubleValue
            else { return nil }
            return SecondaryStatusTransition(
                status: status, startTime: start, endTime: $0["endTime"]?.doubleValue,
                statusMessage: $0["statusMessage"]?.stringValue)
        }
        let metrics: [MetricDatum] = (document["finalMetrics"]?.arrayValue ?? []).compactMap {
            guard let name = $0["name"]?.stringValue, let value = $0["value"]?.doubleValue,
                let timestamp = $0["timestamp"]?.doubleValue
            else { return nil }
            return MetricDatum(metricName: name, value: value, timestamp: timestamp)
        }
        let tags: [JobTag] = (document["tags"]?.arrayValue ?? []).compactMap {
            guard let key = $0["key"]?.stringValue, let value = $0["value"]?.stringValue else { return nil }
            return JobTag(key: key, value: value)
        }
        self.init(
            name: name, arn: arn, request: request, creationTime: creationTime, status: status,
            secondaryStatus: secondary, transitions: transitions,
            failureReason: document["failureReason"]?.stringValue, lastModifiedTime: lastModified,
            trainingStartTime: document["trainingStartTime"]?.doubleValue,
            trainingEndTime: document["trainingEndTime"]?.doubleValue,
            modelArtifacts: document["modelArtifacts"]?.stringValue,
            stopReason: document["stopReason"]?.stringValue.flatMap(StopReason.init(rawValue:)),
            finalMetrics: metrics, tags: tags)
    }
}
