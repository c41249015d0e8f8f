import RNNGradCheck

/// The secret a course keeps on its grading machine: with it, and only with it, a student's variant of
/// an exercise can be derived from the student's id.
public struct CourseSecret: Sendable {
    public let bytes: [UInt8]

    /// The shortest secret accepted. A student knows their own variant and the (public) way variants
    /// are drawn; with a short secret they could try every secret until their own variant comes out,
    /// and then derive everyone else's. 16 random characters (`openssl rand -hex 16` gives 32) put
    /// that search out of reach.
    public static let minimumLength = 16

    /// The secret, or why it is refused.
    public static func make(_ text: String) -> Result<CourseSecret, VariantInputError> {
        guard text.utf8.count >= minimumLength else {
            return .failure(VariantInputError(
                "the course secret is \(text.utf8.count) characters long; it needs at least \(minimumLength) (a random one: openssl rand -hex 32)"))
        }
        return .success(CourseSecret(bytes: Array(text.utf8)))
    }
}

/// Why a student id or a secret is refused (the CLI turns it into a usage error).
public struct VariantInputError: Error, Sendable {
    public let message: String
    init(_ message: String) { self.message = message }
}

/// How a student's variant of an exercise is drawn: the published network's sizes, truncation and
/// options, new numbers of the same kind, and the same sequence pattern.
public struct VariantRule: Sendable {
    /// How token sequences are drawn.
    public enum Tokens: Sendable {
        /// Uniform ids with as many distinct inputs (and targets) as the published sequence.
        case sameDistinctCount
        /// A text of T + 1 characters, inputs its first T and targets its last T (min-char-rnn's
        /// chunks); each character is one favourite character with probability `favourite`, else uniform.
        case text(favourite: Double)
    }

    /// |w| of every weight, on a grid of 10^−decimals (never 0).
    public var magnitudes: ClosedRange<Double>
    public var decimals: Int
    /// Blocks drawn from other ranges: one range per variant, chosen by the seed (a regime).
    public var blockMagnitudes: [String: [ClosedRange<Double>]]
    public var tokens: Tokens
    /// Some gradient entry must exceed this in size (min-char-rnn's clipping shows only then).
    public var entryAbove: Double?

    public init(
        magnitudes: ClosedRange<Double> = 0.1...0.9, decimals: Int = 1, blockMagnitudes: [String: [ClosedRange<Double>]] = [:],
        tokens: Tokens = .sameDistinctCount, entryAbove: Double? = nil
    ) {
        self.magnitudes = magnitudes
        self.decimals = decimals
        self.blockMagnitudes = blockMagnitudes
        self.tokens = tokens
        self.entryAbove = entryAbove
    }
}

/// Variants: each student's own network for an exercise, derived from (exercise, student id, course
/// secret) by HMAC-SHA256, so that nobody without the secret can compute anyone's variant.
public enum Variants {
    /// The longest student id accepted.
    public static let studentLimit = 100

    /// The id, or why it is refused: 1…100 characters, no control characters.
    public static func validate(student: String) -> VariantInputError? {
        if student.isEmpty { return VariantInputError("the student id is empty") }
        if student.count > studentLimit {
            return VariantInputError("the student id '\(Echo.capped(student))' is longer than \(studentLimit) characters")
        }
        if student.unicodeScalars.contains(where: { $0.value < 0x20 || $0.value == 0x7F }) {
            return VariantInputError("the student id '\(Echo.line(Array(student.utf8)))' contains a control character")
        }
        return nil
    }

    /// The 32 bytes a variant is drawn from: HMAC-SHA256(secret, "rnn-gradcheck variant 1" ‖ 0 ‖ purpose ‖ 0
    /// ‖ student id), the parts separated by a zero byte (which neither may contain).
    public static func key(purpose: String, student: String, secret: CourseSecret) -> [UInt8] {
        let message = Array("rnn-gradcheck variant 1".utf8) + [0] + Array(purpose.utf8) + [0] + Array(student.utf8)
        return HMAC.sha256(key: secret.bytes, message: message)
    }

    /// The seed of the generator a variant is drawn with: the first 8 bytes of its key, big-endian.
    public static func seed(purpose: String, student: String, secret: CourseSecret) -> UInt64 {
        key(purpose: purpose, student: student, secret: secret).prefix(8).reduce(0) { $0 << 8 | UInt64($1) }
    }

    /// The seed of a student's random fixture (`fixture --student`).
    public static func fixtureSeed(student: String, secret: CourseSecret) -> UInt64 {
        seed(purpose: "fixture", student: student, secret: secret)
    }

    /// The most networks drawn for one variant before the last one is taken as it is (the tests show
    /// that every exercise finds an acceptable one within far fewer).
    public static let attemptLimit = 500

