import Foundation
import HTTPTypes
import Hummingbird
import NIOCore
import ServiceModel
import TrainingJobs

/// The original simple REST API, mapped onto the SageMaker operations: `POST /jobs`, `GET /jobs`,
/// `GET /jobs/{name}`, `GET /jobs/{name}/logs` and `DELETE /jobs/{name}` (stop).
struct JobsAliasRoutes: Sendable {
    let operations: TrainingJobOperations
    let logs: LogStore
    let identity: ServiceIdentity
    let defaultOutputPath: String
    /// When set, every `/jobs` request must be SigV4-signed (for example `curl --aws-sigv4 aws:amz:REGION:sagemaker`).
    let authenticator: RequestAuthenticator?

    /// The largest `POST /jobs` body accepted.
    static let maximumBodySize = 1024 * 1024

    func register(on router: Router<BasicRequestContext>) {
        router.post("/jobs") { request, _ in
            var request = request
            guard let body = try? await request.collectBody(upTo: Self.maximumBodySize) else {
                return Self.json(.contentTooLarge, ["error": .string("the body exceeds \(Self.maximumBodySize) bytes")])
            }
            if let denied = authorize(request, body: body) { return denied }
            return await self.create(body)
        }
        router.get("/jobs") { request, _ in authorize(request) ?? self.list(request) }
        router.get("/jobs/:name") { request, context in
            authorize(request) ?? self.describe(context.parameters.get("name") ?? "")
        }
        router.get("/jobs/:name/logs") { request, context in
            if let denied = authorize(request) { return denied }
            return await self.logs(request, name: context.parameters.get("name") ?? "")
        }
        router.delete("/jobs/:name") { request, context in
            if let denied = authorize(request) { return denied }
            return await self.stop(context.parameters.get("name") ?? "")
        }
    }

    /// The response refusing `request`, or nil when it may go on.
    private func authorize(_ request: Request, body: ByteBuffer = ByteBuffer()) -> Response? {
        guard let authenticator else { return nil }
        do {
            try authenticator.authenticate(request, body: body, service: "sagemaker")
            return nil
        } catch {
            return Self.json(.forbidden, ["error": .string("\(error.code): \(error.message)")])
        }
    }

    private func create(_ body: ByteBuffer) async -> Response {
        do {
            let document = try body.withUnsafeReadableBytes { try JSONValue(parsing: $0) }
            let alias = try JobsAliasRequest(body: document)
            let sageMakerRequest = try ServiceModel.sageMaker.validateInput(
                of: "CreateTrainingJob",
                alias.createTrainingJobRequest(identity: identity, outputPath: defaultOutputPath))
            _ = try await operations.create(sageMakerRequest)
            return Self.json(.created, summary(of: alias.jobName) ?? [:])
        } catch let error as JobsAliasRequest.FieldError {
            return Self.unprocessable(field: error.field, reason: error.reason)
        } catch let error as JSONParseError {
            return Self.unprocessable(field: "body", reason: "not valid JSON: \(error)")
        } catch let error as RequestValidationError {
            return Self.unprocessable(field: "body", reason: error.message)
        } catch let error as AWSServiceError where error.code == "ResourceInUse" {
            return Self.json(.conflict, ["error": .string(error.message)])
        } catch let error as AWSServiceError {
            return Self.unprocessable(field: "body", reason: error.message)
        } catch {
            return Self.json(.internalServerError, ["error": "internal error"])
        }
    }

    private func list(_ request: Request) -> Response {
        let status = request.uri.queryParameters.get("status")
        if let status, TrainingJobStatus(rawValue: status) == nil {
            return Self.unprocessable(
                field: "status", reason: "must be one of InProgress, Completed, Failed, Stopping, Stopped")
        }
        let limit = request.uri.queryParameters.get("limit", as: Int.self).map { min(max($0, 1), 1_000) } ?? 100
        let keys = operations.store.listingEntries().reversed().lazy
            .filter { status == nil || $0.status.rawValue == status }.prefix(limit).map(\.key)
        let jobs = operations.store.jobs(withKeys: Array(keys)).map(Self.summary)
        return Self.json(.ok, ["jobs": .array(jobs)])
    }

    private func describe(_ name: String) -> Response {
        guard let summary = summary(of: name) else { return Self.notFound(name) }
        return Self.json(.ok, summary)
    }

    private func logs(_ request: Request, name: String) async -> Response {
        guard let job = operations.store.job(named: name) else { return Self.notFound(name) }
        let limit = request.uri.queryParameters.get("limit", as: Int.self).map { min(max($0, 1), 10_000) } ?? 10_000
        do {
            let lines = try await logs.events(
                inStreams: nil, prefix: job.name + "/", after: nil, startTime: nil, endTime: nil, limit: limit)
            return Self.json(
                .ok,
                [
                    "job_name": .string(job.name),
                    "logs": .array(
                        lines.map { line in
                            .object([
                                "stream": .string(line.stream), "timestamp": .int(line.timestamp),
                                "message": .string(line.message),
                            ])
                        }),
                ])
        } catch {
            return Self.json(.internalServerError, ["error": "internal error"])
        }
    }

    private func stop(_ name: String) async -> Response {
        do {
            _ = try await operations.stop(["TrainingJobName": .string(name)])
            return Self.json(.accepted, summary(of: name) ?? [:])
        } catch let error as AWSServiceError where error == .resourceNotFound {
            return Self.notFound(name)
        } catch let error as AWSServiceError {
            return Self.json(.conflict, ["error": .string(error.message)])
        } catch {
            return Self.json(.internalServerError, ["error": "internal error"])
        }
    }

    private func summary(of name: String) -> JSONValue? {
        operations.store.job(named: name).map(Self.summary)
    }

    static func summary(_ job: TrainingJob) -> JSONValue {
        let specification = TrainingJobSpecification(name: job.name, arn: job.arn, request: job.request)
        var summary: [String: JSONValue] = [
            "job_name": .string(job.name),
            "arn": .string(job.arn),
            "image": .string(specification.trainingImage),
            "status": .string(job.status.rawValue),
            "secondary_status": .string(job.secondaryStatus.rawValue),
            "world_size": .int(Int64(specification.instanceCount)),
            "hyperparameters": .object(specification.hyperParameters.mapValues { .string($0) }),
            "created_at": .double(job.creationTime),
            "metrics": .object(Dictionary(job.finalMetrics.map { ($0.metricName, JSONValue.double($0.value)) }) { $1 }),
        ]
        if let start = job.trainingStartTime { summary["started_at"] = .double(start) }
        if let end = job.trainingEndTime { summary["ended_at"] = .double(end) }
        if let reason = job.failureReason { summary["failure_reason"] = .string(reason) }
        if let artifacts = job.modelArtifacts { summary["model_artifacts"] = .string(artifacts) }
        return .object(summary)
    }

    static func json(_ status: HTTPResponse.Status, _ body: JSONValue) -> Response {
        var headers = HTTPFields()
        headers[.contentType] = "application/json"
        return Response(
            status: status, headers: headers, body: ResponseBody(byteBuffer: ByteBuffer(bytes: body.serialized())))
    }

    static func unprocessable(field: String, reason: String) -> Response {
        json(
            .unprocessableContent,
            [
                "detail": [["loc": ["body", .string(field)], "field": .string(field), "reason": .string(reason)]]
            ])
    }

    static func notFound(_ name: String) -> Response {
        json(.notFound, ["error": .string("training job \(name) not found")])
    }
}
