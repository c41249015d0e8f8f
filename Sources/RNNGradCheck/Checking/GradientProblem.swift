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
}

/// A problem whose notation also derives the gradient by hand (its BPTT).
public protocol BPTTProblem: GradientProblem where Scalar == Double {
    /// The truncation the problem was given (nil: full BPTT).
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
    /// The entries of this block's gradient, flat and row-major, in the notation's gradient type.
    public let gradient: WritableKeyPath<Problem.Gradients, [Double]>

    public init(
        key: String, symbol: String,
        matrix: WritableKeyPath<Problem, Matrix<Problem.Scalar>>,
        gradient: WritableKeyPath<Problem.Gradients, Matrix<Double>>
    ) {
        self.key = key
        self.symbol = symbol
        self.values = matrix.appending(path: \.storage)
        self.shape = matrix.appending(path: \.shape)
        self.gradient = gradient.appending(path: \.storage)
    }

    public init(
        key: String, symbol: String,
        vector: WritableKeyPath<Problem, Vector<Problem.Scalar>>,
        gradient: WritableKeyPath<Problem.Gradients, Vector<Double>>
    ) {
        self.key = key
        self.symbol = symbol
        self.values = vector.appending(path: \.storage)
        self.shape = vector.appending(path: \.shape)
        self.gradient = gradient.appending(path: \.storage)
    }

    /// `W_rec[2,0]`, `θ_j[3]`: the printed symbol and the entry's 0-based index.
    public func label(ofEntry flatIndex: Int, shape: Shape) -> String {
        "\(symbol)[\(shape.index(ofEntry: flatIndex).map(String.init).joined(separator: ","))]"
    }
}
