import ArgumentParser
import Foundation
import KubeBackend
import KubernetesClient

/// The Kubernetes backend's settings, resolved once from flags, then environment variables, then defaults.
struct KubeSettings {
    var configuration: KubernetesConfiguration
    var manifests: ManifestSettings

    init(command: SageServerCommand, environment: [String: String], region: String, s3Endpoint: String?) throws {
        func value(_ flag: String?, _ variable: String) -> String? {
            flag ?? environment[variable].flatMap { $0.isEmpty ? nil : $0 }
        }
        do {
            configuration = try KubernetesConfiguration.load(
                context: value(command.kubeContext, "SAGE_KUBE_CONTEXT"), environment: environment)
        } catch {
            throw ValidationError("the Kubernetes configuration cannot be loaded: \(error)")
        }
        let namespace = value(command.kubeNamespace, "SAGE_KUBE_NAMESPACE") ?? configuration.namespace
        var manifests = ManifestSettings(namespace: namespace, region: region)
        manifests.s3EndpointURL = s3Endpoint
        if let image = value(command.kubeRuntimeImage, "SAGE_KUBE_RUNTIME_IMAGE") { manifests.runtimeImage = image }
        if let secret = value(command.kubeS3Secret, "SAGE_KUBE_S3_SECRET") { manifests.s3SecretName = secret }
        if let path = value(command.kubeInstanceTypes, "SAGE_KUBE_INSTANCE_TYPES") {
            guard let data = FileManager.default.contents(atPath: path) else {
                throw ValidationError("the instance-type table \(path) cannot be read")
            }
            do {
                manifests.instanceTypes = try InstanceTypeTable(parsing: String(decoding: data, as: UTF8.self))
            } catch {
                throw ValidationError("the instance-type table \(path) is invalid: \(error.message)")
            }
        }
        if let policy = value(command.kubeImagePullPolicy, "SAGE_KUBE_IMAGE_PULL_POLICY") {
            guard let parsed = ManifestSettings.ImagePullPolicy(rawValue: policy) else {
                throw ValidationError("the image pull policy must be Always, IfNotPresent or Never, not '\(policy)'")
            }
            manifests.imagePullPolicy = parsed
        }
        self.manifests = manifests
    }
}
