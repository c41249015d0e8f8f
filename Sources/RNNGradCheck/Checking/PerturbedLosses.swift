/// Evaluates the loss at the parameters with one entry changed, faster than setting the entry and
/// calling `loss()`, and with exactly the same numbers: the same floating-point operations in the same
/// order, skipping only work whose result is already known (a state a perturbation cannot reach).
public protocol PerturbedLossEvaluator: AnyObject {
    /// E with entry `entry` (flat, row-major) of block `block` (in `blocks` order) set to `value`.
    func loss(block: Int, entry: Int, value: Double) -> Double
}

/// A problem that offers such an evaluator. The checker uses it when it exists; every evaluator is
/// tested equal, bit for bit, to `loss()` (FastPathTests.testPerturbedLosses_EqualThePlainForwardPassBitForBit).
public protocol FastPerturbedLosses: GradientProblem where Scalar == Double {
    func perturbedLossEvaluator() -> any PerturbedLossEvaluator
}
