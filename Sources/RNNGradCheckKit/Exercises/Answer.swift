import RNNGradCheck

/// A student's answer to an exercise: the gradients format of the README, read leniently.
///
/// Leniency, where it helps a grader tell a student *what* is wrong: only the items the exercise asks
/// for must be present (others are ignored); a matrix given with the transposed shape is read as such
/// and graded as the mistake "transposed"; a vector may be written as a one-row or one-column matrix
/// (numpy's (M, 1) arrays). Everything else is the pinned format: a wrong shape, a missing key or a
/// string where a number belongs is malformed input (exit status 65), named in one line.
public struct Answer {
    /// One answered block, flat and row-major in the layout the student gave.
    public struct Block {
        public let values: [Double]
        /// The student's matrix is the transpose of the expected shape (and not square).
        public let transposedShape: Bool
    }

    public let loss: Double
    /// Per asked parameter key.
    public let blocks: [String: Block]

    public static func decode(_ text: [UInt8], source: String, for exercise: Exercise, problemCase: ProblemCase) throws(RNNGradCheckError) -> Answer {
        let reader = JSONReader(source: source)
        let members = try GradientsDocument.topLevel(text, reader: reader, notation: problemCase.notation, subject: "exercise \(exercise.number)")
        let notation = problemCase.notation
        let asked = "exercise \(exercise.number) asks for \(JSONReader.list(exercise.items))"
        guard let lossValue = members.first(where: { $0.key == "loss" })?.value else {
            throw reader.fail("missing key \"loss\" (\(asked))")
        }
        let loss = try reader.real(lossValue, at: "loss", bounded: false)
        var blocks: [String: Block] = [:]
        guard !exercise.gradients.isEmpty else { return Answer(loss: loss, blocks: blocks) }
        guard let gradientsValue = members.first(where: { $0.key == "gradients" })?.value else {
            throw reader.fail("missing key \"gradients\" (\(asked))")
        }
        let gradientMembers = try reader.object(gradientsValue, at: "gradients", allowed: notation.parameterKeys)
        for key in exercise.gradients {
            guard let parameter = problemCase.problem.parameterBlocks.first(where: { $0.key == key }) else { continue }
            guard let value = gradientMembers.first(where: { $0.key == key })?.value else {
                throw reader.fail("missing key \"\(key)\" in gradients (\(asked))")
            }
            blocks[key] = try block(value, at: "gradients.\(key)", like: parameter, reader)
        }
        return Answer(loss: loss, blocks: blocks)
    }

    private static func block(_ value: JSONValue, at path: String, like parameter: NamedBlock, _ reader: JSONReader) throws(RNNGradCheckError) -> Block {
        switch parameter.shape {
        case .matrix(let rows, let columns):
            let m = try reader.matrix(value, at: path, bounded: false)
            if m.rows == rows && m.columns == columns { return Block(values: m.storage, transposedShape: false) }
            if m.rows == columns && m.columns == rows { return Block(values: m.storage, transposedShape: true) }
            throw reader.fail("\(path) must be \(rows)×\(columns) like parameters.\(parameter.key), found \(m.rows)×\(m.columns)")
        case .vector(let count):
            // A vector, or a one-row or one-column matrix holding one.
            if case .array(let elements) = value, elements.contains(where: { if case .array = $0 { return true } else { return false } }) {
                let m = try reader.matrix(value, at: path, bounded: false)
                guard (m.rows == 1 || m.columns == 1), m.storage.count == count else {
                    throw reader.fail("\(path) must have \(count) entries like parameters.\(parameter.key), found a \(m.rows)×\(m.columns) matrix")
                }
                return Block(values: m.storage, transposedShape: false)
            }
            let v = try reader.vector(value, at: path, bounded: false)
            guard v.count == count else {
                throw reader.fail("\(path) must have \(count) entries like parameters.\(parameter.key), found \(v.count)")
            }
            return Block(values: v.storage, transposedShape: false)
        case .tensor:
            preconditionFailure("the registered notations' blocks are matrices and vectors")
        }
    }
}
