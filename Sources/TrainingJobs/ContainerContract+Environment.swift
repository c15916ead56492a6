import ServiceModel

extension ContainerContract {
    /// The environment the algorithm sees: the request's `Environment`, the job's identity, the SageMaker training
    /// toolkit's `SM_*` variables and the variables of PyTorch-style distributed training.
    public var environment: [String: String] {
        var env = job.environment
        let channelNames = job.channels.map(\.name)
        let hosts = JSONValue.array(job.hostNames.map { .string($0) })
        env["TRAINING_JOB_NAME"] = job.name
        env["TRAINING_JOB_ARN"] = job.arn
        env[Self.baseDirectoryVariable] = root
        env["SM_MODEL_DIR"] = path("model")
        env["SM_INPUT_DIR"] = path("input")
        env["SM_INPUT_CONFIG_DIR"] = path("input/config")
        env["SM_OUTPUT_DIR"] = path("output")
        env["SM_OUTPUT_DATA_DIR"] = path("output/data")
        env["SM_OUTPUT_INTERMEDIATE_DIR"] = path("output/intermediate")
        env["SM_CHECKPOINT_DIR"] = checkpointDirectory
        env["SM_CHANNELS"] = JSONValue.array(channelNames.sorted().map { .string($0) }).jsonString
        for channel in channelNames {
            env["SM_CHANNEL_\(Self.variableSuffix(channel))"] = channelDirectory(channel)
        }
        env["SM_HPS"] = hyperParametersDocument.jsonString
        for (name, value) in job.hyperParameters {
            env["SM_HP_\(Self.variableSuffix(name))"] = value
        }
        env["SM_CURRENT_HOST"] = currentHost
        env["SM_CURRENT_INSTANCE_TYPE"] = job.instanceType
        env["SM_CURRENT_INSTANCE_GROUP"] = Self.instanceGroupName
        env["SM_HOSTS"] = hosts.jsonString
        env["SM_NUM_CPUS"] = String(cpuCount)
        env["SM_NUM_GPUS"] = String(gpuCount)
        env["SM_NETWORK_INTERFACE_NAME"] = "eth0"
        env["SM_LOG_LEVEL"] = "20"
        env["SM_USER_ARGS"] = "[]"
        env["SM_INPUT_DATA_CONFIG"] = inputDataConfigDocument.jsonString
        env["SM_RESOURCE_CONFIG"] = resourceConfigDocument.jsonString
        env["SM_TRAINING_ENV"] = trainingEnvironmentDocument.jsonString
        env["MASTER_ADDR"] = master.address
        env["MASTER_PORT"] = String(master.port)
        env["WORLD_SIZE"] = String(job.hostNames.count)
        env["RANK"] = String(rank)
        env["NODE_RANK"] = String(rank)
        env["LOCAL_RANK"] = "0"
        return env
    }

    /// `SM_TRAINING_ENV`: the toolkit's summary of the whole environment.
    var trainingEnvironmentDocument: JSONValue {
        var channelDirectories: [String: JSONValue] = [:]
        for channel in job.channels { channelDirectories[channel.name] = .string(channelDirectory(channel.name)) }
        return .object([
            "job_name": .string(job.name),
            "current_host": .string(currentHost),
            "current_instance_type": .string(job.instanceType),
            "hosts": .array(job.hostNames.map { .string($0) }),
            "hyperparameters": hyperParametersDocument,
            "input_data_config": inputDataConfigDocument,
            "channel_input_dirs": .object(channelDirectories),
            "model_dir": .string(path("model")),
            "input_dir": .string(path("input")),
            "input_config_dir": .string(path("input/config")),
            "output_dir": .string(path("output")),
            "output_data_dir": .string(path("output/data")),
            "num_cpus": .int(Int64(cpuCount)),
            "num_gpus": .int(Int64(gpuCount)),
            "resource_config": resourceConfigDocument,
            "master_hostname": .string(job.hostNames[0]),
            "is_master": .bool(rank == 0),
            "log_level": 20,
            "network_interface_name": "eth0",
        ])
    }

    /// Upper-cases a channel or hyperparameter name for a variable name, as the toolkit does.
    static func variableSuffix(_ name: String) -> String {
        String(name.uppercased().map { $0.isLetter || $0.isNumber ? $0 : "_" })
    }
}