    /// Student `student`'s variant of `exercise`. Exercises that share a network share variants: the
    /// draw is the owner's, acceptable for every exercise on it.
    public static func make(_ exercise: Exercise, student: String, secret: CourseSecret) -> ExerciseInstance {
        let owner = exercise.sharesNetworkOf.flatMap(Exercises.numbered) ?? exercise
        let sharing = Exercises.all.filter { $0.number == owner.number || $0.sharesNetworkOf == owner.number }
        guard let base = try? owner.published() else { preconditionFailure("every exercise's fixture decodes (ExerciseTests)") }
        let published = sharing.compactMap { try? $0.published() }
        let signatures = published.map(signature)
        var generator = SeededGenerator(seed: seed(purpose: "exercise \(owner.number)", student: student, secret: secret))
        var drawn = base
        for _ in 0..<attemptLimit {
            drawn = draw(base, rule: owner.variants, student: student, generator: &generator)
            let instances = sharing.map { ExerciseInstance(exercise: $0, problemCase: drawn.problemCase, student: student, bug: drawn.bug) }
            if zip(instances, zip(published, signatures)).allSatisfy({ acceptable($0, published: $1.0, signature: $1.1) }) { break }
        }
        return ExerciseInstance(exercise: exercise, problemCase: drawn.problemCase, student: student, bug: drawn.bug)
    }

    // MARK: - Drawing

    /// A new network and sequence in the published one's image.
    static func draw(_ base: ExerciseInstance, rule: VariantRule, student: String, generator: inout SeededGenerator) -> ExerciseInstance {
        let problemCase = base.problemCase
        let problem = problemCase.problem
        var bug: AnyBPTTBug?
        if case .findTheBug = base.exercise.task {
            bug = NotationRegistry.bug(named: FindTheBug.candidates[generator.integer(below: FindTheBug.candidates.count)].id)
        }
        // k / 10^decimals: the double nearest the decimal number, as a fixture file would hold it.
        let scale = pow10(rule.decimals)
        func nice(_ range: ClosedRange<Double>) -> Double {
            let low = max(1, Int((range.lowerBound * scale).rounded(.up))), high = max(low, Int((range.upperBound * scale).rounded(.down)))
            let magnitude = Double(low + generator.integer(below: high - low + 1)) / scale
            return generator.integer(below: 2) == 0 ? magnitude : -magnitude
        }
        var parameters: [[Double]] = []
        for block in problem.parameterBlocks {
            let ranges = rule.blockMagnitudes[block.key] ?? [rule.magnitudes]
            let range = ranges[generator.integer(below: ranges.count)]
            parameters.append(block.values.map { _ in nice(range) })
        }
        var sizes = Dictionary(uniqueKeysWithValues: problemCase.sizes.map { ($0.name, $0.value) })
        let T = problem.steps
        sizes["T"] = T
        var inputs = problem.inputSequence, targets = problem.targetSequence
        switch (problem.inputSequence, problem.targetSequence, rule.tokens) {
        case (.tokens, .tokens, .text(let favourite)):
            let K = sizes[problemCase.notation.inputs.sizeSymbol] ?? 1
            let preferred = generator.integer(below: K)
            let text = (0...T).map { _ in generator.unitInterval() < favourite ? preferred : generator.integer(below: K) }
            inputs = .tokens(Array(text.dropLast()))
            targets = .tokens(Array(text.dropFirst()))
        case (.tokens(let x), .tokens(let y), .sameDistinctCount):
            let K = sizes[problemCase.notation.inputs.sizeSymbol] ?? 1
            inputs = .tokens(tokens(T, vocabulary: K, distinct: Set(x).count, &generator))
            targets = .tokens(tokens(T, vocabulary: K, distinct: Set(y).count, &generator))
        default:
            inputs = vectors(problem.inputSequence, targets: false, &generator)
            targets = vectors(problem.targetSequence, targets: true, &generator)
        }
        let drawn = problemCase.notation.problem(
            parameters: parameters, sizes: sizes, inputs: inputs, targets: targets, options: problem.modelOptions, truncation: problem.truncation)
        return ExerciseInstance(
            exercise: base.exercise, problemCase: ProblemCase(notation: problemCase.notation, problem: drawn, origin: "the variant of student \(student)"),
            student: student, bug: bug)
    }

    /// T token ids in 0..<K with `distinct` different ones (as near as K allows).
    private static func tokens(_ T: Int, vocabulary K: Int, distinct: Int, _ generator: inout SeededGenerator) -> [Int] {
        var ids: [Int] = []
        for _ in 0..<100 {
            ids = (0..<T).map { _ in generator.integer(below: K) }
            if Set(ids).count == min(distinct, K) { break }
        }
        return ids
    }

