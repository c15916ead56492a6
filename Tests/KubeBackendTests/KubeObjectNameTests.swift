import Testing

@testable import KubeBackend

@Suite struct KubeObjectNameTests {
    /// Whether `name` is a DNS-1035 label: lower-case alphanumerics and `-`, a letter first, no `-` last, ≤ 63.
    static func isDNSLabel(_ name: String) -> Bool {
        guard let first = name.first, let last = name.last, name.count <= 63 else { return false }
        let allowed = name.allSatisfy { ("a"..."z").contains($0) || ("0"..."9").contains($0) || $0 == "-" }
        return allowed && ("a"..."z").contains(first) && last != "-"
    }

    @Test func namesDifferingOnlyInCaseAreOneJob() {
        let upper = KubeObjectName(trainingJobName: "MyJob")
        let lower = KubeObjectName(trainingJobName: "myjob")
        #expect(upper.base == lower.base)
        #expect(upper.base.hasPrefix("myjob-"))
        #expect(Self.isDNSLabel(upper.base))
    }

    @Test func namesThatReadAlikeAfterMappingStayApart() {
        let dotted = KubeObjectName(trainingJobName: "my-job")
        let other = KubeObjectName(trainingJobName: "my--job")
        #expect(dotted.base.hasPrefix("my-job-") && other.base.hasPrefix("my-job-"))
        #expect(dotted.base != other.base)
    }

    @Test func theMappingIsStable() {
        #expect(StableHash.fnv1a64("") == 0xcbf2_9ce4_8422_2325)
        #expect(StableHash.fnv1a64("a") == 0xaf63_dc4c_8601_ec8c)
        #expect(KubeObjectName(trainingJobName: "train-1").base == KubeObjectName(trainingJobName: "train-1").base)
        #expect(StableHash.digits(of: "x").count == StableHash.length)
    }

    @Test func longNamesKeepEveryDerivedNameWithin63Characters() {
        let name = KubeObjectName(trainingJobName: String(repeating: "A", count: 63))
        #expect(name.base.count <= 53)
        for derived in [name.record, name.configuration, name.service, name.job(forHost: "algo-9999")] {
            #expect(derived.count <= 63)
            #expect(Self.isDNSLabel(derived), "\(derived)")
        }
    }

    @Test func namesStartingWithADigitOrHyphensBecomeLabels() {
        for original in ["123abc", "a--b", "9", "-", "Ünïcödé-Job", "名前", String(repeating: "-", count: 63)] {
            let name = KubeObjectName(trainingJobName: original)
            #expect(Self.isDNSLabel(name.base), "\(original) -> \(name.base)")
            #expect(Self.isDNSLabel(name.job(forHost: "algo-12")))
        }
        #expect(KubeObjectName(trainingJobName: "123abc").base.hasPrefix("job-123abc-"))
        #expect(KubeObjectName(trainingJobName: "Ünïcödé-Job").base.hasPrefix("n-c-d-job-"))
    }

    @Test func truncatedNamesWithACommonPrefixStayDistinct() {
        let prefix = String(repeating: "x", count: 60)
        let names = Set((0..<1000).map { KubeObjectName(trainingJobName: prefix + String($0)).base })
        #expect(names.count == 1000)
    }
}
