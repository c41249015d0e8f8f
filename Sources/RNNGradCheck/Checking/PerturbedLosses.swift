/// Evaluates the loss at the parameters with one entry changed, faster than setting the entry and
/// calling `loss()`, and with exactly the same numbers: the same floating-point operations in the same
/// order, skipping only work whose result is already known (a state a perturbation cannot reach) and
/// doing the rest for many perturbations at once.
///
/// An evaluator is used by one thread at a time; the parallel driver (ParallelDifferences.swift) gives
/// every thread its own.
public protocol PerturbedLossEvaluator: AnyObject {
    /// E with entry `entry` (flat, row-major) of block `block` (in `blocks` order) set to `value`.
    func loss(block: Int, entry: Int, value: Double) -> Double

    /// The given entries of `block` in groups whose losses are cheapest computed together, each with
    /// its cost in arbitrary units (the driver hands out the costly groups first). Every entry is in
    /// exactly one group.
    func batches(block: Int, entries: [Int]) -> [PerturbationBatch]

    /// E for every perturbation of one batch (all of block `block`), in order: the same numbers as
    /// `loss(block:entry:value:)` one by one.
    func losses(block: Int, perturbations: [Perturbation]) -> [Double]
}

/// One entry set to one value.
public struct Perturbation: Sendable, Equatable {
    public var entry: Int
    public var value: Double

    public init(entry: Int, value: Double) {
        self.entry = entry
        self.value = value
    }
}

/// Entries of one block whose perturbed losses an evaluator computes together.
public struct PerturbationBatch: Sendable, Equatable {
    public var entries: [Int]
    /// The work, in the evaluator's units (for scheduling only).
    public var cost: Double

    public init(entries: [Int], cost: Double) {
        self.entries = entries
        self.cost = cost
    }
}

extension PerturbedLossEvaluator {
    /// Groups of 64 entries in the given order, of equal cost.
    public func batches(block: Int, entries: [Int]) -> [PerturbationBatch] {
        stride(from: 0, to: entries.count, by: 64).map {
            PerturbationBatch(entries: Array(entries[$0..<min($0 + 64, entries.count)]), cost: 1)
        }
    }

    /// One loss at a time.
    public func losses(block: Int, perturbations: [Perturbation]) -> [Double] {
        perturbations.map { loss(block: block, entry: $0.entry, value: $0.value) }
    }
}

/// A problem that offers such an evaluator. The checker uses it when it exists; every evaluator is
/// tested equal, bit for bit, to `loss()` (FastPathTests.testPerturbedLosses_EqualThePlainForwardPassBitForBit).
public protocol FastPerturbedLosses: GradientProblem where Scalar == Double {
    func perturbedLossEvaluator() -> any PerturbedLossEvaluator
}
