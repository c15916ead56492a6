import ServiceModel
import Testing
import TrainingJobs

@testable import SageAPI

@Suite("ListTrainingJobs filters, order and pagination")
struct TrainingJobQueryTests {
    /// Jobs a, b, c, ... created one second apart; every third one completed.
    let jobs: [TrainingJob] = (0..<10).map { index in
        var job = TrainingJob(
            name: "job-\(Character(UnicodeScalar(UInt8(106 - index))))", arn: "arn:\(index)", request: [:], tags: [],
            creationTime: Double(100 + index))
        if index % 3 == 0 { try? job.handle(.uploadFinished(modelArtifacts: nil), at: Double(200 + index)) }
        return job
    }

    func walk(_ input: [String: JSONValue]) throws -> [String] {
        var names: [String] = []
        var token: String?
        repeat {
            var request = input
            if let token { request["NextToken"] = .string(token) }
            let query = try TrainingJobQuery(input: .object(request))
            let page = query.page(over: jobs.map(JobListingEntry.init))
            #expect(page.keys.count <= query.maxResults)
            names += page.keys
            token = page.nextToken
        } while token != nil
        return names
    }

    @Test func pagesByCreationTimeInBothOrders() throws {
        let ascending = try walk(["MaxResults": 3])
        #expect(ascending == jobs.map(\.name))
        let descending = try walk(["MaxResults": 4, "SortOrder": "Descending"])
        #expect(descending == jobs.map(\.name).reversed())
    }

    @Test func pagesByNameAndStatus() throws {
        #expect(try walk(["MaxResults": 3, "SortBy": "Name"]) == jobs.map(\.name).sorted())
        // One result per page selects the smallest keys without sorting every candidate.
        #expect(
            try walk(["MaxResults": 1, "SortBy": "Name", "SortOrder": "Descending"])
                == jobs.map(\.name).sorted().reversed())
        let byStatus = try walk(["MaxResults": 2, "SortBy": "Status"])
        #expect(byStatus.count == jobs.count)
        #expect(Set(byStatus.prefix(4)) == Set(jobs.filter { $0.status == .completed }.map(\.name)))
    }

    @Test func filters() throws {
        #expect(try walk(["StatusEquals": "Completed"]).count == 4)
        #expect(try walk(["NameContains": "JOB-J"]) == ["job-j"])
        #expect(try walk(["CreationTimeAfter": 105, "CreationTimeBefore": 108]) == ["job-d", "job-c"])
        #expect(try walk(["LastModifiedTimeAfter": 150]).count == 4)
        #expect(try walk(["LastModifiedTimeBefore": 150]).count == 6)
    }

    @Test func aTokenForAnotherOrderIsRejected() throws {
        let page = try TrainingJobQuery(input: ["MaxResults": 2]).page(over: jobs.map(JobListingEntry.init))
        let token = try #require(page.nextToken)
        #expect(throws: TrainingJobQuery.InvalidToken.self) {
            try TrainingJobQuery(input: ["NextToken": .string(token), "SortBy": "Name"])
        }
        #expect(throws: TrainingJobQuery.InvalidToken.self) { try TrainingJobQuery(input: ["NextToken": "garbage"]) }
    }
}
