import RNNGradCheck

/// The fixture format (pinned; README "Fixture format"):
///
///     { "notation": "wildml" | "denominator-layout" | "index-wise",
///       "parameters": { <symbol>: matrix as an array of rows | vector },
///       "inputs": ..., "targets": ...,
///       "truncate": <int, optional; absent = full BPTT> }
///
/// Optional "description" and "source" strings say what the fixture is and where its numbers come from.
/// Index-wise fixtures may set "output_activation": "softmax" (seed 001's other g; default "sigmoid").
public enum Fixture {
    static let topLevelKeys = ["notation", "parameters", "inputs", "targets", "truncate", "output_activation", "description", "source"]

    /// Reads a fixture document. `source` names the file in messages.
    public static func decode(_ text: [UInt8], source: String) throws(CLIError) -> ProblemCase {
        let reader = JSONReader(source: source)
        let document = try reader.parse(text)
        let members = try reader.object(document, at: "", allowed: topLevelKeys)
        let notationName = try reader.string(try reader.member("notation", of: members, in: ""), at: "notation")
        guard let notation = Notation(rawValue: notationName) else {
            throw reader.fail("unknown notation \"\(notationName)\" (expected \(Notation.names))")
        }
        for key in ["description", "source"] {
            if let value = members.first(where: { $0.key == key })?.value { _ = try reader.string(value, at: key) }
        }
        let parameterMembers = try reader.object(
            try reader.member("parameters", of: members, in: ""), at: "parameters", allowed: notation.parameterKeys)
        func parameter(_ key: String) throws(CLIError) -> JSONValue {
            try reader.member(key, of: parameterMembers, in: "parameters")
        }
        let inputs = try reader.member("inputs", of: members, in: "")
        let targets = try reader.member("targets", of: members, in: "")
        var truncate: Int?
        if let value = members.first(where: { $0.key == "truncate" })?.value, value != .null {
            truncate = try reader.integer(value, at: "truncate", in: 0...Int.max, meaning: "a non-negative integer (the truncation τ)")
        }

        var outputActivation = IndexWise.OutputActivation.sigmoid
        if let value = members.first(where: { $0.key == "output_activation" })?.value {
            let name = try reader.string(value, at: "output_activation")
            guard notation == .indexWise else {
                throw reader.fail("output_activation applies to index-wise only (\(notation.rawValue) has a softmax output)")
            }
            guard let activation = IndexWise.OutputActivation(rawValue: name) else {
                throw reader.fail("output_activation is \"\(name)\" (expected \"sigmoid\" or \"softmax\")")
            }
            outputActivation = activation
        }

        let problem: any BPTTProblem
        switch notation {
        case .wildml:
            let U = try reader.matrix(try parameter("U"), at: "parameters.U")
            let (H, K) = (U.rows, U.columns)
            let V = try reader.matrix(try parameter("V"), at: "parameters.V")
            try expectShape(V, rows: K, columns: H, at: "parameters.V", meaning: "K×H", from: "U is \(H)×\(K): H=\(H), K=\(K)", reader)
            let W = try reader.matrix(try parameter("W"), at: "parameters.W")
            try expectShape(W, rows: H, columns: H, at: "parameters.W", meaning: "H×H", from: "U is \(H)×\(K)", reader)
            let (x, y) = try tokenSequences(inputs, targets, vocabulary: K, from: "U has K=\(K) columns", reader)
            problem = Wildml.Problem(rnn: Wildml.RNN(U: U, V: V, W: W, bpttTruncate: truncate ?? x.count), x: x, y: y)
        case .denominatorLayout:
            let WIn = try reader.matrix(try parameter("W_in"), at: "parameters.W_in")
            let (H, K) = (WIn.rows, WIn.columns)
            let WRec = try reader.matrix(try parameter("W_rec"), at: "parameters.W_rec")
            try expectShape(WRec, rows: H, columns: H, at: "parameters.W_rec", meaning: "H×H", from: "W_in is \(H)×\(K)", reader)
            let WOut = try reader.matrix(try parameter("W_out"), at: "parameters.W_out")
            try expectShape(WOut, rows: K, columns: H, at: "parameters.W_out", meaning: "K×H", from: "W_in is \(H)×\(K): H=\(H), K=\(K)", reader)
            let (x, y) = try tokenSequences(inputs, targets, vocabulary: K, from: "W_in has K=\(K) columns", reader)
            problem = DenominatorLayout.Problem(parameters: .init(WIn: WIn, WRec: WRec, WOut: WOut), x: x, y: y, truncate: truncate)
        case .indexWise:
            let v = try reader.matrix(try parameter("V"), at: "parameters.V")
            let (M, N) = (v.rows, v.columns)
            let u = try reader.matrix(try parameter("U"), at: "parameters.U")
            try expectShape(u, rows: M, columns: M, at: "parameters.U", meaning: "M×M", from: "V is \(M)×\(N): M=\(M), N=\(N)", reader)
            let w = try reader.matrix(try parameter("W"), at: "parameters.W")
            guard w.columns == M else {
                throw reader.fail("parameters.W must be O×M with M=\(M) columns (V is \(M)×\(N)), found \(w.rows)×\(w.columns)")
            }
            let O = w.rows
            let thetaJ = try reader.vector(try parameter("theta_j"), at: "parameters.theta_j")
            guard thetaJ.count == M else {
                throw reader.fail("parameters.theta_j must have M=\(M) entries (V is \(M)×\(N)), found \(thetaJ.count)")
            }
            let thetaK = try reader.vector(try parameter("theta_k"), at: "parameters.theta_k")
            guard thetaK.count == O else {
                throw reader.fail("parameters.theta_k must have O=\(O) entries (W is \(O)×\(M)), found \(thetaK.count)")
            }
            let x = try realSequence(inputs, at: "inputs", width: N, widthName: "N", from: "V is \(M)×\(N)", reader)
            let d = try realSequence(targets, at: "targets", width: O, widthName: "O", from: "W is \(O)×\(M)", reader)
            guard x.count == d.count else {
                throw reader.fail("inputs has \(x.count) steps but targets has \(d.count): they must have the same length T")
            }
            problem = IndexWise.Problem(
                network: .init(v: v, u: u, w: w, thetaJ: thetaJ, thetaK: thetaK, g: outputActivation), x: x, d: d,
                unfoldingDepth: truncate)
        }
        return ProblemCase(notation: notation, problem: problem, truncate: truncate, origin: source)
    }

