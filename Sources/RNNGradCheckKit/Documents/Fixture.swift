import RNNGradCheck

/// The fixture format (pinned; README "Fixture format"):
///
///     { "notation": <a registered notation's name>,
///       "parameters": { <key>: matrix as an array of rows | vector },
///       "inputs": ..., "targets": ...,
///       "truncate": <int, optional; absent = full BPTT> }
///
/// Everything notation-specific comes from the registry: the parameter keys and the size symbols of
/// their dimensions, how inputs and targets are written (token ids or rows of reals), the model options
/// (index-wise's "output_activation"). Optional "description" and "source" strings say what the fixture
/// is and where its numbers come from.
public enum Fixture {
    public static let baseKeys = ["schema", "notation", "parameters", "inputs", "targets", "truncate", "description", "source"]

    /// The schema name written in every fixture (optional in the ones read).
    public static let schema = "rnn-gradcheck/fixture/1"

    /// Every top-level key some notation accepts.
    public static var topLevelKeys: [String] {
        var keys = baseKeys
        for notation in NotationRegistry.all {
            for option in notation.options where !keys.contains(option.key) { keys.append(option.key) }
        }
        return keys
    }

    /// Reads a fixture document. `source` names the file in messages.
    public static func decode(_ text: [UInt8], source: String) throws(RNNGradCheckError) -> ProblemCase {
        let reader = JSONReader(source: source)
        let document = try reader.parse(text)
        let members = try reader.object(document, at: "", allowed: topLevelKeys)
        let notationName = try reader.string(try reader.member("notation", of: members, in: ""), at: "notation")
        guard let notation = NotationRegistry.named(notationName) else {
            throw reader.fail("unknown notation \"\(Echo.capped(notationName))\" (expected \(JSONReader.list(NotationRegistry.all.map(\.name))))")
        }
        for key in ["schema", "description", "source"] {
            if let value = members.first(where: { $0.key == key })?.value { _ = try reader.string(value, at: key) }
        }
        let options = try modelOptions(members, notation: notation, reader)
        let parameterMembers = try reader.object(
            try reader.member("parameters", of: members, in: ""), at: "parameters", allowed: notation.parameterKeys)

        // The blocks in the notation's order; each size symbol is bound by the first block that has it.
        var sizes = SizeBindings()
        var parameters: [[Double]] = []
        for layout in notation.blocks {
            let value = try reader.member(layout.key, of: parameterMembers, in: "parameters")
            let path = "parameters.\(layout.key)"
            let (values, shape) = try block(value, at: path, rank: layout.dimensions.count, reader)
            try sizes.bind(layout, shape: shape, at: path, reader)
            parameters.append(values)
        }

        let inputs = try sequence(try reader.member("inputs", of: members, in: ""), at: "inputs", layout: notation.inputs, sizes: &sizes, reader)
        let targets = try sequence(try reader.member("targets", of: members, in: ""), at: "targets", layout: notation.targets, sizes: &sizes, reader)
        guard inputs.count == targets.count else {
            throw reader.fail("inputs has \(inputs.count) steps but targets has \(targets.count): they must have the same length T")
        }
        var truncation: Int?
        if let value = members.first(where: { $0.key == "truncate" })?.value, value != .null {
            guard let name = notation.truncationName else {
                throw reader.fail("truncate: \(notation.name) has no truncation (its BPTT always reaches the first step of the sequence); remove the key")
            }
            truncation = try reader.saturatingCount(value, at: "truncate", meaning: "a non-negative integer (the truncation τ, \(name))")
        }
        var values = sizes.values
        values["T"] = inputs.count
        let problem = notation.problem(
            parameters: parameters, sizes: values, inputs: inputs, targets: targets, options: options, truncation: truncation)
        return ProblemCase(notation: notation, problem: problem, origin: source)
    }

