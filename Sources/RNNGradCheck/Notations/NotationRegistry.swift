// The registered notations. Every command, document format, report and test that iterates notations
// iterates this list; adding a notation is its folder under Notations/ and one line here.

/// Every notation the package implements, in the order reports print them.
public enum NotationRegistry {
    public static let all: [AnyNotation] = [
        AnyNotation(Wildml.self),
        AnyNotation(DenominatorLayout.self),
        AnyNotation(IndexWise.self),
        AnyNotation(MinCharRNN.self),
    ]

    /// The notation called `name` on the command line and in fixtures.
    public static func named(_ name: String) -> AnyNotation? { all.first { $0.name == name } }

    /// The notation a problem is written in.
    public static func notation(of problem: any NotationProblem) -> AnyNotation? { all.first { $0.owns(problem) } }

    /// Every correspondence between two registered notations, each once.
    public static var correspondences: [Correspondence] {
        all.flatMap(\.correspondences).filter { named($0.other) != nil }
    }

    /// Every catalogued bug, notation by notation.
    public static var bugs: [AnyBPTTBug] { all.flatMap(\.bugs) }

    /// The bug with this id (`wildml/missing-tanh-derivative`).
    public static func bug(named id: String) -> AnyBPTTBug? { bugs.first { $0.id == id } }
}

/// A parameter block as a notation declares it: no values, only names and dimensions.
public struct BlockLayout: Sendable, Equatable {
    /// The key in fixtures and gradients documents: `W_rec`, `theta_j`.
    public let key: String
    /// The symbol as the document prints it: `W_rec`, `θ_j`.
    public let symbol: String
    /// The size symbols of its dimensions: `["H", "K"]` for an H×K matrix, `["M"]` for a vector.
    public let dimensions: [String]
}

/// A notation, with its type erased: what the command line, the documents and the reports use.
/// Two values are equal when they name the same notation.
public struct AnyNotation: @unchecked Sendable, Hashable, CustomStringConvertible {
    public let name: String
    public let sources: String
    public let model: String
    public let lossSymbol: String
    public let truncationName: String?
    public let sizes: [SizeParameter]
    public let inputs: SequenceLayout
    public let targets: SequenceLayout
    public let options: [ModelOption]
    public let factorHints: [String: String]
    public let correspondences: [Correspondence]
    public let blocks: [BlockLayout]
    public let bugs: [AnyBPTTBug]

    private let problemModel: (any NotationProblem) -> String?
    private let makeRandom: (_ sizes: [String: Int], _ seed: UInt64, _ weightScale: Double, _ options: [String: String]) -> any NotationProblem
    private let makeProblem: (
        _ parameters: [[Double]], _ sizes: [String: Int], _ inputs: SequenceData, _ targets: SequenceData, _ options: [String: String]
    ) -> any NotationProblem
    private let isOwn: (any NotationProblem) -> Bool

    public init<N: Notation>(_ notation: N.Type) {
        name = N.name
        sources = N.sources
        model = N.model
        lossSymbol = N.lossSymbol
        truncationName = N.truncationName
        sizes = N.sizes
        inputs = N.inputs
        targets = N.targets
        options = N.options
        factorHints = N.factorHints
        correspondences = N.correspondences
        blocks = N.CheckedProblem.blocks.map { BlockLayout(key: $0.key, symbol: $0.symbol, dimensions: $0.dimensions) }
        bugs = N.bugs.map { AnyBPTTBug($0, notation: N.name) }
        problemModel = { ($0 as? N.CheckedProblem).map(N.model(of:)) }
        makeRandom = { N.random(sizes: $0, seed: $1, weightScale: $2, options: $3) }
        makeProblem = { N.problem(parameters: $0, sizes: $1, inputs: $2, targets: $3, options: $4) }
        isOwn = { $0 is N.CheckedProblem }
    }

    public static func == (a: AnyNotation, b: AnyNotation) -> Bool { a.name == b.name }
    public func hash(into hasher: inout Hasher) { hasher.combine(name) }
    public var description: String { name }

    /// The parameter keys, in block order.
    public var parameterKeys: [String] { blocks.map(\.key) }

    /// The size parameter with this symbol.
    public func size(_ symbol: String) -> SizeParameter? { sizes.first { $0.symbol == symbol } }

    /// Whether `problem` is written in this notation.
    public func owns(_ problem: any NotationProblem) -> Bool { isOwn(problem) }

    /// A few words on the model of one problem (a model option may change it).
    public func model(of problem: any NotationProblem) -> String { problemModel(problem) ?? model }

