import RNNGradCheck

/// A student's answer to an exercise: the gradients format of the README, read leniently, extended by
/// two optional keys:
///
///     "values":  { ITEM: value }  the items of an exercise whose answer is not a loss and gradients:
///                                 a matrix ("J", "bias_U"), a Boolean ("vanishes"), a catalog id
///                                 ("bug"), a line number ("step")
///     "student": "ID"             the student whose variant the answer is for (exercise show --student
///                                 writes it in the template)
///
/// and "extensions", which a program's answer to check-external may carry, is ignored.
///
/// Leniency, where it helps a grader tell a student *what* is wrong: only the items the exercise asks
/// for must be present (others are ignored); a matrix given with the transposed shape is read as such
/// and graded as the mistake "transposed"; a vector may be written as a one-row or one-column matrix
/// (numpy's (M, 1) arrays). Everything else is the pinned format: a wrong shape, a missing key or a
/// string where a number belongs is malformed input (exit status 65), named in one line.
public struct Answer: Sendable {
    /// One answered block, flat and row-major in the layout the student gave.
    public struct Block: Sendable {
        public let values: [Double]
        /// The student's matrix is the transpose of the expected shape (and not square).
        public let transposedShape: Bool

        public init(values: [Double], transposedShape: Bool) {
            self.values = values
            self.transposedShape = transposedShape
        }
    }

    /// The loss (nil for an exercise that does not ask for it).
    public let loss: Double?
    /// Per asked parameter key (gradients) or numeric item ("J", "bias_W").
    public let blocks: [String: Block]
    public let booleans: [String: Bool]
    public let texts: [String: String]
    public let integers: [String: Int]
    /// The "student" key.
    public let student: String?

    public init(
        loss: Double?, blocks: [String: Block], booleans: [String: Bool] = [:], texts: [String: String] = [:],
        integers: [String: Int] = [:], student: String? = nil
    ) {
        self.loss = loss
        self.blocks = blocks
        self.booleans = booleans
        self.texts = texts
        self.integers = integers
        self.student = student
    }

    public static func decode(_ text: [UInt8], source: String, for exercise: Exercise, problemCase: ProblemCase) throws(RNNGradCheckError) -> Answer {
        var bug: AnyBPTTBug?
        if case .findTheBug(let id) = exercise.task { bug = NotationRegistry.bug(named: id) }
        return try decode(text, source: source, for: ExerciseInstance(exercise: exercise, problemCase: problemCase, student: nil, bug: bug))
    }

    public static func decode(_ text: [UInt8], source: String, for instance: ExerciseInstance) throws(RNNGradCheckError) -> Answer {
        let exercise = instance.exercise
        let problemCase = instance.problemCase
        let reader = JSONReader(source: source)
        let members = try GradientsDocument.topLevel(
            text, reader: reader, notation: problemCase.notation, subject: "exercise \(exercise.number)", extraKeys: ["values", "student", "extensions"])
        let notation = problemCase.notation
        let asked = "exercise \(exercise.number) asks for \(JSONReader.list(exercise.items))"
        var student: String?
        if let value = members.first(where: { $0.key == "student" })?.value { student = try reader.string(value, at: "student") }

        guard exercise.asksForGradients else {
            return try values(members, instance: instance, reader: reader, asked: asked, student: student)
        }
        guard let lossValue = members.first(where: { $0.key == "loss" })?.value else {
            throw reader.fail("missing key \"loss\" (\(asked))")
        }
        let loss = try reader.real(lossValue, at: "loss", bounded: false)
        var blocks: [String: Block] = [:]
        guard !exercise.gradients.isEmpty else { return Answer(loss: loss, blocks: blocks, student: student) }
        guard let gradientsValue = members.first(where: { $0.key == "gradients" })?.value else {
            throw reader.fail("missing key \"gradients\" (\(asked))")
        }
        let gradientMembers = try reader.object(gradientsValue, at: "gradients", allowed: notation.parameterKeys)
        for key in exercise.gradients {
            guard let parameter = problemCase.problem.parameterBlocks.first(where: { $0.key == key }) else { continue }
            guard let value = gradientMembers.first(where: { $0.key == key })?.value else {
                throw reader.fail("missing key \"\(key)\" in gradients (\(asked))")
            }
            blocks[key] = try block(value, at: "gradients.\(key)", like: parameter, what: "parameters.\(parameter.key)", reader)
        }
        return Answer(loss: loss, blocks: blocks, student: student)
    }

