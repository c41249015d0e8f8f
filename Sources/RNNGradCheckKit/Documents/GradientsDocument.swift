import RNNGradCheck

/// The gradients format (pinned; README "Gradients format"): what `gradients --json` writes and what
/// graders and `check-external` read.
///
///     { "notation": ..., "loss": <number>,
///       "gradients": { same keys and shapes as "parameters", each ∂loss/∂parameter } }
public struct GradientsDocument: Sendable {
    /// The notation's name.
    public let notation: String
    public let loss: Double
    /// Per parameter key, the gradient's entries (flat, row-major), in the notation's block order.
    public let gradients: [(key: String, values: [Double])]
    /// The optional "per_step" member: `[t][τ]` the contribution of output t at lag τ (step t − τ),
    /// flat per block in block order, for τ = 0 … min(t, truncation); one entry per output, its whole
    /// contribution, for a notation without truncation. It lets `check-external` say at which time step
    /// a wrong gradient goes wrong (notes/dynamics.md).
    public var perStep: [[[[Double]]]]? = nil
    /// What a program's answer advertises under "extensions" ("fixture-lines": it can stay running
    /// and answer one fixture per line, notes/grading.md).
    public var extensions: [String] = []

    public func values(of key: String) -> [Double]? { gradients.first { $0.key == key }?.values }

    /// The schema name written in every gradients document (optional in the ones read).
    public static let schema = "rnn-gradcheck/gradients/1"

    /// The document for a problem's hand-derived gradient (with its own truncation).
    public static func encode(_ problemCase: ProblemCase) -> JSONValue {
        encode(problemCase, blocks: problemCase.gradientBlocks)
    }

    /// The document for `blocks`, gradients computed some other way (a catalogued bug's).
    public static func encode(_ problemCase: ProblemCase, blocks: [NamedBlock]) -> JSONValue {
        let problem = problemCase.problem
        return .object([
            ("schema", .string(schema)),
            ("notation", .string(problemCase.notation.name)),
            ("loss", .number(problem.loss())),
            ("gradients", .object(blocks.map { ($0.key, Fixture.encodeBlock($0.values, shape: $0.shape)) })),
        ])
    }

    /// "per_step" for contributions `[t][τ]` (flat per block, block order), each a gradients object.
    public static func encodeSteps(_ steps: [[[[Double]]]], problem: any NotationProblem) -> JSONValue {
        let blocks = problem.parameterBlocks
        return .array(steps.map { lags in
            .array(lags.map { values in
                .object(zip(blocks, values).map { block, entries in (block.key, Fixture.encodeBlock(entries, shape: block.shape)) })
            })
        })
    }

    /// The top-level members of a gradients document, with its optional "notation" checked against
    /// the notation it must be written in (`subject` names what is written in it, for the message).
    /// `extraKeys` are allowed besides the format's own (an answer's "values" and "student").
    public static func topLevel(
        _ text: [UInt8], reader: JSONReader, notation: AnyNotation, subject: String, extraKeys: [String] = []
    ) throws(RNNGradCheckError) -> [(key: String, value: JSONValue)] {
        // NaN and Infinity (python writes them) are read as numbers so that the message names the entry.
        let members = try reader.object(
            try reader.parse(text, acceptingNonFinite: true), at: "",
            allowed: ["schema", "notation", "loss", "gradients", "description", "source"] + extraKeys)
        if let value = members.first(where: { $0.key == "notation" })?.value {
            let name = try reader.string(value, at: "notation")
            guard name == notation.name else {
                throw reader.fail("notation is \"\(Echo.capped(name))\" but \(subject) is written in \(notation.name)")
            }
        }
        return members
    }

