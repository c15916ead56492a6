/// An AWS service model (trimmed to what sagetrain serves): operations, shapes and validation.
public struct ServiceModel: Sendable {
    /// Amazon SageMaker (2017-07-24), loaded once, on first use, from the embedded document.
    public static let sageMaker: ServiceModel = embedded(sageMakerDocument, named: "SageMaker")
    /// Amazon CloudWatch Logs (2014-03-28), loaded once, on first use, from the embedded document.
    public static let cloudWatchLogs: ServiceModel = embedded(cloudWatchLogsDocument, named: "CloudWatch Logs")

    /// The X-Amz-Target prefix, e.g. "SageMaker" or "Logs_20140328".
    public let targetPrefix: String
    /// The SigV4 service name, e.g. "sagemaker" or "logs".
    public let signingName: String
    /// The API version, e.g. "2017-07-24".
    public let apiVersion: String
    /// The operations, by name.
    public let operations: [String: Operation]
    /// The shapes, by name.
    public let shapes: [String: Shape]

    let compiledShapes: [CompiledShape]
    let shapeIndex: [String: Int]

    /// The operation named `name`, e.g. "CreateTrainingJob".
    public func operation(named name: String) -> Operation? {
        operations[name]
    }

    /// The shape named `name`.
    public func shape(named name: String) -> Shape? {
        shapes[name]
    }

    /// Validates a request body against the operation's input shape. Returns the canonical input:
    /// unknown members dropped (AWS services ignore them), null members dropped, timestamps
    /// normalised to epoch seconds (`.int` or `.double`), everything else unchanged.
    /// A null body counts as `{}`; an unknown operation is a `.serialization` error.
    public func validateInput(of operation: String, _ body: JSONValue) throws(RequestValidationError) -> JSONValue {
        guard let definition = operations[operation] else {
            throw .serialization("Unknown operation '\(operation)'.")
        }
        let body: JSONValue = body.isNull ? .object([:]) : body
        guard let input = definition.inputShape else {
            if case .object = body { return .object([:]) }
            throw .serialization(
                "Expected an object as the request body but found \(ShapeValidator.foundDescription(body)).")
        }
        return try validate(body, against: input, path: "")
    }

    /// Validates a value against any named shape (same rules as `validateInput`), for nested use;
    /// violation paths start with `path` (empty for a request body).
    public func validate(
        _ value: JSONValue, against shape: String, path: String
    ) throws(RequestValidationError) -> JSONValue {
        guard let index = shapeIndex[shape] else {
            throw .serialization("Unknown shape '\(shape)'.")
        }
        var validator = ShapeValidator(shapes: compiledShapes, pathPrefix: path)
        let canonical = try validator.validate(value, shape: index)
        if !validator.violations.isEmpty {
            throw .constraints(validator.violations)
        }
        return canonical ?? value
    }

    /// Keeps only the members that `shape` declares (recursively through structures, lists and
    /// maps), e.g. to echo a CreateTrainingJob request back in DescribeTrainingJobResponse.
    /// Null members are dropped too; values of the wrong type and unknown shapes pass unchanged.
    public func project(_ value: JSONValue, onto shape: String) -> JSONValue {
        guard let index = shapeIndex[shape] else { return value }
        return project(value, onto: index)
    }

    private func project(_ value: JSONValue, onto index: Int) -> JSONValue {
        let shape = compiledShapes[index]
        switch (shape.type, value) {
        case (.structure, .object(let object)):
            var result: [String: JSONValue] = [:]
            for member in shape.members {
                guard let memberValue = object[member.name], !memberValue.isNull else { continue }
                result[member.name] = project(memberValue, onto: member.shape)
            }
            return .object(result)
        case (.list, .array(let elements)):
            return .array(elements.map { project($0, onto: shape.element) })
        case (.map, .object(let entries)):
            return .object(entries.compactMapValues { $0.isNull ? nil : project($0, onto: shape.element) })
        default:
            return value
        }
    }

    private static func embedded(_ document: String, named name: String) -> ServiceModel {
        do {
            return try ServiceModel(document: document)
        } catch {
            fatalError("The embedded \(name) service model does not load: \(error)")
        }
    }
}