    /// The values of the notation's model options; an option of another notation is refused by name.
    private static func modelOptions(
        _ members: [(key: String, value: JSONValue)], notation: AnyNotation, _ reader: JSONReader
    ) throws(RNNGradCheckError) -> [String: String] {
        var options: [String: String] = [:]
        for member in members where !baseKeys.contains(member.key) {
            guard let option = notation.options.first(where: { $0.key == member.key }) else {
                let owners = NotationRegistry.all.filter { $0.options.contains { $0.key == member.key } }.map(\.name)
                throw reader.fail("\(member.key) applies to \(JSONReader.list(owners)) only, not to \(notation.name)")
            }
            let name = try reader.string(member.value, at: member.key)
            guard option.values.contains(name) else {
                throw reader.fail("\(member.key) is \"\(Echo.capped(name))\" (expected \(JSONReader.list(option.values.map { "\"\($0)\"" })))")
            }
            options[option.key] = name
        }
        return options
    }

    /// A matrix (rank 2) or a vector (rank 1), flat, with its shape.
    private static func block(_ value: JSONValue, at path: String, rank: Int, _ reader: JSONReader) throws(RNNGradCheckError) -> ([Double], Shape) {
        if rank == 1 {
            let v = try reader.vector(value, at: path)
            return (v.storage, v.shape)
        }
        let m = try reader.matrix(value, at: path)
        return (m.storage, m.shape)
    }

    /// The size symbols seen so far, each with the block that fixed it.
    public struct SizeBindings {
        private(set) var values: [String: Int] = [:]
        /// Per symbol: the block key, its shape, and the symbols of its dimensions.
        private var binders: [String: (key: String, shape: Shape, dimensions: [String])] = [:]

        /// "U is 4×8: H=4, K=8" for the blocks that fixed `symbols`.
        func origin(of symbols: [String]) -> String {
            var seen: [String] = []
            var parts: [String] = []
            for symbol in symbols {
                guard let binder = binders[symbol], !seen.contains(binder.key) else { continue }
                seen.append(binder.key)
                var names: [String] = []
                for (name, extent) in zip(binder.dimensions, binder.shape.dimensions) where !names.contains("\(name)=\(extent)") {
                    names.append("\(name)=\(extent)")
                }
                parts.append("\(binder.key) is \(binder.shape): \(names.joined(separator: ", "))")
            }
            return parts.joined(separator: "; ")
        }

        /// "U has K=8 columns": where a single symbol comes from.
        func source(of symbol: String) -> String {
            guard let binder = binders[symbol], let axis = binder.dimensions.firstIndex(of: symbol) else { return "" }
            let extent = binder.shape.dimensions[axis]
            let what = binder.dimensions.count == 1 ? "entries" : axis == 0 ? "rows" : "columns"
            return "\(binder.key) has \(symbol)=\(extent) \(what)"
        }

        /// Binds the block's dimensions, or checks them against the bound ones.
        mutating func bind(_ layout: BlockLayout, shape: Shape, at path: String, _ reader: JSONReader) throws(RNNGradCheckError) {
            let extents = shape.dimensions
            let bound = layout.dimensions.filter { values[$0] != nil }
            var fits = true
            var local: [String: Int] = [:]
            for (symbol, extent) in zip(layout.dimensions, extents) {
                if let expected = values[symbol] ?? local[symbol], expected != extent { fits = false }
                local[symbol] = extent
            }
            guard fits else {
                let origin = origin(of: bound)
                let symbols = layout.dimensions
                if layout.dimensions.count == 1 {
                    throw reader.fail("\(path) must have \(symbols[0])=\(values[symbols[0]]!) entries (\(origin)), found \(extents[0])")
                }
                let form = symbols.joined(separator: "×")
                if bound.count == symbols.count {
                    let expected = symbols.map { String(values[$0]!) }.joined(separator: "×")
                    throw reader.fail("\(path) must be \(form) = \(expected) (\(origin)), found \(shape)")
                }
                let known = bound.map { "\($0)=\(values[$0]!)" }.joined(separator: ", ")
                throw reader.fail("\(path) must be \(form) with \(known) (\(origin)), found \(shape)")
            }
            for (symbol, extent) in local where values[symbol] == nil {
                values[symbol] = extent
                binders[symbol] = (layout.key, shape, layout.dimensions)
            }
        }

        /// Binds a size from a sequence's row width when no block has it.
        mutating func bindWidth(_ symbol: String, to extent: Int, from path: String) {
            guard values[symbol] == nil else { return }
            values[symbol] = extent
            binders[symbol] = (path, .vector(count: extent), [symbol])
        }
    }

    /// Inputs or targets, as the notation's layout says.
    private static func sequence(
        _ value: JSONValue, at path: String, layout: SequenceLayout, sizes: inout SizeBindings, _ reader: JSONReader
    ) throws(RNNGradCheckError) -> SequenceData {
        switch layout {
        case .tokens(let symbol):
            let elements = try reader.array(value, at: path, of: "an array of token ids")
            guard !elements.isEmpty else { throw reader.fail("\(path) is empty: a sequence needs at least one step") }
            guard let K = sizes.values[symbol] else { preconditionFailure("the vocabulary \(symbol) is fixed by a parameter block") }
            var ids: [Int] = []
            ids.reserveCapacity(elements.count)
            for (t, element) in elements.enumerated() {
                // The message is built only for an id that is not one.
                if case .number(let x, _) = element, x >= 0, x < Double(K), x.rounded() == x {
                    ids.append(Int(x))
                } else {
                    ids.append(try reader.integer(
                        element, at: "\(path)[\(t)]", in: 0...(K - 1), meaning: "a token id in 0..<\(K) (\(sizes.source(of: symbol)))"))
                }
            }
            return .tokens(ids)
        case .vectors(let symbol):
            let rows = try reader.array(value, at: path, of: "an array of T rows of numbers")
            guard !rows.isEmpty else { throw reader.fail("\(path) is empty: a sequence needs at least one step") }
            let matrix = try reader.matrix(value, at: path)
            if sizes.values[symbol] == nil { sizes.bindWidth(symbol, to: matrix.columns, from: path) }
            let width = sizes.values[symbol]!
            guard matrix.columns == width else {
                throw reader.fail("\(path) rows must have \(symbol)=\(width) entries (\(sizes.origin(of: [symbol]))), found \(matrix.columns)")
            }
            return .vectors(matrix.rowArrays)
        }
    }

    // MARK: - Writing

    /// The fixture document for a case.
    public static func encode(_ problemCase: ProblemCase, description: String? = nil) -> JSONValue {
        let problem = problemCase.problem
        var members: [(key: String, value: JSONValue)] = [("schema", .string(schema)), ("notation", .string(problemCase.notation.name))]
        if let description { members.append(("description", .string(description))) }
        members.append(("parameters", .object(problem.parameterBlocks.map { ($0.key, encodeBlock($0.values, shape: $0.shape)) })))
        members.append(("inputs", encode(problem.inputSequence)))
        members.append(("targets", encode(problem.targetSequence)))
        for option in problemCase.notation.options {
            if let value = problem.modelOptions[option.key], value != option.defaultValue { members.append((option.key, .string(value))) }
        }
        if let truncation = problem.truncation { members.append(("truncate", .integer(truncation))) }
        return .object(members)
    }

    /// Token ids as integers, rows as arrays of numbers.
    public static func encode(_ sequence: SequenceData) -> JSONValue {
        switch sequence {
        case .tokens(let ids): return .array(ids.map { .integer($0) })
        case .vectors(let rows): return .array(rows.map { row in .array(row.map { .number($0) }) })
        }
    }

    /// A block as JSON: nested arrays, one level per dimension (a scalar is a number).
    public static func encodeBlock(_ values: [Double], shape: Shape) -> JSONValue {
        func nested(_ dimensions: ArraySlice<Int>, offset: Int) -> JSONValue {
            guard let first = dimensions.first else { return .number(values[offset]) }
            let stride = dimensions.dropFirst().reduce(1, *)
            return .array((0..<first).map { nested(dimensions.dropFirst(), offset: offset + $0 * stride) })
        }
        return nested(shape.dimensions[...], offset: 0)
    }
}
