import HTTPTransport
import ServiceModel
import Testing

@testable import KubernetesClient

@Suite struct WatchMachineTests {
    static let noJitter = WatchBackoff(
        initialDelay: .milliseconds(100), maximumDelay: .seconds(1), multiplier: 2, jitter: 0)

    static func object(_ name: String, version: String, namespace: String = "ns") -> KubernetesObject {
        KubernetesObject(json: [
            "metadata": ["name": .string(name), "namespace": .string(namespace), "resourceVersion": .string(version)]
        ])
    }

    static let resetError = KubernetesError.transport(TransportError(code: .connectionReset, message: "reset"))
    static let goneStatus = KubernetesStatus(code: 410, reason: .expired, message: "too old resource version: 5 (9)")

    @Test func listsThenWatchesFromTheListsVersion() {
        var machine = WatchMachine(backoff: Self.noJitter, seed: 1)
        #expect(machine.start() == .init(next: .list))
        let a = Self.object("a", version: "3")
        let step = machine.listed([a], resourceVersion: "10")
        #expect(step == .init(events: [.resync(objects: [a], removed: [])], next: .watch(resourceVersion: "10")))
        #expect(machine.watchOpened() == .init(next: .readNext))
    }

    @Test func resumesFromTheLastSeenVersionAfterADisconnect() {
        var machine = WatchMachine(backoff: Self.noJitter, seed: 1)
        _ = machine.start()
        _ = machine.listed([], resourceVersion: "10")
        _ = machine.watchOpened()
        let b = Self.object("b", version: "11")
        #expect(machine.received(.added, object: b) == .init(events: [.added(b)], next: .readNext))
        let b2 = Self.object("b", version: "12")
        #expect(machine.received(.modified, object: b2) == .init(events: [.modified(b2)], next: .readNext))
        // A bookmark moves the version without an event.
        #expect(machine.received(.bookmark, object: Self.object("", version: "15")) == .init(next: .readNext))
        // A normal end after events: resume at once from the bookmark's version.
        #expect(machine.streamEnded() == .init(next: .watch(resourceVersion: "15")))
        _ = machine.watchOpened()
        // A broken stream: back off, then resume (not re-list).
        #expect(machine.streamFailed(Self.resetError) == .init(next: .wait(.milliseconds(100))))
        #expect(machine.backoffElapsed() == .init(next: .watch(resourceVersion: "15")))
        #expect(machine.known.keys.sorted() == ["ns/b"])
    }

