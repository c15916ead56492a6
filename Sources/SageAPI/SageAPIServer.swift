import Foundation
import HTTPTypes
import Hummingbird
import Logging
import NIOCore
import ServiceLifecycle
import ServiceModel
import TrainingJobs

/// Builds the server: the store, the log store, the coordinator over a backend, and the HTTP application.
public enum SageAPIServer {
    /// Opens the platform in the state directory and returns the application, ready to `runService()`; the
    /// application closes the platform when it shuts down.
    /// With `records`, jobs are kept there (the cluster) instead of in the state directory's database.
    public static func makeApplication(
        configuration: SageAPIConfiguration, backend: any TrainingBackend, records: (any TrainingJobRecords)? = nil,
        logger: Logger
    ) async throws -> some ApplicationProtocol {
        let platform = try await TrainingPlatform.open(
            configuration: configuration, backend: backend, records: records, logger: logger)
        return makeApplication(platform: platform, configuration: configuration, logger: logger)
    }

    /// The application over an open platform.
    static func makeApplication(
        platform: TrainingPlatform, configuration: SageAPIConfiguration, logger: Logger
    ) -> some ApplicationProtocol {
        let router = makeRouter(
            configuration: configuration, store: platform.store, logs: platform.logs,
            coordinator: platform.coordinator, now: platform.now, logger: logger)
        let readyFile = configuration.readyFile
        let host = configuration.host
        var application = Application(
            router: router,
            configuration: .init(
                address: .hostname(configuration.host, port: configuration.port), serverName: "sagetrain"),
            services: [PlatformService(platform: platform)],
            onServerRunning: { channel in
                let port = channel.localAddress?.port ?? 0
                logger.info("listening", metadata: ["url": "http://\(host):\(port)"])
                if let readyFile {
                    try? "http://\(host):\(port)\n".write(toFile: readyFile, atomically: true, encoding: .utf8)
                }
            },
            logger: logger)
        application.beforeServerStarts {
            await platform.coordinator.reconcile()
        }
        return application
    }

    static func makeRouter(
        configuration: SageAPIConfiguration, store: TrainingJobStore, logs: LogStore, coordinator: JobCoordinator,
        now: @escaping @Sendable () -> Double, logger: Logger
    ) -> Router<BasicRequestContext> {
        let identity = configuration.identity
        let operations = TrainingJobOperations(
            store: store, coordinator: coordinator, identity: identity, rules: CreateTrainingJobRules(), now: now)
        let tags = TagOperations(store: store, identity: identity)
        let logsOperations = LogsOperations(logs: logs, identity: identity)
        let sageMaker = AWSJSONEndpoint.Service(
            model: .sageMaker, validationErrorCode: "ValidationException",
            handlers: [
                "CreateTrainingJob": .value(operations.create),
                "DescribeTrainingJob": .bytes { try operations.describe($0) },
                "ListTrainingJobs": .value { try operations.list($0) },
                "StopTrainingJob": .value(operations.stop),
                "DeleteTrainingJob": .value(operations.delete),
                "AddTags": .value(tags.add),
                "ListTags": .value { try tags.list($0) },
                "DeleteTags": .value(tags.delete),
            ])
        let cloudWatchLogs = AWSJSONEndpoint.Service(
            model: .cloudWatchLogs, validationErrorCode: "InvalidParameterException",
            handlers: [
                "DescribeLogStreams": .value(logsOperations.describeLogStreams),
                "GetLogEvents": .value(logsOperations.getLogEvents),
                "FilterLogEvents": .value(logsOperations.filterLogEvents),
            ])
        let authenticator =
            configuration.credentials.isEmpty
            ? nil : RequestAuthenticator(credentials: configuration.credentials, region: identity.region)
        let endpoint = AWSJSONEndpoint(
            services: [
                ServiceModel.sageMaker.targetPrefix: sageMaker,
                ServiceModel.cloudWatchLogs.targetPrefix: cloudWatchLogs,
            ],
            authenticator: authenticator, logger: logger)

        let router = Router(context: BasicRequestContext.self)
        router.post("/") { request, context in await endpoint.respond(to: request, context: context) }
        JobsAliasRoutes(
            operations: operations, logs: logs, identity: identity, defaultOutputPath: configuration.defaultOutputPath,
            authenticator: authenticator
        ).register(on: router)
        let openAPI = JobsAliasOpenAPI.document
        let docs = DocsPage.render(openAPI)
        router.get("/openapi.json") { _, _ in JobsAliasRoutes.json(.ok, openAPI) }
        router.get("/docs") { _, _ in
            Response(
                status: .ok, headers: [.contentType: "text/html; charset=utf-8"],
                body: ResponseBody(byteBuffer: ByteBuffer(string: docs)))
        }
        router.get("/healthz") { _, _ in JobsAliasRoutes.json(.ok, ["status": "ok"]) }
        router.get("/readyz") { _, _ in
            if let reason = coordinator.backendUnavailability {
                return JobsAliasRoutes.json(.serviceUnavailable, ["status": "unavailable", "reason": .string(reason)])
            }
            return JobsAliasRoutes.json(.ok, ["status": "ready", "jobs": .int(Int64(store.count))])
        }
        return router
    }
}

/// Runs the log writer and follows other writers' changes to the job records while the server runs; on shutdown
/// stops the jobs (unless they outlive the server), flushes the logs and closes the database.
struct PlatformService: Service {
    let platform: TrainingPlatform

    func run() async throws {
        await withTaskGroup(of: Void.self) { group in
            group.addTask { await platform.logs.runWriter() }
            let follower = Task { await platform.followExternalChanges() }
            try? await gracefulShutdown()
            follower.cancel()
            await platform.coordinator.shutdown()
            platform.logs.finish()
            await group.waitForAll()
        }
        await platform.close()
    }
}
