import ServiceModel
import TrainingJobs

extension ManifestBuilder {
    /// The seconds between SIGTERM and SIGKILL: SageMaker's 120, for the algorithm to save and the runtime to upload.
    static let terminationGracePeriodSeconds = 120

    /// The pod template of `host`: `algo-N` in the Service's subdomain, with a search path that resolves the
    /// plain host names, never restarted (the Job's `backoffLimit` retries with a new pod).
    func makePodTemplate(
        for job: TrainingJobSpecification, host: String, names: KubeObjectName, resources: InstanceResources
    ) -> JSONValue {
        var spec: [String: JSONValue] = [
            "hostname": .string(host),
            "dnsPolicy": "ClusterFirst",
            "restartPolicy": "Never",
            "terminationGracePeriodSeconds": .int(Int64(Self.terminationGracePeriodSeconds)),
            "serviceAccountName": .string(settings.serviceAccountName),
            "automountServiceAccountToken": false,
            "enableServiceLinks": false,
            "volumes": .array(makeVolumes(for: job, host: host, names: names)),
            "initContainers": [makeStageContainer(for: job, host: host)],
            "containers": [
                makeAlgorithmContainer(for: job, host: host, resources: resources),
                makeRuntimeContainer(for: job, host: host),
            ],
        ]
        if job.instanceCount > 1 {
            let search = "\(names.service).\(settings.namespace).svc.\(settings.clusterDomain)"
            spec["subdomain"] = .string(names.service)
            spec["dnsConfig"] = ["searches": [.string(search)]]
        }
        if !resources.nodeSelector.isEmpty { spec["nodeSelector"] = .strings(resources.nodeSelector) }
        let labels = jobLabels(names).merging([KubeLabels.host: host, KubeLabels.role: "host"]) { $1 }
        return [
            "metadata": ["labels": .strings(labels), "annotations": .strings(jobAnnotations(job))],
            "spec": .object(spec),
        ]
    }

    /// `ml` (the ML root, sized by `VolumeSizeInGB`), `config` (this host's `input/config` files), `job` (the
    /// runtime's job document), `runtime-token` (the service-account token, for the runtime only) and, when
    /// `CheckpointConfig.LocalPath` lies outside `/opt/ml`, `checkpoints`.
    func makeVolumes(for job: TrainingJobSpecification, host: String, names: KubeObjectName) -> [JSONValue] {
        var configItems: [JSONValue] = [
            Self.item(ConfigurationKeys.hyperParameters),
            Self.item(ConfigurationKeys.inputDataConfig),
            Self.item(ConfigurationKeys.resourceConfig(for: host), as: ConfigurationKeys.resourceConfigFile),
        ]
        if job.checkpoint != nil { configItems.append(Self.item(ConfigurationKeys.checkpointConfig)) }
        var volumes: [JSONValue] = [
            ["name": "ml", "emptyDir": ["sizeLimit": .string(Self.volumeSize(job))]],
            [
                "name": "config",
                "configMap": [
                    "name": .string(names.configuration), "items": .array(configItems), "defaultMode": 0o444,
                ],
            ],
            [
                "name": "job",
                "configMap": [
                    "name": .string(names.configuration), "items": [Self.item(ConfigurationKeys.job)],
                    "defaultMode": 0o444,
                ],
            ],
            [
                "name": "runtime-token",
                "projected": [
                    "defaultMode": 0o444,
                    "sources": [
                        ["serviceAccountToken": ["path": "token", "expirationSeconds": 3607]],
                        ["configMap": ["name": "kube-root-ca.crt", "items": [Self.item("ca.crt")]]],
                        [
                            "downwardAPI": [
                                "items": [
                                    [
                                        "path": "namespace",
                                        "fieldRef": ["apiVersion": "v1", "fieldPath": "metadata.namespace"],
                                    ]
                                ]
                            ]
                        ],
                    ],
                ],
            ],
        ]
        if Self.separateCheckpointPath(job) != nil {
            volumes.append(["name": "checkpoints", "emptyDir": .object([:])])
        }
        return volumes
    }

    /// The mounts every container of the job shares: the ML root, and the checkpoint directory when separate.
    func sharedMounts(for job: TrainingJobSpecification) -> [JSONValue] {
        var mounts: [JSONValue] = [["name": "ml", "mountPath": .string(PodPaths.mlRoot)]]
        if let path = Self.separateCheckpointPath(job) {
            mounts.append(["name": "checkpoints", "mountPath": .string(path)])
        }
        return mounts
    }

    /// `CheckpointConfig.LocalPath` when it lies outside `/opt/ml` (and so needs a volume of its own).
    static func separateCheckpointPath(_ job: TrainingJobSpecification) -> String? {
        guard let local = job.checkpoint?.localPath else { return nil }
        let root = ContainerContract.containerRoot
        return local == root || local.hasPrefix(root + "/") ? nil : local
    }

    /// `VolumeSizeInGB` as a quantity (GiB, as EBS volumes are sized).
    static func volumeSize(_ job: TrainingJobSpecification) -> String { "\(max(1, job.volumeSizeInGB))Gi" }

    /// A ConfigMap volume item.
    static func item(_ key: String, as path: String? = nil) -> JSONValue {
        ["key": .string(key), "path": .string(path ?? key)]
    }
}
