import Testing

@testable import S3Client

@Suite struct MultipartUploadMachineTests {
    private let mebibyte: Int64 = 1024 * 1024

    @Test func partPlansCoverTheObjectAndGrowPastTenThousandParts() {
        let plan = PartPlan(size: 12 * mebibyte + 1, preferredPartSize: 5 * mebibyte)
        #expect(plan.count == 3)
        #expect(plan.parts.map(\.length) == [5 * mebibyte, 5 * mebibyte, 2 * mebibyte + 1])
        #expect(plan.part(3).rangeHeader == "bytes=\(10 * mebibyte)-\(12 * mebibyte)")
        let huge = PartPlan(size: 100 * 1024 * mebibyte, preferredPartSize: 5 * mebibyte)
        #expect(huge.count <= 10_000)
        #expect(huge.partSize % mebibyte == 0)
        #expect(huge.parts.reduce(0) { $0 + $1.length } == huge.size)
        #expect(
            PartPlan(size: 0, preferredPartSize: 5 * mebibyte).parts == [PartPlan.Part(number: 1, offset: 0, length: 0)]
        )
    }

    @Test func uploadsPartsWithBoundedConcurrencyAndCompletesInOrder() {
        var machine = MultipartUploadMachine(
            plan: PartPlan(size: 4 * 5 * mebibyte, preferredPartSize: 5 * mebibyte), concurrency: 2)
        #expect(machine.start() == [.initiate])
        let first = machine.initiated(uploadID: "U")
        #expect(first.count == 2)
        #expect(machine.partUploaded(number: 2, eTag: "\"b\"").count == 1)  // part 3 starts
        #expect(machine.partUploaded(number: 1, eTag: "\"a\"").count == 1)  // part 4 starts
        #expect(machine.partUploaded(number: 4, eTag: "\"d\"").isEmpty)
        let completion = machine.partUploaded(number: 3, eTag: "\"c\"")
        #expect(
            completion == [
                .complete(
                    uploadID: "U",
                    parts: [
                        .init(number: 1, eTag: "\"a\""), .init(number: 2, eTag: "\"b\""),
                        .init(number: 3, eTag: "\"c\""), .init(number: 4, eTag: "\"d\""),
                    ])
            ])
        #expect(machine.completed(eTag: "\"abcd-4\"") == [.finish(.success("\"abcd-4\""))])
        #expect(machine.isFinished)
    }

    @Test func aPartFailureAbortsAndLaterEventsAreIgnored() {
        var machine = MultipartUploadMachine(
            plan: PartPlan(size: 3 * 5 * mebibyte, preferredPartSize: 5 * mebibyte), concurrency: 3)
        _ = machine.start()
        _ = machine.initiated(uploadID: "U")
        #expect(
            machine.partFailed(number: 2, reason: "SlowDown") == [.abort(uploadID: "U", failure: "part 2: SlowDown")])
        #expect(machine.partUploaded(number: 1, eTag: "x").isEmpty)
        #expect(machine.partFailed(number: 3, reason: "late").isEmpty)
        #expect(
            machine.aborted() == [.finish(.failure(MultipartUploadFailure(reason: "part 2: SlowDown")))])
    }

    @Test func completionErrorsAndCancellationAbort() {
        var machine = MultipartUploadMachine(
            plan: PartPlan(size: 5 * mebibyte, preferredPartSize: 5 * mebibyte), concurrency: 1)
        _ = machine.start()
        _ = machine.initiated(uploadID: "U")
        _ = machine.partUploaded(number: 1, eTag: "a")
        #expect(machine.completionFailed("InternalError") == [.abort(uploadID: "U", failure: "InternalError")])
        #expect(
            machine.aborted(error: "NoSuchUpload")
                == [
                    .finish(
                        .failure(
                            MultipartUploadFailure(
                                reason: "InternalError; aborting the upload also failed: NoSuchUpload")))
                ])
        var early = MultipartUploadMachine(
            plan: PartPlan(size: 5 * mebibyte, preferredPartSize: 5 * mebibyte), concurrency: 1)
        _ = early.start()
        #expect(early.cancel(reason: "cancelled") == [.finish(.failure(MultipartUploadFailure(reason: "cancelled")))])
        var failing = MultipartUploadMachine(
            plan: PartPlan(size: 5 * mebibyte, preferredPartSize: 5 * mebibyte), concurrency: 1)
        _ = failing.start()
        #expect(
            failing.initiationFailed("AccessDenied") == [
                .finish(.failure(MultipartUploadFailure(reason: "AccessDenied")))
            ])
    }
}
