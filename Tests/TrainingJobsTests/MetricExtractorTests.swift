import Testing

@testable import TrainingJobs

@Suite("Metric definitions over log lines")
struct MetricExtractorTests {
    @Test func keepsTheLastValueOfEachMetricInDefinitionOrder() throws {
        var extractor = try MetricExtractor(definitions: [
            MetricDefinition(name: "train:loss", regex: "train_loss=([0-9.eE+-]+)"),
            MetricDefinition(name: "test:accuracy", regex: "Test Accuracy: ([0-9.]+)%"),
        ])
        let captured1909 = extractor.scan("epoch=1 train_loss=0.5 test_accuracy=0.8", timestamp: 10)
        #expect(captured1909)
        let captured2512 = extractor.scan("nothing here", timestamp: 11)
        #expect(!captured2512)
        let captured648 = extractor.scan("epoch=2 train_loss=2.5e-1", timestamp: 12)
        #expect(captured648)
        let captured1348 = extractor.scan("=== Test Accuracy: 91.23% ===", timestamp: 13)
        #expect(captured1348)
        #expect(
            extractor.finalMetrics == [
                MetricDatum(metricName: "train:loss", value: 0.25, timestamp: 12),
                MetricDatum(metricName: "test:accuracy", value: 91.23, timestamp: 13),
            ])
    }

    @Test func ignoresCapturesThatAreNotNumbers() throws {
        var extractor = try MetricExtractor(definitions: [MetricDefinition(name: "m", regex: "m=(\\S+)")])
        let captured1439 = extractor.scan("m=abc", timestamp: 1)
        #expect(!captured1439)
        let captured9636 = extractor.scan("m=nan", timestamp: 1)
        #expect(!captured9636)
        #expect(extractor.finalMetrics.isEmpty)
    }

    @Test func rejectsAnInvalidExpression() {
        #expect(throws: MetricExtractor.InvalidRegex(metricName: "bad", regex: "(unclosed")) {
            try MetricExtractor(definitions: [MetricDefinition(name: "bad", regex: "(unclosed")])
        }
    }
}
