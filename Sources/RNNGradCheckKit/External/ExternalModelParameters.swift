import RNNGradCheck

/// The parameters of a program's model as `check-model` sees them: named blocks of any shape (a
/// number is a scalar, nested arrays a vector, a matrix, a tensor of any rank), in the program's order.
public enum ExternalModelParameters {
    /// Reads `{NAME: VALUE, …}`: the "parameters" of a program's answer, or a `--parameters` file.
    /// Every failure is one line naming the path (`parameters.W[1]`), what was expected and what was
    /// found; non-finite entries are named by label (`W[2,1]`).
    ///
    /// - Parameter path: how messages name the object ("parameters"; empty for a file that is the
    ///   object itself).
    public static func decode(_ value: JSONValue, path: String) throws(ModelAnswerError) -> [NamedBlock] {
        let name = path.isEmpty ? "the document" : path
        guard case .object(let members) = value else {
            throw ModelAnswerError("\(name) must be an object of named parameters, found \(value.kindDescription)")
        }
        guard !members.isEmpty else { throw ModelAnswerError("\(name) is empty: there is nothing to check") }
        var blocks: [NamedBlock] = []
        for member in members {
            guard !member.key.isEmpty else { throw ModelAnswerError("\(name) has a parameter with an empty name") }
            let (dimensions, values) = try array(member.value, path: path.isEmpty ? member.key : "\(path).\(member.key)")
            let shape = Shape(dimensions: dimensions)
            if let i = values.firstIndex(where: { !$0.isFinite }) {
                throw ModelAnswerError("\(shape.label(member.key, entry: i)) is \(ExternalModelParameters.show(values[i])): the point to check must be finite")
            }
            blocks.append(NamedBlock(key: member.key, symbol: member.key, shape: shape, values: values))
        }
        return blocks
    }

    /// Reads a gradient that must have the names and shapes of `parameters` (in any order); the
    /// result is in the parameters' order. Non-finite entries are kept: the check names them.
    public static func decodeGradient(_ value: JSONValue, like parameters: [NamedBlock], path: String) throws(ModelAnswerError) -> [[Double]] {
        guard case .object(let members) = value else {
            throw ModelAnswerError("\(path) must be an object with one gradient per parameter, found \(value.kindDescription)")
        }
        let names = parameters.map(\.key)
        if let extra = members.first(where: { !names.contains($0.key) }) {
            throw ModelAnswerError("\(path) has \"\(extra.key)\", which is not a parameter (the parameters are \(list(names)))")
        }
        var gradient: [[Double]] = []
        for block in parameters {
            guard let member = members.first(where: { $0.key == block.key }) else {
                let missing = names.filter { name in !members.contains { $0.key == name } }
                throw ModelAnswerError("\(path) has no \(list(missing)): every parameter needs its gradient")
            }
            let memberPath = "\(path).\(block.key)"
            let (dimensions, values) = try array(member.value, path: memberPath)
            let shape = Shape(dimensions: dimensions)
            guard shape == block.shape else {
                throw ModelAnswerError("\(memberPath) has shape \(shape), but the parameter \(block.key) is \(block.shape)")
            }
            gradient.append(values)
        }
        return gradient
    }

    /// A number as a message shows it: its shortest literal, or NaN, Infinity, -Infinity.
    public static func show(_ x: Double) -> String {
        if x.isNaN { return "NaN" }
        if x.isInfinite { return x > 0 ? "Infinity" : "-Infinity" }
        return "\(x)"
    }

    /// A number or nested arrays of numbers: its dimensions (outermost first; none for a number) and
    /// its entries, row-major.
    static func array(_ value: JSONValue, path: String) throws(ModelAnswerError) -> (dimensions: [Int], values: [Double]) {
        switch value {
        case .number(let x, _):
            return ([], [x])
        case .array(let elements):
            guard !elements.isEmpty else { throw ModelAnswerError("\(path) is an empty array: a parameter needs at least one entry") }
            var dimensions: [Int]?
            var values: [Double] = []
            for (i, element) in elements.enumerated() {
                let (inner, entries) = try array(element, path: "\(path)[\(i)]")
                if let first = dimensions {
                    guard inner == first else {
                        throw ModelAnswerError("\(path) is ragged: \(path)[\(i)] \(describe(inner)) but \(path)[0] \(describe(first))")
                    }
                } else {
                    dimensions = inner
                }
                values += entries
            }
            return ([elements.count] + (dimensions ?? []), values)
        default:
            throw ModelAnswerError("\(path) must be a number or an array of numbers, found \(value.kindDescription)")
        }
    }

    /// "is a number", "has 3 entries", "has shape 2×3".
    private static func describe(_ dimensions: [Int]) -> String {
        switch dimensions.count {
        case 0: return "is a number"
        case 1: return "has \(dimensions[0]) entr\(dimensions[0] == 1 ? "y" : "ies")"
        default: return "has shape \(Shape(dimensions: dimensions))"
        }
    }

    /// "\"a\"", "\"a\" and \"b\"", "\"a\", \"b\" and \"c\"" (at most eight names, then "…").
    static func list(_ names: [String]) -> String {
        let quoted = names.prefix(8).map { "\"\(ModelSession.echo($0))\"" } + (names.count > 8 ? ["…"] : [])
        switch quoted.count {
        case 0: return "nothing"
        case 1: return quoted[0]
        default: return quoted.dropLast().joined(separator: ", ") + " and " + quoted.last!
        }
    }

