/// The five documents (the two parts of [S002] apart), as `derive` walks them. notes/sources.md gives
/// each one's title, author or site, date and addresses.
public enum SeedDocument: String, CaseIterable, Sendable {
    case seed000 = "000"
    case seed001 = "001"
    case seed002Part1 = "002-1"
    case seed002Part2 = "002-2"
    case seed003 = "003"
    case seed004 = "004"

    /// The document's short name in notes/sources.md: `S000` … `S004` (both parts of 002 are `S002`).
    public var source: String {
        switch self {
        case .seed000: return "S000"
        case .seed001: return "S001"
        case .seed002Part1, .seed002Part2: return "S002"
        case .seed003: return "S003"
        case .seed004: return "S004"
        }
    }

    /// How notes and reports cite it: "[S000] Train RNNs (innohub)".
    public var citation: String {
        switch self {
        case .seed000: return "[S000] Train RNNs (innohub)"
        case .seed001: return "[S001] RNN（二）前向和BPTT (xmdxcsj, CSDN)"
        case .seed002Part1, .seed002Part2: return "[S002] 反向传播 BP & BPTT (2018-05-23)"
        case .seed003: return "[S003] 递归神经网络之BPTT (sevenold)"
        case .seed004: return "[S004] 6.9 BPTT 算法推导 (DeepLearning-500-questions)"
        }
    }

    /// The citation and what the part checked is about.
    public var title: String {
        switch self {
        case .seed000: return citation + ": WildML U/V/W, the worked example E_3, the numpy bptt"
        case .seed001: return citation + ": index-wise, sigmoid f, g sigmoid or softmax, SSE, unfolding"
        case .seed002Part1: return citation + ", part 1, 反向传播BP: feedforward BP1–BP4, UFLDL"
        case .seed002Part2: return citation + ", part 2, 随时间反向传播BPTT: W_in/W_rec/W_out, denominator layout"
        case .seed003: return citation + ": U/V/W with S_t and net, the example t = 3"
        case .seed004: return citation + ": U/V/W with h, o, L; the product of Jacobians"
        }
    }
}

/// The sizes of the random networks one run of the verifier uses.
public struct DerivationSizes: Sendable, Equatable {
    /// K, H, T for [S000], [S002] part 2, [S003] and [S004].
    public var wildml: NetworkSize
    /// N, M, O and P (the patterns, one per time step) for [S001].
    public var indexWise: NetworkSize
    /// The layer sizes n_0 … n_L of [S002] part 1's feedforward network.
    public var layers: [Int]
    /// The examples of [S002] part 1's batch.
    public var examples: Int

    public init(wildml: NetworkSize, indexWise: NetworkSize, layers: [Int], examples: Int) {
        self.wildml = wildml
        self.indexWise = indexWise
        self.layers = layers
        self.examples = examples
    }

    /// The sizes `derive` reports on by default: K = 5, H = 3, T = 5; N = 2, M = 3, O = 3, P = 5;
    /// layers 3-4-3-2 with 4 examples.
    public static let standard = DerivationSizes(
        wildml: NetworkSize(vocabulary: 5, hidden: 3, steps: 5),
        indexWise: NetworkSize(hidden: 3, steps: 5, inputs: 2, outputs: 3),
        layers: [3, 4, 3, 2], examples: 4)

    /// What the sizes must avoid, each with its reason: sizes at which a figure would be forced by
    /// the size rather than measured.
    public static let rules: [(rule: String, reason: String)] = [
        ("T ≥ 4 (and P ≥ 4)",
         "the worked examples differentiate E_3, the truncation τ = 2 must be below T − 1, and at T = 2 [S002]'s W_rec error is 0 because h_{−1} = 0 removes the only term that differs"),
        ("K ≠ H",
         "a formula with the wrong matrix or vector in it must not get the right shape by accident ([S003]'s ∂E_3/∂W for ∂E_3/∂U, [S000]'s delta_t with z = V s_t)"),
        ("O ≥ 3",
         "with two softmax outputs whose targets sum to 1, d − y = (a, −a) and the errors of the softmax's diagonal g′ are 50 % and 70.7 % on every network"),
        ("at least 2 examples", "[S002] part 1's batch loop over i must have two different examples to sum"),
    ]

