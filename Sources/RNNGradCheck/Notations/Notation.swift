// What a notation supplies, so that every command, document format and report can use it without
// naming it: its name and sources, its sizes, how its data is written, its random networks, its
// truncation, its parameter blocks (GradientProblem.blocks) and its bug catalog. The registry
// (NotationRegistry.swift) lists the notations; adding one is a folder under Notations/ and one
// line there.

/// One size of a notation's network, as its document names it.
public struct SizeParameter: Sendable, Equatable {
    /// The document's symbol: `K`, `H`, `T`, `N`, `M`, `O`.
    public let symbol: String
    /// The command-line option that sets it (`vocabulary`, `hidden`, `steps`). Notations whose sizes
    /// play the same role share an option: `--hidden` is H in wildml and M in index-wise.
    public let option: String
    /// What it is, for help texts: "vocabulary size", "hidden units".
    public let meaning: String
    /// Its value in the classroom network (the default of every command).
    public let classroom: Int
    /// The values a command line may ask for.
    public let range: ClosedRange<Int>

    public init(symbol: String, option: String, meaning: String, classroom: Int, range: ClosedRange<Int>) {
        self.symbol = symbol
        self.option = option
        self.meaning = meaning
        self.classroom = classroom
        self.range = range
    }

    /// T, the number of time steps: every notation has it, and it is read from the sequence.
    public static func steps(classroom: Int = 6, meaning: String = "sequence length") -> SizeParameter {
        SizeParameter(symbol: "T", option: "steps", meaning: meaning, classroom: classroom, range: 1...10_000)
    }
}

/// How a notation writes its inputs or its targets.
public enum SequenceLayout: Sendable, Equatable {
    /// One token id per step, in 0..<size: the position of the 1 in a one-hot vector. `size` is the
    /// symbol of the vocabulary (`K`).
    case tokens(size: String)
    /// One row of `width` real numbers per step; `width` is a size symbol (`N`, `O`).
    case vectors(width: String)
}

/// A sequence of inputs or targets.
public enum SequenceData: Sendable, Equatable {
    case tokens([Int])
    case vectors([[Double]])

    /// The number of steps.
    public var count: Int {
        switch self {
        case .tokens(let ids): return ids.count
        case .vectors(let rows): return rows.count
        }
    }
}

/// A choice in a notation's model that its document leaves open, such as seed 001's output
/// activation g (sigmoid or softmax).
public struct ModelOption: Sendable, Equatable {
    /// The command-line option: `output-activation`.
    public let option: String
    /// The key in fixtures: `output_activation`.
    public let key: String
    /// The document's symbol, for help texts: `g`.
    public let symbol: String
    public let help: String
    public let values: [String]
    public let defaultValue: String
    /// What a value names, for labels: "output" makes "softmax output".
    public let noun: String

    public init(option: String, key: String, symbol: String, help: String, values: [String], defaultValue: String, noun: String) {
        self.option = option
        self.key = key
        self.symbol = symbol
        self.help = help
        self.values = values
        self.defaultValue = defaultValue
        self.noun = noun
    }

    /// "softmax output".
    public func label(_ value: String) -> String { "\(value) \(noun)" }
}

/// The code that computes a gradient, named in every report: the literal port of a document, or a
/// faster equivalent tested equal to it.
public struct GradientImplementation: Sendable, Equatable {
    /// `literal` or a short name of the fast path (`one-sweep`).
    public let name: String
    /// What it is and where it is written: "seed 000's bptt, line by line (Wildml+BPTT.swift)".
    public let description: String
    /// The literal port of the document, as a student reads it beside the document.
    public var isLiteral: Bool { name == "literal" }

    public init(name: String, description: String) {
        self.name = name
        self.description = description
    }

    public static func literal(_ description: String) -> GradientImplementation {
        GradientImplementation(name: "literal", description: description)
    }

    /// A count of work as a description writes it, thousands separated: `140,100,000,000`.
    public static func count(_ n: Int) -> String {
        let digits = String(n.magnitude)
        var grouped = ""
        for (i, digit) in digits.enumerated() {
            if i > 0 && (digits.count - i) % 3 == 0 { grouped.append(",") }
            grouped.append(digit)
        }
        return (n < 0 ? "-" : "") + grouped
    }
}

/// Two notations that are one model: the blocks of one are the blocks of the other under new names.
/// A block of either notation that has no partner (min-char-rnn's biases) is zero in the shared model.
public struct Correspondence: Sendable {
    /// The notation that declares the correspondence, and the other one.
    public let notation: String
    public let other: String
    /// (key in `notation`, key in `other`), in `notation`'s block order.
    public let blocks: [(key: String, otherKey: String)]
    /// When the two are the same network, in words ("when both biases are zero"); nil: always.
    public let condition: String?

