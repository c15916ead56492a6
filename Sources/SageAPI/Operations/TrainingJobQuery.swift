import Foundation
import ServiceModel
import TrainingJobs

/// A ListTrainingJobs request: filters, order and the page to return.
///
/// Pagination is by key, not offset: the token holds the sort key of the last job returned, so jobs created or
/// deleted between pages neither repeat nor go missing.
struct TrainingJobQuery: Sendable, Equatable {
    enum SortField: String, Sendable { case name = "Name", creationTime = "CreationTime", status = "Status" }

    var nameContains: [UInt8]?
    var status: TrainingJobStatus?
    var creationTimeAfter: Double?
    var creationTimeBefore: Double?
    var lastModifiedTimeAfter: Double?
    var lastModifiedTimeBefore: Double?
    var sortBy: SortField = .creationTime
    var ascending = true
    var maxResults = 10
    var after: SortKey?

    /// The position of a job in a listing.
    struct SortKey: Sendable, Equatable {
        var primary: String
        var creationTime: Double
        var name: String
    }

    /// A token that does not come from a previous page.
    struct InvalidToken: Error {}

    /// Reads a validated ListTrainingJobs input.
    init(input: JSONValue) throws(InvalidToken) {
        nameContains = input["NameContains"]?.stringValue.map { Array($0.lowercased().utf8) }
        status = input["StatusEquals"]?.stringValue.flatMap(TrainingJobStatus.init(rawValue:))
        creationTimeAfter = input["CreationTimeAfter"]?.doubleValue
        creationTimeBefore = input["CreationTimeBefore"]?.doubleValue
        lastModifiedTimeAfter = input["LastModifiedTimeAfter"]?.doubleValue
        lastModifiedTimeBefore = input["LastModifiedTimeBefore"]?.doubleValue
        sortBy = input["SortBy"]?.stringValue.flatMap(SortField.init(rawValue:)) ?? .creationTime
        ascending = input["SortOrder"]?.stringValue != "Descending"
        maxResults = Int(input["MaxResults"]?.int64Value ?? 10)
        if let token = input["NextToken"]?.stringValue {
            after = try Self.decode(token: token, sortBy: sortBy, ascending: ascending)
        }
    }

    /// Whether `job` passes the filters.
    func matches(_ job: JobListingEntry) -> Bool {
        if let status, job.status != status { return false }
        if let nameContains, !job.nameContains(nameContains) { return false }
        if let creationTimeAfter, !(job.creationTime > creationTimeAfter) { return false }
        if let creationTimeBefore, !(job.creationTime < creationTimeBefore) { return false }
        if let lastModifiedTimeAfter, !(job.lastModifiedTime > lastModifiedTimeAfter) { return false }
        if let lastModifiedTimeBefore, !(job.lastModifiedTime < lastModifiedTimeBefore) { return false }
        return true
    }

    /// The sort key of `job` under this query's order.
    func key(of job: JobListingEntry) -> SortKey {
        let primary =
            switch sortBy {
            case .name: job.name
            case .status: job.status.rawValue
            case .creationTime: ""
            }
        return SortKey(primary: primary, creationTime: job.creationTime, name: job.name)
    }

    /// Whether `lhs` sorts before `rhs` in ascending order.
    static func precedes(_ lhs: SortKey, _ rhs: SortKey) -> Bool {
        (lhs.primary, lhs.creationTime, lhs.name) < (rhs.primary, rhs.creationTime, rhs.name)
    }

    /// One page over `jobs` (the store's listing entries), as the keys of the jobs to return, and the next token.
    ///
    /// `jobs` must be sorted by creation time (then name); listing by creation time then stops after one page, and
    /// other orders sort only the keys of the jobs that pass the filters.
    func page(over jobs: some BidirectionalCollection<JobListingEntry>) -> (keys: [String], nextToken: String?) {
        let ordered = { (lhs: SortKey, rhs: SortKey) in
            ascending ? Self.precedes(lhs, rhs) : Self.precedes(rhs, lhs)
        }
        if sortBy == .creationTime {
            return ascending ? pageInOrder(jobs, ordered) : pageInOrder(jobs.reversed(), ordered)
        }
        var candidates: [(key: SortKey, storeKey: String)] = []
        for job in jobs where matches(job) {
            let key = key(of: job)
            if let after, !ordered(after, key) { continue }
            candidates.append((key, job.key))
        }
        let page: ArraySlice<(key: SortKey, storeKey: String)>
        if candidates.count > 4 * (maxResults + 1) {
            var smallest = Array(candidates.prefix(0))
            smallest.reserveCapacity(maxResults + 1)
            for candidate in candidates {
                if smallest.count == maxResults + 1 {
                    guard ordered(candidate.key, smallest[maxResults].key) else { continue }
                    smallest.removeLast()
                }
                let index = smallest.partitioningIndex { ordered(candidate.key, $0.key) }
                smallest.insert(candidate, at: index)
            }
            page = smallest[...]
        } else {
            candidates.sort { ordered($0.key, $1.key) }
            page = candidates[...]
        }
        let returned = page.prefix(maxResults)
        let nextToken = page.count > maxResults ? returned.last.map { token(for: $0.key) } : nil
        return (returned.map(\.storeKey), nextToken)
    }

    private func pageInOrder(
        _ jobs: some Sequence<JobListingEntry>, _ ordered: (SortKey, SortKey) -> Bool
    ) -> (keys: [String], nextToken: String?) {
        var page: [JobListingEntry] = []
        for job in jobs where matches(job) {
            if let after, !ordered(after, key(of: job)) { continue }
            if page.count == maxResults {
                return (page.map(\.key), page.last.map { token(for: key(of: $0)) })
            }
            page.append(job)
        }
        return (page.map(\.key), nil)
    }

    private func token(for key: SortKey) -> String {
        let document: JSONValue = [
            "s": .string(sortBy.rawValue), "a": .bool(ascending), "p": .string(key.primary),
            "c": .double(key.creationTime), "n": .string(key.name),
        ]
        return Data(document.serialized()).base64EncodedString()
    }

    private static func decode(token: String, sortBy: SortField, ascending: Bool) throws(InvalidToken) -> SortKey {
        guard let data = Data(base64Encoded: token), let document = try? JSONValue(parsing: [UInt8](data)),
            document["s"]?.stringValue == sortBy.rawValue, document["a"]?.boolValue == ascending,
            let primary = document["p"]?.stringValue, let creationTime = document["c"]?.doubleValue,
            let name = document["n"]?.stringValue
        else { throw InvalidToken() }
        return SortKey(primary: primary, creationTime: creationTime, name: name)
    }
}

extension Array {
    /// The first index whose element satisfies `belongsInSecondPartition`, for an array partitioned by it.
    fileprivate func partitioningIndex(where belongsInSecondPartition: (Element) -> Bool) -> Int {
        var low = 0
        var high = count
        while low < high {
            let middle = (low + high) / 2
            if belongsInSecondPartition(self[middle]) { high = middle } else { low = middle + 1 }
        }
        return low
    }
}
