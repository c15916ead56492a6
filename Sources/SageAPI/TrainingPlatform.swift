import Foundation
import Logging
import TrainingJobs

/// The server's state and machinery, independent of HTTP: the database, the job store, the log store and the
/// coordinator over a backend.
final class TrainingPlatform: Sendable {
    let database: JobDatabase
    let store: TrainingJobStore
    let logs: LogStore
    let coordinator: JobCoordinator
    let now: @Sendable () -> Double

    private init(
        database: JobDatabase, store: TrainingJobStore, logs: LogStore, coordinator: JobCoordinator,
        now: @escaping @Sendable () -> Double
    ) {
        self.database = database
        self.store = store
        self.logs = logs
        self.coordinator = coordinator
        self.now = now
    }

    /// Opens (creating if needed) the state directory's database and loads the jobs from `records`, or from the
    /// database when `records` is nil. The database always holds the log events.
    static func open(
        configuration: SageAPIConfiguration, backend: any TrainingBackend, records: (any TrainingJobRecords)? = nil,
        logger: Logger, now: @escaping @Sendable () -> Double = { Date().timeIntervalSince1970 }
    ) async throws -> TrainingPlatform {
        try FileManager.default.createDirectory(atPath: configuration.stateDirectory, withIntermediateDirectories: true)
        let database = try await JobDatabase.open(
            path: configuration.stateDirectory + "/sagetrain.sqlite", logger: logger)
        do {
            let store = try await TrainingJobStore(records: records ?? database)
            let logs = LogStore(database: database.sqlite, logger: logger)
            let coordinator = JobCoordinator(store: store, logs: logs, backend: backend, logger: logger, now: now)
            return TrainingPlatform(database: database, store: store, logs: logs, coordinator: coordinator, now: now)
        } catch {
            await database.close()
            throw error
        }
    }

    /// Feeds the changes other writers make to the records into the store until cancelled.
    func followExternalChanges() async {
        guard let changes = store.externalChanges() else { return }
        for await change in changes { store.apply(change) }
    }

    /// Flushes the logs and closes the database; the platform is unusable afterwards.
    func close() async {
        try? await logs.flush()
        await database.close()
    }
}