    /// The "values" of an exercise whose answer is not a loss and gradients.
    private static func values(
        _ members: [(key: String, value: JSONValue)], instance: ExerciseInstance, reader: JSONReader, asked: String, student: String?
    ) throws(RNNGradCheckError) -> Answer {
        let exercise = instance.exercise
        guard let valuesValue = members.first(where: { $0.key == "values" })?.value else {
            throw reader.fail("missing key \"values\" (\(asked))")
        }
        let valueMembers = try reader.object(valuesValue, at: "values", allowed: exercise.items)
        let reference = ExerciseReference(instance)
        var blocks: [String: Block] = [:], booleans: [String: Bool] = [:], texts: [String: String] = [:], integers: [String: Int] = [:]
        for key in exercise.items {
            guard let value = valueMembers.first(where: { $0.key == key })?.value else {
                throw reader.fail("missing key \"\(key)\" in values (\(asked))")
            }
            let path = "values.\(key)"
            if let expected = reference.block(key) {
                blocks[key] = try block(value, at: path, like: expected, what: "\(expected.symbol) (\(expected.shape))", reader)
            } else if reference.booleans[key] != nil {
                guard case .bool(let flag) = value else {
                    throw reader.fail("\(path) must be true or false, found \(value.kindDescription)")
                }
                booleans[key] = flag
            } else if key == "bug" {
                texts[key] = try reader.string(value, at: path)
            } else if key == "step" {
                integers[key] = try reader.integer(
                    value, at: path, in: 1...FindTheBug.listing.count, meaning: "a line of the listing, 1…\(FindTheBug.listing.count)")
            }
        }
        return Answer(loss: nil, blocks: blocks, booleans: booleans, texts: texts, integers: integers, student: student)
    }

    /// A block shaped like `parameter` (or its transpose, or a vector as a one-row or one-column matrix).
    private static func block(
        _ value: JSONValue, at path: String, like parameter: NamedBlock, what: String, _ reader: JSONReader
    ) throws(RNNGradCheckError) -> Block {
        switch parameter.shape {
        case .matrix(let rows, let columns):
            let m = try reader.matrix(value, at: path, bounded: false)
            if m.rows == rows && m.columns == columns { return Block(values: m.storage, transposedShape: false) }
            if m.rows == columns && m.columns == rows { return Block(values: m.storage, transposedShape: true) }
            throw reader.fail("\(path) must be \(rows)×\(columns) like \(what), found \(m.rows)×\(m.columns)")
        case .vector(let count):
            // A vector, or a one-row or one-column matrix holding one.
            if case .array(let elements) = value, elements.contains(where: { if case .array = $0 { return true } else { return false } }) {
                let m = try reader.matrix(value, at: path, bounded: false)
                guard (m.rows == 1 || m.columns == 1), m.storage.count == count else {
                    throw reader.fail("\(path) must have \(count) entries like \(what), found a \(m.rows)×\(m.columns) matrix")
                }
                return Block(values: m.storage, transposedShape: false)
            }
            let v = try reader.vector(value, at: path, bounded: false)
            guard v.count == count else {
                throw reader.fail("\(path) must have \(count) entries like \(what), found \(v.count)")
            }
            return Block(values: v.storage, transposedShape: false)
        case .tensor:
            preconditionFailure("the registered notations' blocks are matrices and vectors")
        }
    }
}
