import RNNGradCheck

/// A model whose hand-derived gradient can be checked: its parameters by name, its loss, and its
/// analytic gradient.
///
/// The loss is generic over the scalar, so one forward pass serves every oracle: `Double` for the
/// loss and central differences, `Complex` for the complex step (write it with `+ − × ÷`, `tanh`,
/// `exp`, `log`, `softmax`, `logSumExp`, `Matrix.dot`; compare values through `.real`). Read the
/// parameters from the argument, never from `self`: the checker passes perturbed copies.
///
/// ```
/// struct Linear: GradientCheckable {
///     var w: Vector<Double>, x: Vector<Double>, y: Double
///     var parameters: ModelParameters<Double> { [.vector("w", w)] }
///     func loss<Scalar: RealScalar>(_ parameters: ModelParameters<Scalar>) throws -> Scalar {
///         let error = try parameters.vector("w").dot(Vector(x)) - Scalar(y)   // E = ½ (wᵀx − y)²
///         return Scalar(0.5) * error * error
///     }
///     func gradients() -> ModelGradients {                                   // ∂E/∂w = (wᵀx − y) x
///         [.vector("w", Vector(x.storage.map { (w.dot(x) - y) * $0 }))]
///     }
/// }
/// let check = try checkGradients(of: Linear(w: [0.5, -1], x: [2, 3], y: 1))
/// print(check)   // the table `rnn-gradcheck check` prints
/// ```
///
/// The check compares `gradients()` with the numerical gradient of `loss` at `parameters`: ∂loss/∂θ
/// in full. A truncated gradient (truncated BPTT) is not that gradient and fails.
public protocol GradientCheckable {
    /// The parameters by name, in the order reports list them (any shape: matrix, vector, scalar,
    /// tensor).
    var parameters: ModelParameters<Double> { get }

    /// The loss at `parameters` (the model's data, such as inputs and targets, comes from `self`).
    func loss<Scalar: RealScalar>(_ parameters: ModelParameters<Scalar>) throws -> Scalar

    /// The hand-derived gradient ∂loss/∂θ at `parameters`: one block per parameter, with its name and
    /// shape, in any order.
    func gradients() throws -> ModelGradients
}
