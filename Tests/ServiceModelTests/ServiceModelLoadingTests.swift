import Testing

@testable import ServiceModel

@Suite("Service model loading")
struct ServiceModelLoadingTests {
    @Test func sageMakerMetadata() {
        let model = ServiceModel.sageMaker
        #expect(model.targetPrefix == "SageMaker")
        #expect(model.signingName == "sagemaker")
        #expect(model.apiVersion == "2017-07-24")
    }

    @Test func cloudWatchLogsMetadata() {
        let model = ServiceModel.cloudWatchLogs
        #expect(model.targetPrefix == "Logs_20140328")
        #expect(model.signingName == "logs")
        #expect(model.apiVersion == "2014-03-28")
    }

    @Test func hasExactlyTheServedOperations() {
        #expect(
            Set(ServiceModel.sageMaker.operations.keys) == [
                "CreateTrainingJob", "DescribeTrainingJob", "ListTrainingJobs", "StopTrainingJob",
                "DeleteTrainingJob", "AddTags", "ListTags", "DeleteTags",
            ])
        #expect(
            Set(ServiceModel.cloudWatchLogs.operations.keys) == [
                "DescribeLogStreams", "GetLogEvents", "FilterLogEvents",
            ])
    }

    @Test func operationsNameTheirShapes() throws {
        let create = try #require(ServiceModel.sageMaker.operation(named: "CreateTrainingJob"))
        #expect(create.inputShape == "CreateTrainingJobRequest")
        #expect(create.outputShape == "CreateTrainingJobResponse")
        #expect(create.errors == ["ResourceNotFound", "ResourceInUse", "ResourceLimitExceeded"])
        let stop = try #require(ServiceModel.sageMaker.operation(named: "StopTrainingJob"))
        #expect(stop.outputShape == nil)
        #expect(ServiceModel.sageMaker.operation(named: "CreateEndpoint") == nil)
        #expect(ServiceModel.cloudWatchLogs.operation(named: "GetLogEvents")?.inputShape == "GetLogEventsRequest")
    }

    @Test func shapesKeepModelOrderAndConstraints() throws {
        let model = ServiceModel.sageMaker
        let request = try #require(model.shape(named: "CreateTrainingJobRequest"))
        #expect(request.type == .structure)
        #expect(
            request.members.prefix(4).map(\.name) == [
                "TrainingJobName", "HyperParameters", "AlgorithmSpecification", "RoleArn",
            ])
        #expect(request.members.filter(\.isRequired).map(\.name) == ["TrainingJobName", "RoleArn", "OutputDataConfig"])
        let name = try #require(model.shape(named: "TrainingJobName"))
        #expect(name.type == .string)
        #expect(name.min == 1)
        #expect(name.max == 63)
        #expect(name.pattern == "^[a-zA-Z0-9](-*[a-zA-Z0-9]){0,62}")
        #expect(model.shape(named: "TrainingInputMode")?.enumValues == ["Pipe", "File", "FastFile"])
        #expect(model.shape(named: "TagList")?.listMember == "Tag")
        #expect(model.shape(named: "HyperParameters")?.mapKey == "HyperParameterKey")
        #expect(model.shape(named: "ResourceNotFound")?.isException == true)
        #expect(model.shape(named: "Timestamp")?.type == .timestamp)
        #expect(model.shape(named: "CreateTrainingJobRequest")?.member(named: "RoleArn")?.shape == "RoleArn")
    }

    @Test func everyPatternCompiles() throws {
        var count = 0
        for model in [ServiceModel.sageMaker, .cloudWatchLogs] {
            for shape in model.shapes.values {
                guard let pattern = shape.pattern else { continue }
                _ = try PatternMatcher(pattern: pattern)
                count += 1
            }
        }
        #expect(count > 30)
    }

    @Test func patternsMatchFully() throws {
        let name = try PatternMatcher(pattern: "^[a-zA-Z0-9](-*[a-zA-Z0-9]){0,62}")
        #expect(name.matches("my-job-1"))
        #expect(!name.matches("bad_name!"))
        #expect(!name.matches("job-"))
        #expect(!name.matches("ok\n"))
        #expect(!name.matches(""))
        let alternation = try PatternMatcher(pattern: "a|ab")
        #expect(alternation.matches("ab"))
        let tag = try PatternMatcher(pattern: #"^([\p{L}\p{Z}\p{N}_.:/=+\-@]*)$"#)
        #expect(tag.matches("Émile 2024: a/b=c+d@e_f.g-h"))
        #expect(!tag.matches("no*stars"))
    }

    @Test func patternsFollowJavaSemantics() throws {
        // Java's \w, \d, \s and \p{Alnum} are ASCII-only.
        #expect(!(try PatternMatcher(pattern: #"[\w#+=/:,.@-]*"#).matches("é")))
        #expect(try PatternMatcher(pattern: #"[\w#+=/:,.@-]*"#).matches("log-group_1/#x"))
        #expect(!(try PatternMatcher(pattern: #"\d+"#).matches("٣")))
        #expect(!(try PatternMatcher(pattern: #"\p{Alnum}+"#).matches("é")))
        #expect(try PatternMatcher(pattern: #"arn:[\p{Alnum}\-]+:lambda:.*"#).matches("arn:aws:lambda:x"))
        // Java's "." stops at line terminators; [\S\s] does not.
        #expect(try PatternMatcher(pattern: ".*").matches("a\u{0B}b"))
        #expect(!(try PatternMatcher(pattern: ".*").matches("a\nb")))
        #expect(!(try PatternMatcher(pattern: ".+").matches("")))
        #expect(!(try PatternMatcher(pattern: "x.y").matches("x\u{2028}y")))
        #expect(try PatternMatcher(pattern: #"[\S\s]*"#).matches("a\nb"))
        #expect(try PatternMatcher(pattern: #"[^:*]*"#).matches("stream/1"))
        #expect(!(try PatternMatcher(pattern: #"[^:*]*"#).matches("a:b")))
    }

    @Test func translatesShorthandClasses() throws {
        #expect(try PatternMatcher(pattern: #"\s+"#).matches(" \t\n"))
        #expect(!(try PatternMatcher(pattern: #"\s+"#).matches("\u{A0}")))
        #expect(try PatternMatcher(pattern: #"\S+"#).matches("\u{A0}é"))
        #expect(try PatternMatcher(pattern: #"[\Sx]+"#).matches("abc"))
        #expect(!(try PatternMatcher(pattern: #"[\Sx]+"#).matches("a c")))
        #expect(try PatternMatcher(pattern: #"[^\s]+"#).matches("abc"))
        #expect(!(try PatternMatcher(pattern: #"[^\d]+"#).matches("a1")))
        #expect(try PatternMatcher(pattern: #"\W\D"#).matches("-x"))
        #expect(try PatternMatcher(pattern: #"[]a]+"#).matches("]a"))
        #expect(try PatternMatcher(pattern: #"a\.b"#).matches("a.b"))
        #expect(!(try PatternMatcher(pattern: #"a\.b"#).matches("axb")))
        #expect(JavaRegexTranslator.icuPattern(fromJava: #"[\w-]+\d"#) == #"[a-zA-Z_0-9-]+[0-9]"#)
    }

    @Test func characterClassFastPathAgreesWithICU() throws {
        let channel = try PatternMatcher(pattern: #"[A-Za-z0-9\.\-_]+"#)
        #expect(channel.matches("train-1.csv_x"))
        #expect(!channel.matches(""))
        #expect(!channel.matches("bad channel"))
        #expect(!channel.matches("é"))
        let key = try PatternMatcher(pattern: #"^([\p{L}\p{Z}\p{N}_.:/=+\-@]*)$"#)
        #expect(key.matches(""))
        #expect(key.matches("aws:cloudformation:stack-name"))
        #expect(key.matches("Größe ２"))
        #expect(!key.matches("a*b"))
        #expect(!key.matches("a\tb"))
        let negated = try PatternMatcher(pattern: #"[^:*]*"#)
        #expect(negated.matches("a\nb"))
        #expect(negated.matches("ü/x"))
        #expect(!negated.matches("ü:x"))
    }

    @Test func rejectsBrokenDocuments() {
        #expect(throws: ServiceModelLoadError.self) { try ServiceModel(document: "{") }
        #expect(throws: ServiceModelLoadError.self) { try ServiceModel(document: "{}") }
        let dangling =
            #"{"metadata":{"targetPrefix":"X","signingName":"x"},"operations":{},"shapes":{"A":{"type":"list","member":{"shape":"B"}}}}"#
        #expect(throws: ServiceModelLoadError.self) { try ServiceModel(document: dangling) }
        let badPattern =
            #"{"metadata":{"targetPrefix":"X","signingName":"x"},"operations":{},"shapes":{"A":{"type":"string","pattern":"(("}}}"#
        #expect(throws: ServiceModelLoadError.self) { try ServiceModel(document: badPattern) }
    }
}
