import TrainingJobs

/// What ListTrainingJobs filters and sorts on, kept beside each job so listing never copies whole jobs.
struct JobListingEntry: Sendable, Equatable {
    /// The store's key: the lower-cased name.
    var key: String
    var name: String
    var creationTime: Double
    var lastModifiedTime: Double
    var status: TrainingJobStatus

    init(_ job: TrainingJob) {
        key = job.name.lowercased()
        name = job.name
        creationTime = job.creationTime
        lastModifiedTime = job.lastModifiedTime
        status = job.status
    }

    /// Whether the lower-cased name contains `needle` (lower-cased ASCII bytes); names are ASCII by their pattern.
    func nameContains(_ needle: [UInt8]) -> Bool {
        guard !needle.isEmpty else { return true }
        var found = false
        var key = key
        key.withUTF8 { haystack in
            guard haystack.count >= needle.count else { return }
            let first = needle[0]
            var start = 0
            while start <= haystack.count - needle.count {
                if haystack[start] == first {
                    var offset = 1
                    while offset < needle.count, haystack[start + offset] == needle[offset] { offset += 1 }
                    if offset == needle.count {
                        found = true
                        return
                    }
                }
                start += 1
            }
        }
        return found
    }
}