    /// The rules these sizes break (empty when none).
    public var violations: [String] {
        var broken: [String] = []
        if wildml.steps < 4 || indexWise.steps < 4 { broken.append(Self.rules[0].rule) }
        if wildml.vocabulary == wildml.hidden { broken.append(Self.rules[1].rule) }
        if indexWise.outputs < 3 { broken.append(Self.rules[2].rule) }
        if examples < 2 { broken.append(Self.rules[3].rule) }
        return broken
    }

    /// Sizes drawn from `seed`, within the rules: K 4…8, H 2…6, T 4…7; N 2…5, M 2…5, O 3…5, P 4…7;
    /// four layers of 2…5 units; 2…5 examples.
    public static func varied(seed: UInt64) -> DerivationSizes {
        var generator = SeededGenerator(seed: seed ^ 0x5EED_51CE_D0C5_0001)
        func draw(_ range: ClosedRange<Int>, avoiding excluded: Int? = nil) -> Int {
            while true {
                let value = range.lowerBound + generator.integer(below: range.count)
                if value != excluded { return value }
            }
        }
        let K = draw(4...8)
        let H = draw(2...6, avoiding: K)
        let T = draw(4...7)
        let N = draw(2...5)
        let M = draw(2...5)
        let O = draw(3...5)
        let P = draw(4...7)
        let layers = (0..<4).map { _ in draw(2...5) }
        let examples = draw(2...5)
        return DerivationSizes(
            wildml: NetworkSize(vocabulary: K, hidden: H, steps: T),
            indexWise: NetworkSize(hidden: M, steps: P, inputs: N, outputs: O),
            layers: layers, examples: examples)
    }

    /// "K=5 H=3 T=5; N=2 M=3 O=3 P=5; layers 3-4-3-2, 4 examples".
    public var description: String {
        "K=\(wildml.vocabulary) H=\(wildml.hidden) T=\(wildml.steps); N=\(indexWise.inputs) M=\(indexWise.hidden) O=\(indexWise.outputs) P=\(indexWise.steps); "
            + "layers \(layers.map(String.init).joined(separator: "-")), \(examples) examples"
    }
}

/// One document's findings and the networks its checkpoints were evaluated on.
public struct DocumentCheck: Sendable {
    public let document: SeedDocument
    /// Each model the document allows (nil when it allows one) and the network it was evaluated on:
    /// "a random U/V/W network (K=5, H=3, T=5, seed 1)".
    public let models: [(model: String?, network: String)]
    /// The computable statements, model by model, each model's in the document's order.
    public let checkpoints: [Checkpoint]
    /// The findings that cannot be computed, in the document's order.
    public let uncomputable: [UncomputableFinding]

    public init(document: SeedDocument, models: [(model: String?, network: String)], checkpoints: [Checkpoint], uncomputable: [UncomputableFinding] = []) {
        self.document = document
        self.models = models
        self.checkpoints = checkpoints
        self.uncomputable = uncomputable
    }

    /// Every finding: the checkpoints, then the uncomputable ones.
    public var findings: [Finding] { checkpoints.map(Finding.checkpoint) + uncomputable.map(Finding.uncomputable) }

    /// The checkpoints evaluated under `model`.
    public func checkpoints(under model: String?) -> [Checkpoint] { checkpoints.filter { $0.model == model } }
}

/// The derivation verifier's constants and entry point.
public enum Derivation {
    /// A reading holds when its relative error is at most this. The references are complex-step
    /// derivatives, exact to rounding, so a formula that holds lands near 1e-15; a wrong one is off by
    /// 1e-3 or more (a tested property over many networks: `Survey`).
    public static let tolerance = 1e-9

    /// The findings of `documents`, evaluated on networks of `sizes` drawn from `seed`.
    public static func check(
        _ documents: [SeedDocument] = SeedDocument.allCases, seed: UInt64 = 1, sizes: DerivationSizes = .standard
    ) -> [DocumentCheck] {
        documents.map { document in
            switch document {
            case .seed000: return Seed000.check(seed: seed, size: sizes.wildml)
            case .seed001: return Seed001.check(seed: seed, size: sizes.indexWise)
            case .seed002Part1: return Seed002Part1.check(seed: seed, layers: sizes.layers, examples: sizes.examples)
            case .seed002Part2: return Seed002Part2.check(seed: seed, size: sizes.wildml)
            case .seed003: return Seed003.check(seed: seed, size: sizes.wildml)
            case .seed004: return Seed004.check(seed: seed, size: sizes.wildml)
            }
        }
    }
}
