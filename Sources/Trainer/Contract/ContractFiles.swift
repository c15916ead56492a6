import Foundation

/// Reads the JSON files of `input/config` under an ML root.
struct ContractFiles {
    /// The ML root.
    let root: String

    /// `resourceconfig.json`'s hosts.
    struct Resources {
        /// This host.
        var currentHost = "algo-1"
        /// All hosts.
        var hosts = ["algo-1"]
    }

    /// `hyperparameters.json`: an object whose values SageMaker writes as strings (numbers and booleans are
    /// accepted too). Absent → empty.
    func hyperparameters() throws(TrainerError) -> [String: String] {
        guard let object = try document("hyperparameters.json") else { return [:] }
        var result: [String: String] = [:]
        for (key, value) in object {
            switch value {
            case let text as String: result[key] = text
            case let number as NSNumber: result[key] = number.stringValue
            default: throw .configuration("hyperparameters.json: the value of '\(key)' is not a string")
            }
        }
        return result
    }

    /// `resourceconfig.json`; absent → a single host `algo-1`.
    func resourceConfig() throws(TrainerError) -> Resources {
        guard let object = try document("resourceconfig.json") else { return Resources() }
        guard let current = object["current_host"] as? String, let hosts = object["hosts"] as? [String],
            !hosts.isEmpty, hosts.contains(current)
        else {
            throw .configuration("resourceconfig.json needs 'current_host' and a 'hosts' list that contains it")
        }
        return Resources(currentHost: current, hosts: hosts)
    }

    /// The channels of `inputdataconfig.json` with their directories (`SM_CHANNEL_<NAME>` wins over
    /// `input/data/<name>`); without the file, the directories under `input/data`.
    func channels(environment: [String: String]) throws(TrainerError) -> [String: String] {
        let names: [String]
        if let object = try document("inputdataconfig.json") {
            names = Array(object.keys)
        } else {
            names = (try? FileManager.default.contentsOfDirectory(atPath: root + "/input/data")) ?? []
        }
        var result: [String: String] = [:]
        for name in names {
            let variable = "SM_CHANNEL_" + String(name.uppercased().map { $0.isLetter || $0.isNumber ? $0 : "_" })
            result[name] = environment[variable].flatMap { $0.isEmpty ? nil : $0 } ?? root + "/input/data/" + name
        }
        return result
    }

    /// The checkpoint directory when `checkpointconfig.json` exists: `SM_CHECKPOINT_DIR`, else its `LocalPath`
    /// (moved under the ML root when that is not `/opt/ml`), else `checkpoints/`.
    func checkpointDirectory(environment: [String: String]) throws(TrainerError) -> String? {
        guard let object = try document("checkpointconfig.json") else { return nil }
        if let directory = environment["SM_CHECKPOINT_DIR"], !directory.isEmpty { return directory }
        let container = TrainingEnvironment.containerRoot
        guard let local = object["LocalPath"] as? String, !local.isEmpty else { return root + "/checkpoints" }
        if root != container, local == container || local.hasPrefix(container + "/") {
            return root + local.dropFirst(container.count)
        }
        return local
    }

    /// The JSON object in `input/config/<name>`, or nil when the file does not exist.
    private func document(_ name: String) throws(TrainerError) -> [String: Any]? {
        let path = root + "/input/config/" + name
        guard FileManager.default.fileExists(atPath: path) else { return nil }
        guard let data = FileManager.default.contents(atPath: path) else {
            throw .configuration("\(name) cannot be read (\(path))")
        }
        guard let object = try? JSONSerialization.jsonObject(with: data) as? [String: Any] else {
            throw .configuration("\(name) is not a JSON object (\(path))")
        }
        return object
    }
}
