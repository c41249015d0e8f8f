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
        let members = try topLevel(text, reader: reader, notation: problemCase.notation, subject: "the problem", extraKeys: ["extensions"])
        let notation = problemCase.notation
        let loss = try reader.real(try reader.member("loss", of: members, in: ""), at: "loss", bounded: false)
        let gradientMembers = try reader.object(
            try reader.member("gradients", of: members, in: ""), at: "gradients", allowed: notation.parameterKeys)
        var gradients: [(key: String, values: [Double])] = []
        for block in problemCase.problem.parameterBlocks {
            let path = "gradients.\(block.key)"
            let value = try reader.member(block.key, of: gradientMembers, in: "gradients")
            switch block.shape {
            case .matrix(let rows, let columns):
                let m = try reader.matrix(value, at: path, bounded: false)
                guard m.rows == rows && m.columns == columns else {
                    throw reader.fail("\(path) must be \(rows)×\(columns) like parameters.\(block.key), found \(m.rows)×\(m.columns)")
                }
                gradients.append((block.key, m.storage))
            case .vector(let count):
                let v = try reader.vector(value, at: path, bounded: false)
                guard v.count == count else {
                    throw reader.fail("\(path) must have \(count) entries like parameters.\(block.key), found \(v.count)")
                }
                gradients.append((block.key, v.storage))
            case .tensor:
                preconditionFailure("the registered notations' blocks are matrices and vectors")
            }
        }
        var extensions: [String] = []
        if let value = members.first(where: { $0.key == "extensions" })?.value {
            for (i, element) in try reader.array(value, at: "extensions", of: "an array of strings").enumerated() {
                extensions.append(try reader.string(element, at: "extensions[\(i)]"))
            }
        }
        return GradientsDocument(notation: notation.name, loss: loss, gradients: gradients, extensions: extensions)
    }
}