    /// Every option at its default, overridden by `options`.
    public func options(_ options: [String: String]) -> [String: String] {
        var all = Dictionary(uniqueKeysWithValues: self.options.map { ($0.key, $0.defaultValue) })
        for (key, value) in options { all[key] = value }
        return all
    }

    /// Every size at its classroom value, overridden by `sizes` (by symbol).
    public func sizes(_ sizes: [String: Int]) -> [String: Int] {
        var all = Dictionary(uniqueKeysWithValues: self.sizes.map { ($0.symbol, $0.classroom) })
        for (symbol, value) in sizes where all[symbol] != nil { all[symbol] = value }
        return all
    }

    /// A seeded random problem: sizes by symbol (missing ones take their classroom value), options
    /// by fixture key (missing ones their default), and a truncation (nil: full BPTT).
    public func random(
        sizes: [String: Int] = [:], seed: UInt64, weightScale: Double = 1, truncation: Int? = nil, options: [String: String] = [:]
    ) -> any NotationProblem {
        var problem = makeRandom(self.sizes(sizes), seed, weightScale, self.options(options))
        problem.truncation = truncation
        return problem
    }

    /// The problem with these parameters (flat, row-major, in block order), sizes, data, options and
    /// truncation, validated by the caller: shapes agree with `blocks`' dimensions, token ids are in
    /// range, every row has its width.
    public func problem(
        parameters: [[Double]], sizes: [String: Int], inputs: SequenceData, targets: SequenceData,
        options: [String: String] = [:], truncation: Int? = nil
    ) -> any NotationProblem {
        var problem = makeProblem(parameters, sizes, inputs, targets, self.options(options))
        problem.truncation = truncation
        return problem
    }

    /// The sizes of a problem of this notation, by symbol, in the notation's order: each read from the
    /// shape of the first block that has it, T from the sequence.
    public func sizes(of problem: any NotationProblem) -> [(symbol: String, value: Int)] {
        let shapes = problem.parameterBlocks.map(\.shape.dimensions)
        return sizes.compactMap { size in
            if size.symbol == "T" { return (size.symbol, problem.steps) }
            for (block, shape) in zip(blocks, shapes) {
                if let axis = block.dimensions.firstIndex(of: size.symbol), axis < shape.count { return (size.symbol, shape[axis]) }
            }
            return nil
        }
    }
}

/// A catalogued bug of any notation, with its problem type erased.
public struct AnyBPTTBug: @unchecked Sendable {
    /// The name of its notation.
    public let notation: String
    public let id: String
    public let title: String
    public let mistake: String
    public let wrongLine: String
    public let rightLine: String
    public let shiftsTime: Bool
    private let makeClassroomProblem: (UInt64) -> any NotationProblem
    private let computeGradients: (any NotationProblem) -> [[Double]]?
    private let runCheck: (any NotationProblem, CheckSettings, EntrySampling?) -> GradientCheck?

    public init<P: NotationProblem>(_ bug: BPTTBug<P>, notation: String) {
        self.notation = notation
        id = bug.id
        title = bug.title
        mistake = bug.mistake
        wrongLine = bug.wrongLine
        rightLine = bug.rightLine
        shiftsTime = bug.shiftsTime
        makeClassroomProblem = { bug.classroomProblem($0) }
        computeGradients = { problem in
            guard let problem = problem as? P else { return nil }
            let gradients = bug.gradients(problem)
            return P.blocks.map { gradients[keyPath: $0.gradient] }
        }
        runCheck = { problem, settings, sampling in (problem as? P).map { bug.check(on: $0, settings: settings, sampling: sampling) } }
    }

    /// The catalog's network for the bug, for a seed.
    public func classroomProblem(seed: UInt64) -> any NotationProblem { makeClassroomProblem(seed) }

    /// The gradients the bug computes on `problem` (with its truncation), flat per block in block
    /// order; nil for a problem of another notation.
    public func gradients(of problem: any NotationProblem) -> [[Double]]? { computeGradients(problem) }

    /// The bug through the checker, against the objective `problem` poses (sampled with `sampling`,
    /// on a problem without truncation); nil for another notation.
    public func check(on problem: any NotationProblem, settings: CheckSettings = CheckSettings(), sampling: EntrySampling? = nil) -> GradientCheck? {
        runCheck(problem, settings, sampling)
    }

    /// "missing line: …" or "… (right: …)", for a reader who wants the difference.
    public var lineChange: String {
        wrongLine.isEmpty ? "missing line: \(rightLine)" : "\(wrongLine)   (right: \(rightLine))"
    }
}