    /// `{NAME: VALUE, …}` as JSON, in block order (for the JSON report).
    public static func json(_ blocks: [NamedBlock]) -> JSONValue {
        .object(blocks.map { block in (block.key, json(block.values[...], dimensions: block.shape.dimensions)) })
    }

    private static func json(_ values: ArraySlice<Double>, dimensions: [Int]) -> JSONValue {
        guard let first = dimensions.first else { return .number(values[values.startIndex]) }
        let inner = dimensions.dropFirst().reduce(1, *)
        return .array((0..<first).map { i in
            let start = values.startIndex + i * inner
            return json(values[start..<(start + inner)], dimensions: Array(dimensions.dropFirst()))
        })
    }
}

/// A malformed answer or parameters file: one line naming what is wrong.
public struct ModelAnswerError: Error, Sendable {
    public let message: String
    public init(_ message: String) { self.message = message }
}

/// Writes the requests of the protocol, one line each, with every number in its shortest
/// round-trip form. The text of every innermost row at the point is kept, so that a request that
/// changes one entry writes only that entry's row anew.
public struct ModelRequestWriter {
    public let blocks: [NamedBlock]
    private let names: [String]
    private let literals: [[String]]
    /// Per block, the text of each innermost row (`[1.5, -2.0]`; a scalar's literal).
    private let rows: [[String]]
    private let texts: [String]

    public init(blocks: [NamedBlock]) {
        self.blocks = blocks
        names = blocks.map { JSONWriter.quote($0.key) }
        literals = blocks.map { $0.values.map(JSONWriter.literal) }
        rows = zip(blocks, literals).map { block, literals in Self.rows(literals, dimensions: block.shape.dimensions) }
        texts = zip(blocks, rows).map { block, rows in Self.nest(rows[...], dimensions: block.shape.dimensions.dropLast()) }
    }

    /// `{"op": "parameters"}`.
    public static var parametersRequest: [UInt8] { Array(#"{"op": "parameters"}"#.utf8) }

    /// `{"op": OP, "parameters": {…}}` at the point.
    public func request(_ op: String) -> [UInt8] { line(op, texts: texts) }

    /// The request at the point with entry `entry` of block `block` set to `value`.
    public func request(_ op: String, block: Int, entry: Int, value: Double) -> [UInt8] {
        let dimensions = blocks[block].shape.dimensions
        let rowLength = dimensions.last ?? 1
        let row = entry / rowLength
        var changed = Array(literals[block][(row * rowLength)..<((row + 1) * rowLength)])
        changed[entry - row * rowLength] = JSONWriter.literal(value)
        var blockRows = rows[block]
        blockRows[row] = dimensions.isEmpty ? changed[0] : "[" + changed.joined(separator: ", ") + "]"
        var texts = self.texts
        texts[block] = Self.nest(blockRows[...], dimensions: dimensions.dropLast())
        return line(op, texts: texts)
    }

    /// The request at another point (flat per block, in block order).
    public func request(_ op: String, values: [[Double]]) -> [UInt8] {
        let texts = zip(blocks, values).map { block, values in
            Self.nest(Self.rows(values.map(JSONWriter.literal), dimensions: block.shape.dimensions)[...], dimensions: block.shape.dimensions.dropLast())
        }
        return line(op, texts: texts)
    }

    /// The innermost rows of a block as text; a scalar is one "row", its literal.
    private static func rows(_ literals: [String], dimensions: [Int]) -> [String] {
        guard let rowLength = dimensions.last else { return literals }
        return stride(from: 0, to: literals.count, by: rowLength).map { start in
            "[" + literals[start..<(start + rowLength)].joined(separator: ", ") + "]"
        }
    }

    /// Rows nested in the outer `dimensions` (all but the last).
    private static func nest(_ rows: ArraySlice<String>, dimensions: ArraySlice<Int>) -> String {
        guard let first = dimensions.first else { return rows[rows.startIndex] }
        let inner = rows.count / first
        var parts: [String] = []
        parts.reserveCapacity(first)
        for i in 0..<first {
            let start = rows.startIndex + i * inner
            parts.append(nest(rows[start..<(start + inner)], dimensions: dimensions.dropFirst()))
        }
        return "[" + parts.joined(separator: ", ") + "]"
    }

    private func line(_ op: String, texts: [String]) -> [UInt8] {
        var text = "{\"op\": \"\(op)\", \"parameters\": {"
        for i in texts.indices {
            if i > 0 { text += ", " }
            text += names[i] + ": " + texts[i]
        }
        text += "}}"
        return Array(text.utf8)
    }
}

extension ExternalModelParameters {
    /// Reads a `--parameters` file: the same object as the "parameters" of the program's answer.
    /// A malformed file is exit status 65, with the file named; with float32, every entry must be
    /// within float32's range.
    public static func read(_ bytes: [UInt8], source: String, precision: Precision) throws(RNNGradCheckError) -> [NamedBlock] {
        let reader = JSONReader(source: source)
        let value = try reader.parse(bytes)
        let blocks: [NamedBlock]
        do {
            blocks = try decode(value, path: "")
        } catch {
            throw reader.fail(error.message)
        }
        for block in blocks {
            if let i = block.values.firstIndex(where: { !precision.rounded($0).isFinite }) {
                throw reader.fail("\(block.label(ofEntry: i)) = \(ExternalModelParameters.show(block.values[i])) is beyond the range of \(precision.rawValue)")
            }
        }
        return blocks
    }
}