    public init(notation: String, other: String, blocks: [(key: String, otherKey: String)], condition: String? = nil) {
        self.notation = notation
        self.other = other
        self.blocks = blocks
        self.condition = condition
    }

    /// The key that corresponds to `key` of `notation` in the other notation (in either direction).
    public func partner(of key: String, in notationName: String) -> String? {
        if notationName == notation { return blocks.first { $0.key == key }?.otherKey }
        if notationName == other { return blocks.first { $0.otherKey == key }?.key }
        return nil
    }
}

/// A problem of a registered notation: a network, its data and its truncation.
public protocol NotationProblem: BPTTProblem {
    /// The truncation τ (nil: full BPTT). Setting a τ that reaches step 0 from every output
    /// (τ ≥ T − 1) stores nil: it is full BPTT.
    var truncation: Int? { get set }
    /// The inputs, as the notation writes them.
    var inputSequence: SequenceData { get }
    /// The targets, as the notation writes them.
    var targetSequence: SequenceData { get }
    /// The notation's model options, every one with its value (empty for a notation without any).
    var modelOptions: [String: String] { get }
    /// The code `bpttGradients(truncation:)` runs for this problem with that truncation.
    func gradientImplementation(truncation: Int?) -> GradientImplementation
}

extension NotationProblem {
    public var modelOptions: [String: String] { [:] }
}

/// One notation: what its document calls things, and how to make its problems.
public protocol Notation {
    associatedtype CheckedProblem: NotationProblem

    /// The name on the command line and in fixtures: `wildml`.
    static var name: String { get }
    /// The documents it is written from, as notes/sources.md names them: "[S000], [S003], [S004]".
    static var sources: String { get }
    /// A few words on the model: "U/V/W, tanh, softmax, cross-entropy".
    static var model: String { get }
    /// The same for one problem, when a model option changes it (a softmax output).
    static func model(of problem: CheckedProblem) -> String
    /// The loss as the document names it: E, or C.
    static var lossSymbol: String { get }
    /// What the document calls the truncation (`bptt_truncate`); nil when its code has none, and
    /// truncated problems are refused.
    static var truncationName: String? { get }
    /// The sizes, in the order reports print them; T (`SizeParameter.steps`) among them.
    static var sizes: [SizeParameter] { get }
    static var inputs: SequenceLayout { get }
    static var targets: SequenceLayout { get }
    /// The choices the document leaves open (none by default).
    static var options: [ModelOption] { get }
    /// Explanations of constant factors a grader may find between an answer and the expected
    /// gradient, by factor name ("2": "as when the ½ of C = ½ Σ (d − y)² is left out").
    static var factorHints: [String: String] { get }
    /// Other notations that are the same model (none by default).
    static var correspondences: [Correspondence] { get }
    /// The catalogued mistakes in this notation's BPTT.
    static var bugs: [BPTTBug<CheckedProblem>] { get }

    /// A seeded random network and sequence. `sizes` has a value for every symbol of `sizes`;
    /// `options` one for every option (the caller fills in defaults).
    static func random(sizes: [String: Int], seed: UInt64, weightScale: Double, options: [String: String]) -> CheckedProblem

    /// The problem with these parameter blocks (flat, row-major, in block order, shaped as
    /// `ParameterBlock.dimensions` says), inputs, targets and options, all validated by the caller.
    static func problem(
        parameters: [[Double]], sizes: [String: Int], inputs: SequenceData, targets: SequenceData, options: [String: String]
    ) -> CheckedProblem
}

extension Notation {
    public static func model(of problem: CheckedProblem) -> String { model }
    public static var options: [ModelOption] { [] }
    public static var factorHints: [String: String] { [:] }
    public static var correspondences: [Correspondence] { [] }

    /// The classroom size of every symbol.
    public static var classroomSizes: [String: Int] {
        Dictionary(uniqueKeysWithValues: sizes.map { ($0.symbol, $0.classroom) })
    }

    /// Every option at its default value.
    public static var defaultOptions: [String: String] {
        Dictionary(uniqueKeysWithValues: options.map { ($0.key, $0.defaultValue) })
    }
}

/// The one truncation rule every notation shares.
public enum Truncation {
    /// τ as a problem stores it: nil (full BPTT) when absent or when it reaches step 0 from every
    /// output of a T-step sequence (τ ≥ T − 1).
    public static func normalized(_ tau: Int?, steps: Int) -> Int? {
        guard let tau, tau < steps - 1 else { return nil }
        return tau
    }
}
