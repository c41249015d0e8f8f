/// A parsed JSON value. Objects keep their members in document order.
public enum JSONValue: Equatable, Sendable {
    case null
    case bool(Bool)
    /// The value and the literal as written (so that messages can quote `1e999` as the user wrote it).
    case number(Double, literal: String)
    case string(String)
    case array([JSONValue])
    case object([(key: String, value: JSONValue)])

    public static func == (lhs: JSONValue, rhs: JSONValue) -> Bool {
        switch (lhs, rhs) {
        case (.null, .null): return true
        case (.bool(let a), .bool(let b)): return a == b
        case (.number(let a, _), .number(let b, _)): return a == b
        case (.string(let a), .string(let b)): return a == b
        case (.array(let a), .array(let b)): return a == b
        case (.object(let a), .object(let b)):
            return a.count == b.count && zip(a, b).allSatisfy { $0.key == $1.key && $0.value == $1.value }
        default: return false
        }
    }

    /// A number written the shortest way that reads back to the same double.
    public static func number(_ value: Double) -> JSONValue { .number(value, literal: JSONWriter.literal(value)) }

    /// An integer, written without a decimal point.
    public static func integer(_ value: Int) -> JSONValue { .number(Double(value), literal: String(value)) }

    /// What a message calls this kind of value: "a string", "an array", …
    public var kindDescription: String {
        switch self {
        case .null: return "null"
        case .bool(let b): return b ? "true" : "false"
        case .number(_, let literal): return "the number \(Echo.capped(literal))"
        case .string(let s): return "the string \"\(Echo.capped(s, limit: 24))\""
        case .array: return "an array"
        case .object: return "an object"
        }
    }

    /// The member `key` of an object (nil if absent or not an object).
    public subscript(key: String) -> JSONValue? {
        guard case .object(let members) = self else { return nil }
        return members.first { $0.key == key }?.value
    }
}

/// A JSON syntax error, with the line and column (1-based) where it was found.
public struct JSONSyntaxError: Error, Equatable, Sendable {
    public let line: Int
    public let column: Int
    public let reason: String

    public var description: String { "invalid JSON at line \(line), column \(column): \(reason)" }
}