    /// Reads a gradients document that must answer `problemCase`: the same notation, every key, and
    /// each gradient shaped like its parameter. Gradient entries need only be finite (exploding
    /// gradients are legitimate answers).
    public static func decode(_ text: [UInt8], source: String, for problemCase: ProblemCase) throws(RNNGradCheckError) -> GradientsDocument {
        let reader = JSONReader(source: source)
        let members = try topLevel(text, reader: reader, notation: problemCase.notation, subject: "the problem", extraKeys: ["per_step", "extensions"])
        let notation = problemCase.notation
        let loss = try reader.real(try reader.member("loss", of: members, in: ""), at: "loss", bounded: false)
        let gradients = try blocks(try reader.member("gradients", of: members, in: ""), at: "gradients", reader: reader, for: problemCase)
        var document = GradientsDocument(notation: notation.name, loss: loss, gradients: gradients)
        document.extensions = try extensions(members, reader: reader)
        if let perStep = members.first(where: { $0.key == "per_step" })?.value {
            document.perStep = try steps(perStep, reader: reader, for: problemCase)
        }
        return document
    }

    /// A gradients object at `path`: every key of the notation, each shaped like its parameter.
    static func blocks(_ value: JSONValue, at path: String, reader: JSONReader, for problemCase: ProblemCase) throws(RNNGradCheckError) -> [(key: String, values: [Double])] {
        let gradientMembers = try reader.object(value, at: path, allowed: problemCase.notation.parameterKeys)
        var gradients: [(key: String, values: [Double])] = []
        for block in problemCase.problem.parameterBlocks {
            let blockPath = "\(path).\(block.key)"
            let value = try reader.member(block.key, of: gradientMembers, in: path)
            switch block.shape {
            case .matrix(let rows, let columns):
                let m = try reader.matrix(value, at: blockPath, bounded: false)
                guard m.rows == rows && m.columns == columns else {
                    throw reader.fail("\(blockPath) must be \(rows)×\(columns) like parameters.\(block.key), found \(m.rows)×\(m.columns)")
                }
                gradients.append((block.key, m.storage))
            case .vector(let count):
                let v = try reader.vector(value, at: blockPath, bounded: false)
                guard v.count == count else {
                    throw reader.fail("\(blockPath) must have \(count) entries like parameters.\(block.key), found \(v.count)")
                }
                gradients.append((block.key, v.storage))
            case .tensor:
                preconditionFailure("the registered notations' blocks are matrices and vectors")
            }
        }
        return gradients
    }

    /// "extensions": what a program's answer advertises.
    static func extensions(_ members: [(key: String, value: JSONValue)], reader: JSONReader) throws(RNNGradCheckError) -> [String] {
        var extensions: [String] = []
        if let value = members.first(where: { $0.key == "extensions" })?.value {
            for (i, element) in try reader.array(value, at: "extensions", of: "an array of strings").enumerated() {
                extensions.append(try reader.string(element, at: "extensions[\(i)]"))
            }
        }
        return extensions
    }

    /// "per_step": T arrays, array t holding the gradients objects of lags 0 … min(t, τ) (one object,
    /// output t's whole contribution, for a notation without truncation).
    static func steps(_ value: JSONValue, reader: JSONReader, for problemCase: ProblemCase) throws(RNNGradCheckError) -> [[[[Double]]]] {
        let outputs = try reader.array(value, at: "per_step", of: "an array with one entry per output")
        let T = problemCase.problem.steps
        guard outputs.count == T else {
            throw reader.fail("per_step must have one entry per output t = 0…\(T - 1) (\(T)), found \(outputs.count)")
        }
        let hasLags = problemCase.notation.truncationName != nil
        var steps: [[[[Double]]]] = []
        for (t, output) in outputs.enumerated() {
            let lags = try reader.array(output, at: "per_step[\(t)]", of: "an array of gradients objects, one per lag")
            let expected = hasLags ? min(t, problemCase.truncation ?? t) + 1 : 1
            guard lags.count == expected else {
                let what = hasLags ? "one gradients object per lag τ = 0…\(expected - 1)" : "one gradients object (\(problemCase.notation.name) has no truncation, so no lags)"
                throw reader.fail("per_step[\(t)] must hold \(what), found \(lags.count)")
            }
            var perLag: [[[Double]]] = []
            for (tau, lag) in lags.enumerated() {
                perLag.append(try blocks(lag, at: "per_step[\(t)][\(tau)]", reader: reader, for: problemCase).map(\.values))
            }
            steps.append(perLag)
        }
        return steps
    }
}
