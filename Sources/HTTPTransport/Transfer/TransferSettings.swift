import Logging

/// What every transfer of one transport shares: its configuration, its share handle and its logger.
struct TransferSettings: Sendable {
    let configuration: TransportConfiguration
    let share: CurlShare
    let logger: Logger
}