    private static func expectShape(
        _ m: Matrix<Double>, rows: Int, columns: Int, at path: String, meaning: String, from: String, _ reader: JSONReader
    ) throws(CLIError) {
        guard m.rows == rows && m.columns == columns else {
            throw reader.fail("\(path) must be \(meaning) = \(rows)×\(columns) (\(from)), found \(m.rows)×\(m.columns)")
        }
    }

    /// Token ids in 0..<K for inputs and targets, of one length T ≥ 1.
    private static func tokenSequences(
        _ inputs: JSONValue, _ targets: JSONValue, vocabulary K: Int, from: String, _ reader: JSONReader
    ) throws(CLIError) -> ([Int], [Int]) {
        func tokens(_ value: JSONValue, at path: String) throws(CLIError) -> [Int] {
            let elements = try reader.array(value, at: path, of: "an array of token ids")
            guard !elements.isEmpty else { throw reader.fail("\(path) is empty: a sequence needs at least one step") }
            var ids: [Int] = []
            for (t, element) in elements.enumerated() {
                ids.append(try reader.integer(element, at: "\(path)[\(t)]", in: 0...(K - 1), meaning: "a token id in 0..<\(K) (\(from))"))
            }
            return ids
        }
        let x = try tokens(inputs, at: "inputs")
        let y = try tokens(targets, at: "targets")
        guard x.count == y.count else {
            throw reader.fail("inputs has \(x.count) steps but targets has \(y.count): they must have the same length T")
        }
        return (x, y)
    }

    /// T rows of `width` real numbers (index-wise inputs and targets).
    private static func realSequence(
        _ value: JSONValue, at path: String, width: Int, widthName: String, from: String, _ reader: JSONReader
    ) throws(CLIError) -> [[Double]] {
        let rows = try reader.array(value, at: path, of: "an array of T rows of \(width) numbers")
        guard !rows.isEmpty else { throw reader.fail("\(path) is empty: a sequence needs at least one step") }
        let matrix = try reader.matrix(value, at: path)
        guard matrix.columns == width else {
            throw reader.fail("\(path) rows must have \(widthName)=\(width) entries (\(from)), found \(matrix.columns)")
        }
        return matrix.rowArrays
    }

    // MARK: - Writing

    /// The fixture document for a case.
    public static func encode(_ problemCase: ProblemCase, description: String? = nil) -> JSONValue {
        var members: [(key: String, value: JSONValue)] = [("notation", .string(problemCase.notation.rawValue))]
        if let description { members.append(("description", .string(description))) }
        members.append(("parameters", .object(problemCase.problem.parameterBlocks.map { ($0.key, encodeBlock($0.values, shape: $0.shape)) })))
        switch problemCase.problem {
        case let p as Wildml.Problem<Double>:
            members.append(("inputs", .array(p.x.map { .integer($0) })))
            members.append(("targets", .array(p.y.map { .integer($0) })))
        case let p as DenominatorLayout.Problem<Double>:
            members.append(("inputs", .array(p.x.map { .integer($0) })))
            members.append(("targets", .array(p.y.map { .integer($0) })))
        case let p as IndexWise.Problem<Double>:
            members.append(("inputs", .array(p.x.map { row in .array(row.map { .number($0) }) })))
            members.append(("targets", .array(p.d.map { row in .array(row.map { .number($0) }) })))
            if p.network.g != .sigmoid { members.append(("output_activation", .string(p.network.g.rawValue))) }
        default:
            break
        }
        if let truncate = problemCase.truncate { members.append(("truncate", .integer(truncate))) }
        return .object(members)
    }

    /// A block as JSON: an array of rows for a matrix, an array of numbers for a vector.
    static func encodeBlock(_ values: [Double], shape: Shape) -> JSONValue {
        switch shape {
        case .matrix(let rows, let columns):
            return .array((0..<rows).map { i in .array((0..<columns).map { j in .number(values[i * columns + j]) }) })
        case .vector:
            return .array(values.map { .number($0) })
        }
    }
}
