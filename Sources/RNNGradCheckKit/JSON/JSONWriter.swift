/// Writes JSON that a person can read and a program can parse: two-space indentation, members in the
/// order given, and arrays of numbers (a matrix row, a vector) on one line.
public enum JSONWriter {
    /// The shortest literal that reads back to the same double (Swift's `description`, which is
    /// valid JSON for every finite value). Non-finite values have no JSON literal: callers check
    /// finiteness first; `null` is written if one slips through.
    public static func literal(_ value: Double) -> String {
        guard value.isFinite else { return "null" }
        return "\(value)"
    }

    /// The document, ending with a newline.
    public static func write(_ value: JSONValue) -> String {
        var out = ""
        write(value, indent: 0, into: &out)
        out += "\n"
        return out
    }

    /// The document on one line, without a newline: what a JSON Lines protocol sends.
    public static func line(_ value: JSONValue) -> String {
        switch value {
        case .null: return "null"
        case .bool(let b): return b ? "true" : "false"
        case .number(_, let literal): return literal
        case .string(let s): return quote(s)
        case .array(let elements): return "[" + elements.map(line).joined(separator: ", ") + "]"
        case .object(let members): return "{" + members.map { quote($0.key) + ": " + line($0.value) }.joined(separator: ", ") + "}"
        }
    }

    private static func isScalar(_ value: JSONValue) -> Bool {
        switch value {
        case .array, .object: return false
        default: return true
        }
    }

    private static func write(_ value: JSONValue, indent: Int, into out: inout String) {
        let pad = String(repeating: " ", count: indent)
        let inner = String(repeating: " ", count: indent + 2)
        switch value {
        case .null: out += "null"
        case .bool(let b): out += b ? "true" : "false"
        case .number(_, let literal): out += literal
        case .string(let s): out += quote(s)
        case .array(let elements):
            if elements.isEmpty {
                out += "[]"
            } else if elements.allSatisfy(isScalar) {
                out += "[" + elements.map { element in
                    var text = ""
                    write(element, indent: 0, into: &text)
                    return text
                }.joined(separator: ", ") + "]"
            } else {
                out += "[\n"
                for (i, element) in elements.enumerated() {
                    out += inner
                    write(element, indent: indent + 2, into: &out)
                    out += i + 1 < elements.count ? ",\n" : "\n"
                }
                out += pad + "]"
            }
        case .object(let members):
            if members.isEmpty {
                out += "{}"
                return
            }
            out += "{\n"
            for (i, member) in members.enumerated() {
                out += inner + quote(member.key) + ": "
                write(member.value, indent: indent + 2, into: &out)
                out += i + 1 < members.count ? ",\n" : "\n"
            }
            out += pad + "}"
        }
    }

    /// A JSON string literal.
    public static func quote(_ s: String) -> String {
        var out = "\""
        for scalar in s.unicodeScalars {
            switch scalar {
            case "\"": out += "\\\""
            case "\\": out += "\\\\"
            case "\n": out += "\\n"
            case "\r": out += "\\r"
            case "\t": out += "\\t"
            default:
                if scalar.value < 0x20 {
                    let hex = String(scalar.value, radix: 16)
                    out += "\\u" + String(repeating: "0", count: 4 - hex.count) + hex
                } else {
                    out.unicodeScalars.append(scalar)
                }
            }
        }
        return out + "\""
    }
}
