import Glibc
import Testing

@testable import LocalProcess

@Suite struct HostProcessLaunchTests {
    private func launch(
        _ executable: String, _ arguments: [String] = [], environment: [String: String] = testEnvironment,
        in directory: String = "/tmp"
    ) throws(ProcessLaunchError) -> (HostProcess, LineCollector) {
        let collector = LineCollector()
        let launch = ProcessLaunch(
            executable: executable, arguments: arguments, environment: environment, workingDirectory: directory)
        return (try HostProcess.launch(launch, logger: testLogger, onLine: collector.callback), collector)
    }

    private func launchError(
        _ executable: String, environment: [String: String] = testEnvironment, in directory: String = "/tmp"
    ) -> ProcessLaunchError? {
        do {
            _ = try launch(executable, environment: environment, in: directory)
            return nil
        } catch {
            return error
        }
    }

    @Test func missingExecutableThrowsAClearError() throws {
        let error = try #require(launchError("/x/y"))
        #expect(error.code == ENOENT)
        #expect(error.step == .executable)
        #expect(error.description == "cannot start '/x/y': No such file or directory")
    }

    @Test func commandNotInPathThrows() throws {
        let error = try #require(launchError("no-such-command-for-sure"))
        #expect(error.code == ENOENT)
        #expect(
            error.description
                == "cannot start 'no-such-command-for-sure': No such file or directory (not found in PATH '/usr/bin:/bin')"
        )
    }

    @Test func nonExecutableFileThrowsPermissionDenied() async throws {
        try await withTemporaryDirectory { directory in
            let path = directory + "/script.sh"
            let descriptor = open(path, O_WRONLY | O_CREAT | O_CLOEXEC, 0o644)
            #expect(descriptor >= 0)
            close(descriptor)
            let error = try #require(launchError(path))
            #expect(error.code == EACCES)
            #expect(error.description == "cannot start '\(path)': Permission denied")
            let viaPath = try #require(launchError("script.sh", environment: ["PATH": directory]))
            #expect(viaPath.code == EACCES)
        }
    }

    @Test func missingWorkingDirectoryThrows() throws {
        let error = try #require(launchError("/bin/sh", in: "/no/such/directory"))
        #expect(error.step == .workingDirectory("/no/such/directory"))
        #expect(
            error.description
                == "cannot start '/bin/sh': working directory '/no/such/directory': No such file or directory")
    }

    @Test func invalidEnvironmentThrows() throws {
        let error = try #require(launchError("/bin/sh", environment: ["A=B": "c"]))
        #expect(error.code == EINVAL)
    }

    @Test func environmentIsExactlyWhatWasGiven() async throws {
        let environment = ["PATH": "/usr/bin:/bin", "GREETING": "hello world", "EMPTY": "", "UNICODE": "é€"]
        let (process, output) = try launch("env", environment: environment)
        #expect(await process.waitForExit() == .exited(code: 0))
        #expect(output.texts.sorted() == environment.map { "\($0.key)=\($0.value)" }.sorted())
    }

    @Test func workingDirectoryIsWhatWasGiven() async throws {
        try await withTemporaryDirectory { directory in
            let (process, output) = try launch("/bin/pwd", ["-P"], in: directory)
            #expect(await process.waitForExit() == .exited(code: 0))
            #expect(output.texts == [directory])
        }
    }

    @Test func relativeExecutableIsTakenFromTheWorkingDirectory() async throws {
        try await withTemporaryDirectory { directory in
            let script = Array("#!/bin/sh\necho \"ran $0\"\n".utf8)
            let descriptor = open(directory + "/run.sh", O_WRONLY | O_CREAT | O_CLOEXEC, 0o755)
            #expect(script.withUnsafeBytes { write(descriptor, $0.baseAddress, $0.count) } == script.count)
            close(descriptor)
            let (process, output) = try launch("./run.sh", in: directory)
            #expect(await process.waitForExit() == .exited(code: 0))
            #expect(output.texts == ["ran ./run.sh"])
        }
    }

    @Test func argumentsArePassedVerbatim() async throws {
        let (process, output) = try launch(
            "/bin/sh", ["-c", "for a; do echo \"[$a]\"; done", "zero", "a b", "", "*", "$HOME"])
        #expect(await process.waitForExit() == .exited(code: 0))
        #expect(output.texts == ["[a b]", "[]", "[*]", "[$HOME]"])
    }

    @Test func runsAsLeaderOfANewSession() async throws {
        let (process, output) = try launch("/bin/sh", ["-c", "cut -d' ' -f5,6 /proc/$$/stat"])
        #expect(await process.waitForExit() == .exited(code: 0))
        #expect(output.texts == ["\(process.processID) \(process.processID)"])
    }

    @Test func inheritsNoOtherDescriptors() async throws {
        // Deliberately not close-on-exec: only the spawn's close-from action keeps it out.
        let leaked = open("/dev/null", O_RDONLY)
        defer { close(leaked) }
        #expect(leaked >= 3)
        let (process, output) = try launch("/bin/ls", ["/proc/self/fd"])
        #expect(await process.waitForExit() == .exited(code: 0))
        // 0, 1, 2 and the directory ls itself opened to list.
        #expect(output.texts == ["0", "1", "2", "3"])
    }

    @Test func signalsAreUnblockedAndAtTheirDefaults() async throws {
        let (process, output) = try launch("/bin/grep", ["-E", "^Sig(Blk|Ign):", "/proc/self/status"])
        #expect(await process.waitForExit() == .exited(code: 0))
        let masks = Dictionary(
            uniqueKeysWithValues: output.texts.map { line in
                let parts = line.split(separator: ":")
                return (String(parts[0]), UInt64(parts[1].trimmingPrefix(while: \.isWhitespace), radix: 16) ?? .max)
            })
        #expect(masks["SigBlk"] == 0)
        let resetBits = Spawner.signalsResetToDefault.reduce(UInt64(0)) { $0 | (1 << UInt64($1 - 1)) }
        #expect(try #require(masks["SigIgn"]) & resetBits == 0)
    }
}
