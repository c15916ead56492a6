import Foundation

/// Writes a directory's contents as a gzip tar with the system's `tar`, in a child process.
enum TarArchiver {
    static func archive(_ directory: String, to destination: String) async throws(StagingError) {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/bin/tar")
        process.arguments = ["-czf", destination, "-C", directory, "."]
        let errors = Pipe()
        process.standardError = errors
        process.standardOutput = FileHandle.nullDevice
        let status: Int32
        do {
            status = try await withCheckedThrowingContinuation { continuation in
                process.terminationHandler = { continuation.resume(returning: $0.terminationStatus) }
                do { try process.run() } catch {
                    process.terminationHandler = nil
                    continuation.resume(throwing: error)
                }
            }
        } catch {
            throw .packaging("tar could not be started: \(error)")
        }
        guard status == 0 else {
            let message = String(decoding: errors.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
            throw .packaging("tar failed (exit \(status)) packaging \(directory): \(message.prefix(500))")
        }
    }
}
