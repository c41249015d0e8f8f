// Seeded random networks and sequences for every notation: the default classroom network, the tests'
// random networks and `check --seed`. The draws are made in a fixed order (weights in the document's
// order, then inputs, then targets), so a seed names one problem on every platform.

extension SeededGenerator {
    /// A rows×columns matrix with entries uniform in [−scale, scale).
    public mutating func matrix(_ rows: Int, _ columns: Int, scale: Double) -> Matrix<Double> {
        Matrix(rows: rows, columns: columns, storage: (0..<(rows * columns)).map { _ in uniform(-scale, scale) })
    }

    /// A vector with entries uniform in [−scale, scale).
    public mutating func vector(_ count: Int, scale: Double) -> Vector<Double> {
        Vector((0..<count).map { _ in uniform(-scale, scale) })
    }

    /// `count` token ids uniform in 0..<vocabulary.
    public mutating func tokens(_ count: Int, vocabulary: Int) -> [Int] {
        (0..<count).map { _ in integer(below: vocabulary) }
    }
}

/// The sizes of a random problem. Wildml and denominator-layout use K, H, T; index-wise N, M (= H), O, T.
public struct NetworkSize: Sendable, Equatable {
    /// K, the vocabulary (wildml, denominator-layout).
    public var vocabulary: Int
    /// H (wildml, denominator-layout) or M (index-wise), the hidden units.
    public var hidden: Int
    /// T, the sequence length (P patterns in index-wise).
    public var steps: Int
    /// N, the real inputs (index-wise).
    public var inputs: Int
    /// O, the outputs (index-wise).
    public var outputs: Int

    public init(vocabulary: Int = 8, hidden: Int = 4, steps: Int = 6, inputs: Int = 3, outputs: Int = 2) {
        self.vocabulary = vocabulary
        self.hidden = hidden
        self.steps = steps
        self.inputs = inputs
        self.outputs = outputs
    }

    /// The embedded classroom network: K = 8, H = 4, T = 6; index-wise N = 3, M = 4, O = 2, T = 6.
    public static let classroom = NetworkSize()
}

extension Wildml.Problem where Scalar == Double {
    /// The tutorial's initialisation: U uniform in ±1/√K, V and W uniform in ±1/√H, each multiplied by
    /// `weightScale` (> 1 drives tanh into saturation). Then x and y, T token ids each.
    public static func random(size: NetworkSize, seed: UInt64, weightScale: Double = 1, truncation: Int? = nil) -> Self {
        var generator = SeededGenerator(seed: seed)
        let (K, H, T) = (size.vocabulary, size.hidden, size.steps)
        let U = generator.matrix(H, K, scale: weightScale / Double(K).squareRoot())
        let V = generator.matrix(K, H, scale: weightScale / Double(H).squareRoot())
        let W = generator.matrix(H, H, scale: weightScale / Double(H).squareRoot())
        let x = generator.tokens(T, vocabulary: K)
        let y = generator.tokens(T, vocabulary: K)
        return Self(rnn: Wildml.RNN(U: U, V: V, W: W, bpttTruncate: truncation ?? T), x: x, y: y)
    }
}

extension DenominatorLayout.Problem where Scalar == Double {
    /// The same network and sentence as `Wildml.Problem.random` with the same seed, written in
    /// denominator layout through the notations' correspondence (W_in ≡ U, W_rec ≡ W, W_out ≡ V).
    public static func random(size: NetworkSize, seed: UInt64, weightScale: Double = 1, truncation: Int? = nil) -> Self {
        Self(wildml: Wildml.Problem.random(size: size, seed: seed, weightScale: weightScale, truncation: truncation))
    }

    /// A wildml problem written in denominator layout, by the correspondence DenominatorLayout declares.
    public init(wildml: Wildml.Problem<Double>) {
        let translated = Equivalence.translate(
            wildml, from: AnyNotation(Wildml.self), to: AnyNotation(DenominatorLayout.self), by: DenominatorLayout.correspondences[0])
        guard let problem = translated as? Self else { preconditionFailure("the translation makes a denominator-layout problem") }
        self = problem
    }
}

extension IndexWise.Problem where Scalar == Double {
    /// v uniform in ±1/√N, u, w and θ_j in ±1/√M, θ_k in ±1/√O (each times `weightScale`); then inputs
    /// x(t) uniform in [−1, 1) and targets d(t) uniform in [0, 1) (a sigmoid's range).
    public static func random(
        size: NetworkSize, seed: UInt64, weightScale: Double = 1, truncation: Int? = nil, g: IndexWise.OutputActivation = .sigmoid
    ) -> Self {
        var generator = SeededGenerator(seed: seed)
        let (N, M, O, P) = (size.inputs, size.hidden, size.outputs, size.steps)
        let v = generator.matrix(M, N, scale: weightScale / Double(N).squareRoot())
        let u = generator.matrix(M, M, scale: weightScale / Double(M).squareRoot())
        let w = generator.matrix(O, M, scale: weightScale / Double(M).squareRoot())
        let thetaJ = generator.vector(M, scale: weightScale / Double(M).squareRoot())
        let thetaK = generator.vector(O, scale: weightScale / Double(O).squareRoot())
        let x = (0..<P).map { _ in (0..<N).map { _ in generator.uniform(-1, 1) } }
        var d = (0..<P).map { _ in (0..<O).map { _ in generator.uniform(0, 1) } }
        if g == .softmax {
            // Softmax outputs sum to 1: so do the targets.
            d = d.map { row in row.map { $0 / row.reduce(0, +) } }
        }
        return Self(network: IndexWise.Network(v: v, u: u, w: w, thetaJ: thetaJ, thetaK: thetaK, g: g), x: x, d: d, truncation: truncation)
    }
}
