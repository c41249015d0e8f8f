/// Central differences (or their Richardson extrapolation) of many entries, with the perturbed losses
/// computed in batches by a problem's evaluator, on several threads.
///
/// The entries are independent. The driver asks an evaluator how to group them (`batches`), hands the
/// groups to the threads (the costliest first; each thread has its own evaluator), and stores every
/// loss at its entry's place. Then `NumericalDifferentiation.differences` forms every derivative from
/// the stored losses, exactly as it does with one loss at a time. Each loss is the same number whichever
/// thread and batch computed it, so the result is the same, bit for bit, for any thread count
/// (FastPathTests).
public enum ParallelDifferences {
    /// Called from any thread as the work proceeds: entries whose losses are computed, of the total.
    /// It is called once per batch (a few hundred to a few thousand times in a large check), never
    /// concurrently with itself.
    public typealias Progress = @Sendable (_ done: Int, _ total: Int) -> Void

    /// Below this much work (in the evaluators' units, about one multiply-add each) one thread does it
    /// all: starting threads would cost more than they save.
    public static let threadingThreshold = 2_000_000.0

    /// The numerical gradient of the objective the evaluator computes.
    ///
    /// - Parameters:
    ///   - values: the point, flat per block (what `evaluator` perturbs).
    ///   - entries: per block, the flat indices to differentiate (nil: all); the others are NaN.
    ///   - lossScale: |E| at the point (for the resolution, as in `differences`).
    ///   - threads: how many threads (nil: one per processor). The result does not depend on it.
    ///   - progress: told how many entries are done, from the worker threads.
    ///   - makeEvaluator: a fresh evaluator; called once per thread.
    public static func gradient(
        values: [[Double]], scheme: DifferenceScheme, step: Double, entries: [[Int]]?, lossScale: Double,
        threads: Int? = nil, progress: Progress? = nil,
        evaluator makeEvaluator: @escaping @Sendable () -> any PerturbedLossEvaluator
    ) -> NumericalGradient {
        gradient(
            values: values, scheme: scheme, step: step, entries: entries, lossScale: lossScale, threads: threads, progress: progress,
            threadingThreshold: threadingThreshold, evaluator: makeEvaluator)
    }

    /// The same, with the work below which one thread does it all (tests set 0 to use threads on
    /// small problems).
    static func gradient(
        values: [[Double]], scheme: DifferenceScheme, step: Double, entries: [[Int]]?, lossScale: Double,
        threads: Int?, progress: Progress?, threadingThreshold: Double,
        evaluator makeEvaluator: @escaping @Sendable () -> any PerturbedLossEvaluator
    ) -> NumericalGradient {
        precondition(scheme != .complexStep, "the complex step is not a difference")
        let perEntry = scheme.evaluationsPerEntry
        let lists = values.indices.map { entries?[$0] ?? Array(values[$0].indices) }
        let planner = Unshared(makeEvaluator())
        let work = lists.enumerated().flatMap { block, list in
            list.isEmpty ? [] : planner.value.batches(block: block, entries: list).map { (block: block, batch: $0) }
        }
        // The costliest first, so that no thread is left with a long batch at the end; ties keep their
        // order (the result does not depend on it, only the timing).
        let order = work.indices.sorted { (work[$0].batch.cost, $1) > (work[$1].batch.cost, $0) }
        let totalCost = work.reduce(0) { $0 + $1.batch.cost }
        let totalEntries = work.reduce(0) { $0 + $1.batch.entries.count }
        let threadCount = max(1, min(threads ?? Threads.availableCores, work.count, totalCost < threadingThreshold ? 1 : Int.max))

        // losses[block][entry · perEntry + k]: the k-th loss `differences` asks for at that entry.
        let losses = SharedLosses(counts: values.map { $0.count * perEntry })
        let queue = WorkQueue(count: order.count)
        let points = values
        Threads.run(threadCount) { thread in
            let evaluator = thread == 0 ? planner.value : makeEvaluator()
            while let next = queue.take() {
                let (block, batch) = work[order[next]]
                var perturbations: [Perturbation] = []
                perturbations.reserveCapacity(batch.entries.count * perEntry)
                for entry in batch.entries {
                    for k in 0..<perEntry {
                        perturbations.append(Perturbation(entry: entry, value: perturbedValue(k, of: points[block][entry], step: step)))
                    }
                }
                let results = evaluator.losses(block: block, perturbations: perturbations)
                for (index, perturbation) in perturbations.enumerated() {
                    losses.store(results[index], block: block, at: perturbation.entry * perEntry + index % perEntry)
                }
                queue.finished(batch.entries.count) { done in progress?(done, totalEntries) }
            }
        }

        return NumericalDifferentiation.differences(
            values: values, scheme: scheme, step: step, entries: entries, lossScale: lossScale
        ) { block, entry, value in
            let theta = values[block][entry]
            for k in 0..<perEntry where perturbedValue(k, of: theta, step: step) == value {
                return losses.load(block: block, at: entry * perEntry + k)
            }
            return planner.value.loss(block: block, entry: entry, value: value)
        }
    }

    /// The k-th value `differences` sets an entry θ to: θ + h, θ − h (and θ + h/2, θ − h/2 for
    /// Richardson), h = step·max(1, |θ|), computed as it computes them.
    static func perturbedValue(_ k: Int, of theta: Double, step: Double) -> Double {
        let h = step * max(1, abs(theta))
        switch k {
        case 0: return theta + h
        case 1: return theta - h
        case 2: return theta + h / 2
        default: return theta - h / 2
        }
    }
}

/// A value handed to exactly one thread at a time (the planning evaluator: the calling thread uses it
/// before and after the workers, worker 0 in between).
private struct Unshared<Value>: @unchecked Sendable {
    let value: Value
    init(_ value: Value) { self.value = value }
}

/// The losses, one buffer per block, written by many threads at distinct places.
private final class SharedLosses: @unchecked Sendable {
    private let buffers: [UnsafeMutableBufferPointer<Double>]

    init(counts: [Int]) {
        buffers = counts.map { count in
            let buffer = UnsafeMutableBufferPointer<Double>.allocate(capacity: count)
            buffer.initialize(repeating: .nan)
            return buffer
        }
    }

    deinit { for buffer in buffers { buffer.deallocate() } }

    func store(_ value: Double, block: Int, at index: Int) { buffers[block][index] = value }
    func load(block: Int, at index: Int) -> Double { buffers[block][index] }
}

/// The next batch to compute, and how many entries are done.
private final class WorkQueue: @unchecked Sendable {
    private let lock = Lock()
    private let count: Int
    private var next = 0
    private var done = 0

    init(count: Int) { self.count = count }

    func take() -> Int? {
        lock.withLock {
            guard next < count else { return nil }
            defer { next += 1 }
            return next
        }
    }

    /// Adds `entries` to the finished count and tells `report` the new count (under the lock, so that
    /// reports arrive one at a time and in order).
    func finished(_ entries: Int, report: (Int) -> Void) {
        lock.withLock {
            done += entries
            report(done)
        }
    }
}
