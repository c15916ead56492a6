import ServiceModel
import TrainingJobs

extension TrainingJob {
    /// The DescribeTrainingJob response: the request echoed back (the members the response shape declares) plus the
    /// job's state.
    var describeResponse: JSONValue {
        guard case .object(var response) = ServiceModel.sageMaker.project(request, onto: "DescribeTrainingJobResponse")
        else { return .object([:]) }
        response["TrainingJobName"] = .string(name)
        response["TrainingJobArn"] = .string(arn)
        response["TrainingJobStatus"] = .string(status.rawValue)
        response["SecondaryStatus"] = .string(secondaryStatus.rawValue)
        response["CreationTime"] = .double(creationTime)
        response["LastModifiedTime"] = .double(lastModifiedTime)
        response["SecondaryStatusTransitions"] = .array(transitions.map(\.response))
        if response["StoppingCondition"] == nil {
            response["StoppingCondition"] = .object([
                "MaxRuntimeInSeconds": .int(Int64(TrainingJobSpecification.defaultMaxRuntimeInSeconds))
            ])
        }
        for flag in ["EnableNetworkIsolation", "EnableInterContainerTrafficEncryption", "EnableManagedSpotTraining"]
        where response[flag] == nil {
            response[flag] = .bool(false)
        }
        if let failureReason { response["FailureReason"] = .string(failureReason) }
        if let trainingStartTime { response["TrainingStartTime"] = .double(trainingStartTime) }
        if let trainingEndTime { response["TrainingEndTime"] = .double(trainingEndTime) }
        if let trainingTimeInSeconds { response["TrainingTimeInSeconds"] = .int(Int64(trainingTimeInSeconds)) }
        if let billableTimeInSeconds { response["BillableTimeInSeconds"] = .int(Int64(billableTimeInSeconds)) }
        if let modelArtifacts { response["ModelArtifacts"] = .object(["S3ModelArtifacts": .string(modelArtifacts)]) }
        if !finalMetrics.isEmpty {
            response["FinalMetricDataList"] = .array(
                finalMetrics.map { metric in
                    .object([
                        "MetricName": .string(metric.metricName), "Value": .double(metric.value),
                        "Timestamp": .double(metric.timestamp),
                    ])
                })
        }
        if request["ProfilerConfig"] != nil, response["ProfilingStatus"] == nil {
            let disabled = request["ProfilerConfig"]?["DisableProfiler"]?.boolValue ?? false
            response["ProfilingStatus"] = .string(disabled ? "Disabled" : "Enabled")
        }
        return .object(response)
    }

    /// The job's entry in a ListTrainingJobs response.
    var summary: JSONValue {
        var summary: [String: JSONValue] = [
            "TrainingJobName": .string(name),
            "TrainingJobArn": .string(arn),
            "CreationTime": .double(creationTime),
            "LastModifiedTime": .double(lastModifiedTime),
            "TrainingJobStatus": .string(status.rawValue),
            "SecondaryStatus": .string(secondaryStatus.rawValue),
        ]
        if let trainingEndTime { summary["TrainingEndTime"] = .double(trainingEndTime) }
        return .object(summary)
    }
}

extension SecondaryStatusTransition {
    /// The transition as SageMaker renders it.
    var response: JSONValue {
        var entry: [String: JSONValue] = [
            "Status": .string(status.rawValue),
            "StartTime": .double(startTime),
            "StatusMessage": .string(statusMessage),
        ]
        if let endTime { entry["EndTime"] = .double(endTime) }
        return .object(entry)
    }
}
