import RNNGradCheck

/// Reads typed values out of a parsed document. Every failure is one line naming the file, the key
/// path (`parameters.U[2][1]`), what was expected and what was found, with exit status 65.
public struct JSONReader {
    /// The file name (or "standard input") that messages start with.
    public let source: String

    /// The largest magnitude accepted for a real number in a fixture. Weights and inputs beyond it
    /// saturate every sigmoid and tanh to within 1e-300 and push logits toward overflow; in practice
    /// such a number is a units or parsing mistake. notes/gradient-checking.md explains the choice.
    public static let largestMagnitude = 1e6

    public func fail(_ message: String) -> RNNGradCheckError { RNNGradCheckError(.dataError, "\(source): \(message)") }

    /// Parses a whole document; a syntax error becomes one line naming the file, line and column. With
    /// `acceptingNonFinite`, NaN and ±Infinity are read as numbers, for `real` to name by their path.
    public func parse(_ text: [UInt8], acceptingNonFinite: Bool = false) throws(RNNGradCheckError) -> JSONValue {
        do {
            return try JSONParser.parse(text, acceptingNonFinite: acceptingNonFinite)
        } catch {
            throw fail(error.description)
        }
    }

    /// The members of an object, refusing keys that are not in `allowed`.
    public func object(_ value: JSONValue, at path: String, allowed: [String]) throws(RNNGradCheckError) -> [(key: String, value: JSONValue)] {
        guard case .object(let members) = value else {
            throw fail("\(path.isEmpty ? "the document" : path) must be an object, found \(value.kindDescription)")
        }
        for member in members where !allowed.contains(member.key) {
            let location = path.isEmpty ? "" : " in \(path)"
            throw fail("unknown key \"\(Echo.capped(member.key))\"\(location) (expected \(Self.list(allowed.map { "\"\($0)\"" })))")
        }
        return members
    }

    /// A required member.
    public func member(_ key: String, of members: [(key: String, value: JSONValue)], in path: String) throws(RNNGradCheckError) -> JSONValue {
        guard let value = members.first(where: { $0.key == key })?.value else {
            throw fail("missing key \"\(key)\"\(path.isEmpty ? "" : " in \(path)")")
        }
        return value
    }

    public func string(_ value: JSONValue, at path: String) throws(RNNGradCheckError) -> String {
        guard case .string(let s) = value else { throw fail("\(path) must be a string, found \(value.kindDescription)") }
        return s
    }

    /// A finite number; with `bounded`, within ±`largestMagnitude`.
    public func real(_ value: JSONValue, at path: String, bounded: Bool = true) throws(RNNGradCheckError) -> Double {
        guard case .number(let x, let literal) = value else {
            throw fail("\(path) must be a number, found \(value.kindDescription)")
        }
        if x.isNaN || literal.hasSuffix("Infinity") {
            throw fail("\(path) is \(literal): a NaN or an infinity is never a pass (every entry must be finite)")
        }
        guard x.isFinite else { throw fail("\(path) = \(Echo.capped(literal)) is out of the range of a double (about ±1.8e308)") }
        if bounded && abs(x) > Self.largestMagnitude {
            throw fail("\(path) = \(Echo.capped(literal)) is outside the accepted range ±1e6")
        }
        return x
    }

    /// A whole number in `range`.
    public func integer(_ value: JSONValue, at path: String, in range: ClosedRange<Int>, meaning: String) throws(RNNGradCheckError) -> Int {
        guard case .number(let x, let literal) = value else {
            throw fail("\(path) must be \(meaning), found \(value.kindDescription)")
        }
        guard x.isFinite, x.rounded() == x else { throw fail("\(path) must be \(meaning), found \(Echo.capped(literal))") }
        // Int(x) traps outside −2⁶³ ..< 2⁶³ (and Double(Int.max) rounds up to 2⁶³): test the double first.
        guard x >= -0x1p63, x < 0x1p63, range.contains(Int(x)) else {
            throw fail("\(path) = \(Echo.capped(literal)) is out of range: expected \(meaning)")
        }
        return Int(x)
    }

    /// A whole number ≥ 0 where any larger value means the same as a very large one (a truncation:
    /// every τ ≥ T − 1 is full BPTT). Numbers from 2⁶² up, which Int cannot always hold exactly, read as
    /// Int.max instead of failing.
    public func saturatingCount(_ value: JSONValue, at path: String, meaning: String) throws(RNNGradCheckError) -> Int {
        guard case .number(let x, let literal) = value else {
            throw fail("\(path) must be \(meaning), found \(value.kindDescription)")
        }
        guard x.isFinite, x.rounded() == x else { throw fail("\(path) must be \(meaning), found \(Echo.capped(literal))") }
        guard x >= 0 else { throw fail("\(path) = \(Echo.capped(literal)) is out of range: expected \(meaning)") }
        return x >= 0x1p62 ? Int.max : Int(x)
    }

    public func array(_ value: JSONValue, at path: String, of what: String) throws(RNNGradCheckError) -> [JSONValue] {
        guard case .array(let elements) = value else {
            throw fail("\(path) must be \(what), found \(value.kindDescription)")
        }
        return elements
    }

    /// A non-empty matrix written as an array of rows of equal length.
    public func matrix(_ value: JSONValue, at path: String, bounded: Bool = true) throws(RNNGradCheckError) -> Matrix<Double> {
        let rows = try array(value, at: path, of: "a matrix (an array of rows)")
        guard !rows.isEmpty else { throw fail("\(path) is empty: a matrix needs at least one row") }
        var storage: [Double] = []
        var columns = 0
        for (i, row) in rows.enumerated() {
            guard case .array(let entries) = row else {
                if case .number = row {
                    throw fail("\(path) must be a matrix (an array of rows), found a flat array of numbers: write [[…], […]]")
                }
                throw fail("\(path)[\(i)] must be a row (an array of numbers), found \(row.kindDescription)")
            }
            if i == 0 {
                columns = entries.count
                guard columns > 0 else { throw fail("\(path)[0] is empty: a matrix needs at least one column") }
            } else if entries.count != columns {
                throw fail("\(path) is ragged: row \(i) has \(entries.count) entries, row 0 has \(columns)")
            }
            for (j, entry) in entries.enumerated() {
                // The path of an entry is built only for its message.
                if case .number(let x, _) = entry, x.isFinite, !bounded || abs(x) <= Self.largestMagnitude {
                    storage.append(x)
                } else {
                    storage.append(try real(entry, at: "\(path)[\(i)][\(j)]", bounded: bounded))
                }
            }
        }
        return Matrix(rows: rows.count, columns: columns, storage: storage)
    }

    /// A non-empty vector written as an array of numbers.
    public func vector(_ value: JSONValue, at path: String, bounded: Bool = true) throws(RNNGradCheckError) -> Vector<Double> {
        let entries = try array(value, at: path, of: "a vector (an array of numbers)")
        guard !entries.isEmpty else { throw fail("\(path) is empty: a vector needs at least one entry") }
        var storage: [Double] = []
        for (i, entry) in entries.enumerated() {
            if case .array = entry {
                throw fail("\(path) must be a vector (a flat array of numbers), found nested arrays")
            }
            if case .number(let x, _) = entry, x.isFinite, !bounded || abs(x) <= Self.largestMagnitude {
                storage.append(x)
            } else {
                storage.append(try real(entry, at: "\(path)[\(i)]", bounded: bounded))
            }
        }
        return Vector(storage)
    }

    /// "a", "a or b", "a, b or c".
    public static func list(_ items: [String]) -> String {
        switch items.count {
        case 0: return ""
        case 1: return items[0]
        default: return items.dropLast().joined(separator: ", ") + " or " + items.last!
        }
    }
}