    /// Rows of the published shape: inputs k/10 in [−1, 1]; targets one-hot where the published ones
    /// are, otherwise k/10 in [0, 1].
    private static func vectors(_ data: SequenceData, targets: Bool, _ generator: inout SeededGenerator) -> SequenceData {
        guard case .vectors(let rows) = data else { return data }
        let oneHot = rows.allSatisfy { row in row.filter { $0 == 1 }.count == 1 && row.allSatisfy { $0 == 0 || $0 == 1 } }
        return .vectors(rows.map { row in
            if targets && oneHot {
                let hot = generator.integer(below: row.count)
                return row.indices.map { $0 == hot ? 1.0 : 0.0 }
            }
            return row.map { _ in targets ? Double(generator.integer(below: 11)) / 10 : Double(generator.integer(below: 21) - 10) / 10 }
        })
    }

    private static func pow10(_ n: Int) -> Double { (0..<abs(n)).reduce(1.0) { value, _ in n < 0 ? value / 10 : value * 10 } }

    // MARK: - What a variant must keep

    /// The (mistake, item) pairs an instance tells apart from the right answer, by more than ten times
    /// the grading tolerance in some entry: what the exercise can teach on that network.
    static func signature(_ instance: ExerciseInstance) -> Set<String> {
        let reference = ExerciseReference(instance)
        let alternatives = Alternatives(instance)
        let clear = GradingTolerance(relative: 10 * instance.exercise.tolerance)
        var result: Set<String> = []
        for (name, blocks) in alternatives.all {
            for block in blocks {
                guard let expected = reference.block(block.key) else { continue }
                if !clear.matches(block.values, expected.values) { result.insert("\(name)|\(block.key)") }
            }
        }
        return result
    }

    /// A drawn network is acceptable when it teaches what the published one does (every mistake the
    /// published network tells apart, it tells apart too), differs from the published answer, and
    /// keeps the exercise's own property.
    static func acceptable(_ instance: ExerciseInstance, published: ExerciseInstance, signature: Set<String>) -> Bool {
        let exercise = instance.exercise
        let reference = ExerciseReference(instance), publishedReference = ExerciseReference(published)
        let clear = GradingTolerance(relative: 100 * exercise.tolerance)
        if exercise.asksForGradients {
            guard !clear.matches([reference.loss], [publishedReference.loss]) else { return false }
        } else if let first = reference.blocks.first, let other = publishedReference.block(first.key) {
            guard !clear.matches(first.values, other.values) else { return false }
        }
        guard self.signature(instance).isSuperset(of: signature) else { return false }
        if let bound = exercise.variants.entryAbove {
            guard reference.blocks.contains(where: { $0.values.contains { abs($0) > 1.1 * bound } }) else { return false }
        }
        switch exercise.task {
        case .gradients:
            return true
        case .vanishingFactor:
            guard let J = reference.block("J") else { return false }
            let ratio = VanishingFactor.norm(J.values) / VanishingFactor.threshold
            return ratio < 1.0 / 3 || ratio > 3
        case .truncationBias:
            let full = instance.problemCase.problem.gradientBlocks(truncation: nil)
            return reference.blocks.allSatisfy { bias in
                guard let gradient = full.first(where: { "bias_\($0.key)" == bias.key }) else { return false }
                return VanishingFactor.norm(bias.values) >= 0.01 * VanishingFactor.norm(gradient.values)
            }
        case .findTheBug:
            // The given gradient is wrong, and no other candidate gives it: the answer is unique.
            guard let bug = instance.bug, let given = instance.givenBlocks else { return false }
            let right = instance.problemCase.problem.gradientBlocks(truncation: nil)
            let clearly = GradingTolerance(relative: 10 * exercise.tolerance)
            func same(_ a: [NamedBlock], _ b: [NamedBlock]) -> Bool { zip(a, b).allSatisfy { clearly.matches($0.values, $1.values) } }
            guard !same(given, right) else { return false }
            for candidate in FindTheBug.candidates where candidate.id != bug.id {
                guard let other = NotationRegistry.bug(named: candidate.id)?.gradients(of: instance.problemCase.problem) else { continue }
                let blocks = zip(right, other).map { NamedBlock(key: $0.key, symbol: $0.symbol, shape: $0.shape, values: $1) }
                if same(given, blocks) { return false }
            }
            return true
        }
    }
}

extension SequenceLayout {
    /// The size symbol of a token layout (the vocabulary), or the width symbol of a vector layout.
    var sizeSymbol: String {
        switch self {
        case .tokens(let size): return size
        case .vectors(let width): return width
        }
    }
}
