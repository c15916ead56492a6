/// The protocol of one multipart upload as a value-type state machine: events in, actions out, no I/O.
///
/// Initiate, upload parts with at most `concurrency` in flight, complete with the parts' ETags in order; any part
/// failure (after the request-level retries) or a cancellation aborts the upload so that no parts are left billed.
public struct MultipartUploadMachine: Sendable {
    /// What the caller must do next.
    public enum Action: Sendable, Equatable {
        /// Send CreateMultipartUpload.
        case initiate
        /// Send UploadPart for this part of the file.
        case uploadPart(uploadID: String, part: PartPlan.Part)
        /// Send CompleteMultipartUpload with these (number, ETag) pairs, in order.
        case complete(uploadID: String, parts: [CompletedPart])
        /// Send AbortMultipartUpload; then report `failure`.
        case abort(uploadID: String, failure: String)
        /// The upload is over: completed, or failed with the reason (already aborted when there was an upload).
        case finish(Result<String, MultipartUploadFailure>)
    }

    /// A part S3 accepted.
    public struct CompletedPart: Sendable, Equatable {
        /// The part number.
        public var number: Int
        /// The ETag S3 returned for it.
        public var eTag: String
    }

    private enum State: Sendable {
        case idle
        case initiating
        case uploading(uploadID: String)
        case completing(uploadID: String)
        case aborting(failure: String)
        case finished
    }

    /// The parts to upload.
    public let plan: PartPlan
    /// Parts in flight at most.
    public let concurrency: Int
    private var state = State.idle
    private var nextPart = 1
    private var inFlight = Set<Int>()
    private var done: [Int: String] = [:]

    /// A machine for uploading `plan` with at most `concurrency` parts in flight.
    public init(plan: PartPlan, concurrency: Int) {
        self.plan = plan
        self.concurrency = max(1, concurrency)
    }

    /// Whether the machine has finished.
    public var isFinished: Bool {
        if case .finished = state { return true }
        return false
    }

    /// Starts the upload.
    public mutating func start() -> [Action] {
        guard case .idle = state else { return [] }
        state = .initiating
        return [.initiate]
    }

    /// CreateMultipartUpload answered with an upload ID.
    public mutating func initiated(uploadID: String) -> [Action] {
        guard case .initiating = state else { return [] }
        state = .uploading(uploadID: uploadID)
        return fill(uploadID: uploadID)
    }

    /// CreateMultipartUpload failed: nothing to abort.
    public mutating func initiationFailed(_ reason: String) -> [Action] {
        guard case .initiating = state else { return [] }
        state = .finished
        return [.finish(.failure(MultipartUploadFailure(reason: reason)))]
    }

    /// A part was uploaded.
    public mutating func partUploaded(number: Int, eTag: String) -> [Action] {
        guard case .uploading(let uploadID) = state, inFlight.remove(number) != nil else { return [] }
        done[number] = eTag
        if done.count == plan.count {
            state = .completing(uploadID: uploadID)
            let parts = done.keys.sorted().map { CompletedPart(number: $0, eTag: done[$0]!) }
            return [.complete(uploadID: uploadID, parts: parts)]
        }
        return fill(uploadID: uploadID)
    }

    /// A part failed for good: abort.
    public mutating func partFailed(number: Int, reason: String) -> [Action] {
        guard case .uploading(let uploadID) = state, inFlight.remove(number) != nil else { return [] }
        return beginAbort(uploadID: uploadID, failure: "part \(number): \(reason)")
    }

    /// CompleteMultipartUpload succeeded with the object's ETag.
    public mutating func completed(eTag: String) -> [Action] {
        guard case .completing = state else { return [] }
        state = .finished
        return [.finish(.success(eTag))]
    }

    /// CompleteMultipartUpload failed (also a 200 carrying an `<Error>`): abort.
    public mutating func completionFailed(_ reason: String) -> [Action] {
        guard case .completing(let uploadID) = state else { return [] }
        return beginAbort(uploadID: uploadID, failure: reason)
    }

    /// The caller gave up (cancellation, a local read error): abort when there is an upload.
    public mutating func cancel(reason: String) -> [Action] {
        switch state {
        case .idle, .initiating:
            state = .finished
            return [.finish(.failure(MultipartUploadFailure(reason: reason)))]
        case .uploading(let uploadID), .completing(let uploadID):
            return beginAbort(uploadID: uploadID, failure: reason)
        case .aborting, .finished:
            return []
        }
    }

    /// AbortMultipartUpload was sent (whatever its outcome): report the failure.
    public mutating func aborted(error: String? = nil) -> [Action] {
        guard case .aborting(let failure) = state else { return [] }
        state = .finished
        let detail = error.map { "; aborting the upload also failed: \($0)" } ?? ""
        return [.finish(.failure(MultipartUploadFailure(reason: failure + detail)))]
    }

    private mutating func fill(uploadID: String) -> [Action] {
        var actions: [Action] = []
        while inFlight.count < concurrency && nextPart <= plan.count {
            inFlight.insert(nextPart)
            actions.append(.uploadPart(uploadID: uploadID, part: plan.part(nextPart)))
            nextPart += 1
        }
        return actions
    }

    private mutating func beginAbort(uploadID: String, failure: String) -> [Action] {
        state = .aborting(failure: failure)
        inFlight.removeAll()
        return [.abort(uploadID: uploadID, failure: failure)]
    }
}

/// Why a multipart upload failed.
public struct MultipartUploadFailure: Error, Sendable, Equatable, CustomStringConvertible {
    /// The reason, with the S3 error when there was one.
    public var reason: String
    public var description: String { "multipart upload failed: \(reason)" }
}
