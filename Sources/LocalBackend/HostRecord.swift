import Foundation
import LocalProcess

/// The identities of a job's host processes, kept in the job's directory so that a restarted server can find and
/// stop processes it no longer supervises.
enum HostRecord {
    static func save(_ identities: [ProcessIdentity], in directory: String) {
        guard let data = try? JSONEncoder().encode(identities) else { return }
        try? data.write(to: URL(fileURLWithPath: directory + "/hosts.json"), options: .atomic)
    }

    static func load(from directory: String) -> [ProcessIdentity] {
        guard let data = FileManager.default.contents(atPath: directory + "/hosts.json") else { return [] }
        return (try? JSONDecoder().decode([ProcessIdentity].self, from: data)) ?? []
    }
}