    @Test func relistsOnGoneAndDeliversDeletionsOfVanishedObjects() {
        var machine = WatchMachine(backoff: Self.noJitter, seed: 1)
        _ = machine.start()
        let a = Self.object("a", version: "3")
        let b = Self.object("b", version: "4")
        let c = Self.object("c", version: "5", namespace: "other")
        _ = machine.listed([a, b, c], resourceVersion: "10")
        _ = machine.watchOpened()
        let d = Self.object("d", version: "11")
        _ = machine.received(.added, object: d)
        _ = machine.received(.deleted, object: Self.object("c", version: "12", namespace: "other"))
        // The stream broke and resuming from version 11 finds it expired.
        _ = machine.streamFailed(Self.resetError)
        #expect(machine.backoffElapsed() == .init(next: .watch(resourceVersion: "12")))
        #expect(machine.watchOpenFailed(.status(Self.goneStatus)) == .init(next: .list))
        // Meanwhile `a` and `d` were deleted and `e` added.
        let b2 = Self.object("b", version: "20")
        let e = Self.object("e", version: "21")
        let step = machine.listed([b2, e], resourceVersion: "30")
        #expect(
            step == .init(events: [.resync(objects: [b2, e], removed: [a, d])], next: .watch(resourceVersion: "30")))
        #expect(machine.known.keys.sorted() == ["ns/b", "ns/e"])
    }

    @Test func anErrorEventWith410Relists() {
        var machine = WatchMachine(resourceVersion: "7", backoff: Self.noJitter, seed: 1)
        #expect(machine.start() == .init(next: .watch(resourceVersion: "7")))
        _ = machine.watchOpened()
        #expect(machine.receivedError(Self.goneStatus) == .init(next: .list))
        #expect(machine.resourceVersion == nil)
        // Another error event reconnects from the same version after a backoff.
        _ = machine.listed([], resourceVersion: "40")
        _ = machine.watchOpened()
        let step = machine.receivedError(KubernetesStatus(code: 500, reason: .internalError, message: "etcd"))
        #expect(step == .init(next: .wait(.milliseconds(100))))
        #expect(machine.backoffElapsed() == .init(next: .watch(resourceVersion: "40")))
    }

    @Test func backoffGrowsIsCappedAndResetsOnProgress() {
        var machine = WatchMachine(backoff: Self.noJitter, seed: 1)
        _ = machine.start()
        let server = KubernetesError.status(KubernetesStatus(code: 503, reason: .serviceUnavailable, message: ""))
        var delays: [Duration] = []
        for _ in 0..<6 {
            guard case .wait(let delay) = machine.listFailed(server).next else {
                Issue.record("no backoff")
                return
            }
            delays.append(delay)
            #expect(machine.backoffElapsed() == .init(next: .list))
        }
        #expect(
            delays == [
                .milliseconds(100), .milliseconds(200), .milliseconds(400), .milliseconds(800), .seconds(1),
                .seconds(1),
            ])
        _ = machine.listed([], resourceVersion: "1")
        #expect(machine.failures == 0)
        _ = machine.watchOpened()
        // A stream that ends without delivering anything counts as a failure.
        #expect(machine.streamEnded() == .init(next: .wait(.milliseconds(100))))
        _ = machine.backoffElapsed()
        _ = machine.watchOpened()
        #expect(machine.streamEnded() == .init(next: .wait(.milliseconds(200))))
        _ = machine.backoffElapsed()
        _ = machine.watchOpened()
        _ = machine.received(.bookmark, object: Self.object("", version: "2"))
        #expect(machine.streamEnded() == .init(next: .watch(resourceVersion: "2")))
    }

    @Test func jitterShortensWithinBounds() {
        let backoff = WatchBackoff(initialDelay: .seconds(1), maximumDelay: .seconds(8), jitter: 0.5)
        #expect(backoff.delay(afterFailures: 1, random: 0) == .seconds(1))
        #expect(backoff.delay(afterFailures: 1, random: 0.5) == .milliseconds(750))
        #expect(backoff.delay(afterFailures: 10, random: 0.999_999) > .seconds(4))
        #expect(backoff.delay(afterFailures: 10, random: 0) == .seconds(8))
        var machine = WatchMachine(backoff: backoff, seed: 42)
        _ = machine.start()
        for failures in 1...8 {
            guard case .wait(let delay) = machine.listFailed(Self.resetError).next else { return }
            let base = Duration.seconds(min(8, 1 << (failures - 1)))
            #expect(delay <= base && delay >= base / 2)
        }
    }

    @Test func permanentFailuresStopTheWatch() {
        var machine = WatchMachine(backoff: Self.noJitter, seed: 1)
        _ = machine.start()
        let forbidden = KubernetesError.status(KubernetesStatus(code: 403, reason: .forbidden, message: "no"))
        #expect(machine.listFailed(forbidden) == .init(next: .fail(forbidden)))
        let tls = KubernetesError.transport(TransportError(code: .tls, message: "bad certificate"))
        #expect(machine.watchOpenFailed(tls) == .init(next: .fail(tls)))
    }

    @Test func decodesWatchLines() {
        let added = WatchLine.decode(
            Array(#"{"type":"ADDED","object":{"metadata":{"name":"x","resourceVersion":"5"}}}"#.utf8))
        #expect(added == .event(.added, KubernetesObject(json: ["metadata": ["name": "x", "resourceVersion": "5"]])))
        let error = WatchLine.decode(
            Array(#"{"type":"ERROR","object":{"kind":"Status","code":410,"reason":"Expired","message":"old"}}"#.utf8))
        #expect(error == .error(KubernetesStatus(code: 410, reason: .expired, message: "old")))
        guard case .invalid = WatchLine.decode(Array("not json".utf8)) else {
            Issue.record("accepted garbage")
            return
        }
    }
}
