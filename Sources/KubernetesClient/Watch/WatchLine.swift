import ServiceModel

/// One line of a watch response (`{"type": "ADDED", "object": {...}}`), decoded once.
enum WatchLine: Equatable {
    case event(WatchMachine.EventType, KubernetesObject)
    case error(KubernetesStatus)
    case invalid(String)

    static func decode(_ line: [UInt8]) -> WatchLine {
        let json: JSONValue
        do { json = try JSONValue(parsing: line) } catch { return .invalid("a watch event is not JSON: \(error)") }
        guard let type = json["type"]?.stringValue, let object = json["object"], object.objectValue != nil else {
            return .invalid("a watch event without type or object")
        }
        if type == "ERROR" {
            return .error(
                KubernetesStatus(json: object) ?? KubernetesStatus(code: 500, reason: .unknown, message: "\(object)"))
        }
        guard let eventType = WatchMachine.EventType(rawValue: type) else {
            return .invalid("unknown watch event type \"\(type)\"")
        }
        return .event(eventType, KubernetesObject(json: object))
    }
}
