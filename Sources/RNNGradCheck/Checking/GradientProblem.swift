/// What the checker needs from a network and its data, and nothing about the notation it is written in.
///
/// A notation lists its parameter blocks (printed symbol, where the values live, where the gradient
/// lives); the checker perturbs the values through those key paths and calls `loss()`. Adding a
/// notation touches no checker code.
public protocol GradientProblem: Sendable {
    associatedtype Scalar: RealScalar
    associatedtype Gradients
    /// The same problem in complex arithmetic, for the complex-step derivative.
    associatedtype Complexified: GradientProblem
    where Complexified.Scalar == Complex, Complexified.Gradients == Gradients

    /// The parameter blocks, in the document's order.
    static var blocks: [ParameterBlock<Self>] { get }

    /// The number of time steps T (outputs 0..<T).
    var steps: Int { get }

    /// The loss E at the current parameters: the forward pass, and the single source of truth for
    /// every numerical gradient.
    func loss() -> Scalar

    /// The loss E_t of output t alone, when step k of the forward pass (k = 0…t) uses the parameters of
    /// `stepParameters(k)`: the weights untied in time. With `{ _ in self }` it is the ordinary E_t.
    func outputLoss(_ t: Int, stepParameters: (Int) -> Self) -> Scalar

    /// This problem with every parameter lifted to a complex number with zero imaginary part.
    func complexified() -> Complexified

    /// What checking this problem costs, counted by kind of work (CostEstimate.swift; a default from
    /// the sizes alone, a notation's own count in its folder).
    var costModel: CostModel { get }
}

/// A problem whose notation also derives the gradient by hand (its BPTT).
public protocol BPTTProblem: GradientProblem where Scalar == Double {
    /// The truncation τ the problem poses (nil: full BPTT): the error of output t reaches steps
    /// t − τ … t only.
    var truncation: Int? { get }
    /// The hand-derived gradient of the notation's document, with the given truncation
    /// (nil: full BPTT, the exact gradient of `loss()`).
    func bpttGradients(truncation: Int?) -> Gradients
}

/// One parameter block as the checker sees it.
public struct ParameterBlock<Problem: GradientProblem>: @unchecked Sendable {
    /// The key in fixtures and gradients JSON: `W_rec`, `theta_j`.
    public let key: String
    /// The symbol as the document prints it: `W_rec`, `θ_j`.
    public let symbol: String
    /// The entries, flat and row-major.
    public let values: WritableKeyPath<Problem, [Problem.Scalar]>
    /// The block's shape.
    public let shape: KeyPath<Problem, Shape>
    /// The size symbols of the shape's dimensions (`["H", "K"]`), as the document names them.
    public let dimensions: [String]
    /// The entries of this block's gradient, flat and row-major, in the notation's gradient type.
    public let gradient: WritableKeyPath<Problem.Gradients, [Double]>

    public init(
        key: String, symbol: String, dimensions: [String],
        matrix: WritableKeyPath<Problem, Matrix<Problem.Scalar>>,
        gradient: WritableKeyPath<Problem.Gradients, Matrix<Double>>
    ) {
        precondition(dimensions.count == 2, "\(key): a matrix has two dimensions")
        self.key = key
        self.symbol = symbol
        self.dimensions = dimensions
        self.values = matrix.appending(path: \.storage)
        self.shape = matrix.appending(path: \.shape)
        self.gradient = gradient.appending(path: \.storage)
    }

    public init(
        key: String, symbol: String, dimensions: [String],
        vector: WritableKeyPath<Problem, Vector<Problem.Scalar>>,
        gradient: WritableKeyPath<Problem.Gradients, Vector<Double>>
    ) {
        precondition(dimensions.count == 1, "\(key): a vector has one dimension")
        self.key = key
        self.symbol = symbol
        self.dimensions = dimensions
        self.values = vector.appending(path: \.storage)
        self.shape = vector.appending(path: \.shape)
        self.gradient = gradient.appending(path: \.storage)
    }
}

extension GradientProblem {
    /// Every parameter block with its key, symbol, shape and values, in block order.
    public var parameterBlocks: [NamedBlock] {
        Self.blocks.map {
            NamedBlock(key: $0.key, symbol: $0.symbol, shape: self[keyPath: $0.shape], values: self[keyPath: $0.values].map { $0.real })
        }
    }
}

extension BPTTProblem {
    /// A gradient of this problem, block by block (key, symbol, shape of its parameter, values).
    public func namedBlocks(of gradients: Gradients) -> [NamedBlock] {
        Self.blocks.map {
            NamedBlock(key: $0.key, symbol: $0.symbol, shape: self[keyPath: $0.shape], values: gradients[keyPath: $0.gradient])
        }
    }

    /// The hand-derived gradient (with the given truncation), block by block.
    public func gradientBlocks(truncation: Int?) -> [NamedBlock] { namedBlocks(of: bpttGradients(truncation: truncation)) }

    /// A gradient computed elsewhere (another program, a bug), given flat per block in block order, in
    /// the notation's own gradient type.
    public func gradients(fromBlocks blocks: [[Double]]) -> Gradients {
        precondition(blocks.count == Self.blocks.count, "one array per parameter block")
        var gradients = bpttGradients(truncation: nil)
        for (block, values) in zip(Self.blocks, blocks) {
            gradients[keyPath: block.gradient] = values
        }
        return gradients
    }

    /// The problem with block `index` set to `values` (flat, row-major).
    public func settingBlock(_ index: Int, to values: [Double]) -> Self {
        var copy = self
        copy[keyPath: Self.blocks[index].values] = values
        return copy
    }
}
