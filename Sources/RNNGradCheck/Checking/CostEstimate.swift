/// Work counted by kind: each kind runs at its own rate (`MachineRates`).
public struct Work: Sendable, Equatable {
    /// Multiply-adds in the vector kernels (the checker's register-blocked products and running sums,
    /// the gradient's fused products).
    public var kernel: Double
    /// Operations of plain loops over flat buffers.
    public var scalar: Double
    /// Operations of code that allocates vectors as it goes: the literal ports and the generic forward
    /// pass every plain loss runs.
    public var allocating: Double
    /// Calls of libm's exp, log and tanh, one at a time (the bit-exact paths use no other).
    public var transcendental: Double
    /// e^x and tanh of the C target's vector kernels (the gradient's fast path).
    public var vectorTranscendental: Double
    /// Vectors the allocating code allocates (each costs as much as ~100 operations).
    public var allocations: Double

    public init(
        kernel: Double = 0, scalar: Double = 0, allocating: Double = 0, transcendental: Double = 0, vectorTranscendental: Double = 0,
        allocations: Double = 0
    ) {
        self.kernel = kernel
        self.scalar = scalar
        self.allocating = allocating
        self.transcendental = transcendental
        self.vectorTranscendental = vectorTranscendental
        self.allocations = allocations
    }

    public static let zero = Work()

    public static func + (a: Work, b: Work) -> Work {
        Work(
            kernel: a.kernel + b.kernel, scalar: a.scalar + b.scalar, allocating: a.allocating + b.allocating,
            transcendental: a.transcendental + b.transcendental, vectorTranscendental: a.vectorTranscendental + b.vectorTranscendental,
            allocations: a.allocations + b.allocations)
    }

    public static func * (factor: Double, work: Work) -> Work {
        Work(
            kernel: factor * work.kernel, scalar: factor * work.scalar, allocating: factor * work.allocating,
            transcendental: factor * work.transcendental, vectorTranscendental: factor * work.vectorTranscendental,
            allocations: factor * work.allocations)
    }
}

/// What a check of one problem costs, counted (not timed): a notation supplies it for its problems
/// (`GradientProblem.costModel`), `CostEstimate` turns it into seconds and bytes.
public struct CostModel: Sendable {
    /// The analytic gradient, by the implementation `bpttGradients` runs for the problem's truncation.
    public var analytic: Work
    /// The memory the analytic gradient allocates at its peak, in bytes.
    public var analyticBytes: Double
    /// One plain forward pass, `loss()`.
    public var forward: Work
    /// One forward pass in complex arithmetic (the complex step, and re-examination).
    public var complexForward: Work
    /// Per block: both losses of the central difference of every entry through the problem's
    /// perturbed-loss evaluator (nil: the problem has none, and every loss is a forward pass).
    public var perturbedLosses: [Work]?
    /// The memory one perturbed-loss evaluator keeps (one per thread), in bytes.
    public var evaluatorBytes: Double

    public init(
        analytic: Work, analyticBytes: Double, forward: Work, complexForward: Work, perturbedLosses: [Work]?, evaluatorBytes: Double
    ) {
        self.analytic = analytic
        self.analyticBytes = analyticBytes
        self.forward = forward
        self.complexForward = complexForward
        self.perturbedLosses = perturbedLosses
        self.evaluatorBytes = evaluatorBytes
    }
}

extension GradientProblem {
    /// A model that knows only the sizes: one forward pass is T steps over every parameter once
    /// (allocating), the analytic gradient three forward passes, no perturbed-loss evaluator. A
    /// notation replaces it with its own count (its `+Cost.swift`).
    public var costModel: CostModel {
        let parameters = Double(Self.blocks.reduce(0) { $0 + self[keyPath: $1.values].count })
        let forward = Work(
            allocating: Double(steps) * parameters, transcendental: Double(steps) * parameters.squareRoot(), allocations: 6 * Double(steps))
        return CostModel(
            analytic: 3 * forward, analyticBytes: 8 * 4 * parameters, forward: forward, complexForward: 3 * forward,
            perturbedLosses: nil, evaluatorBytes: 8 * 2 * parameters)
    }
}

/// Seconds per unit of each kind of work, measured on one machine (`bench --calibrate` measures them
/// again and prints the estimates beside the measured times).
public struct MachineRates: Sendable, Equatable {
    /// Seconds per multiply-add in the vector kernels, at the kernel level in use.
    public var kernel: Double
    public var scalar: Double
    public var allocating: Double
    public var transcendental: Double
    public var vectorTranscendental: Double
    public var allocation: Double
    /// What starting the work costs once, whatever its size (a check of 80 entries takes ~80 µs).
    public var overhead: Double

    public init(
        kernel: Double, scalar: Double, allocating: Double, transcendental: Double, vectorTranscendental: Double, allocation: Double,
        overhead: Double
    ) {
        self.kernel = kernel
        self.scalar = scalar
        self.allocating = allocating
        self.transcendental = transcendental
        self.vectorTranscendental = vectorTranscendental
        self.allocation = allocation
        self.overhead = overhead
    }

    /// Measured on the project's reference machine (2 vCPU AMD EPYC, Zen 5, under KVM, AVX-512; single
    /// thread, CPU time, notes/performance.md), for the kernel level in use: the portable Swift loops
    /// run the kernels at about a quarter of the AVX-512 rate.
    public static var reference: MachineRates {
        let kernel: Double
        switch KernelLevel.current {
        case .avx512: kernel = 1 / 25e9
        case .avx2: kernel = 1 / 12e9
        case .portable: kernel = 1 / 6e9
        }
        return MachineRates(
            kernel: kernel, scalar: 1 / 1.5e9, allocating: 1 / 1.4e9, transcendental: 6e-9, vectorTranscendental: 0.5e-9,
            allocation: 90e-9, overhead: 40e-6)
    }

    /// The time of `work`, one thread.
    public func seconds(_ work: Work) -> Double {
        work.kernel * kernel + work.scalar * scalar + work.allocating * allocating + work.transcendental * transcendental
            + work.vectorTranscendental * vectorTranscendental + work.allocations * allocation
    }
}

/// How long a check will take and how much memory it needs, estimated before it runs: "about", on the
/// kind of machine `rates` describes. On the reference machine every part of the problems `bench
/// --calibrate` runs (four notations, four sizes each) came within a factor of 2 of the measured time,
/// and the exhaustive check of the tutorial-size network within 1.5 (notes/performance.md).
public struct CheckCostEstimate: Sendable {
    /// Seconds (wall clock) and bytes of one part of the check.
    public struct Part: Sendable, Equatable {
        public var seconds: Double
        public var bytes: Double
    }

    /// The analytic gradient, by the implementation that will run.
    public var analytic: Part
    /// The numerical gradient of every entry, by the settings' scheme, on `threads` threads.
    public var numerical: Part
    /// Re-examination if every entry failed: the complex step of every entry (one thread). A check
    /// that passes re-examines nothing.
    public var reexaminationWorstCase: Part
    /// The threads the numerical gradient will use.
    public var threads: Int
    /// The entries differentiated.
    public var entries: Int

    /// Analytic and numerical gradients: the check when no entry needs re-examination.
    public var expected: Part {
        Part(seconds: analytic.seconds + numerical.seconds, bytes: max(analytic.bytes, numerical.bytes))
    }

    /// The whole check if every entry had to be re-examined.
    public var worstCase: Part {
        Part(seconds: expected.seconds + reexaminationWorstCase.seconds, bytes: max(expected.bytes, reexaminationWorstCase.bytes))
    }
}

public enum CostEstimate {
    /// The estimate for checking `problem` with `settings`, from the problem's cost model.
    ///
    /// - Parameters:
    ///   - exploitingStructure: whether the numerical gradient goes through the problem's perturbed-loss
    ///     evaluator (what `check` does); false: every loss through `loss()`.
    ///   - cores: the processors (the threads default to them, as the checker's do).
    public static func check<P: GradientProblem>(
        _ problem: P, settings: CheckSettings = CheckSettings(), exploitingStructure: Bool = true,
        rates: MachineRates = .reference, cores: Int = Threads.availableCores
    ) -> CheckCostEstimate {
        let model = problem.costModel
        let entries = P.blocks.reduce(0) { $0 + problem[keyPath: $1.values].count }
        let perEntry = Double(settings.scheme.evaluationsPerEntry)
        let analytic = CheckCostEstimate.Part(seconds: rates.seconds(model.analytic), bytes: model.analyticBytes)
        let problemBytes = 8 * Double(entries)

        // The numerical gradient: the evaluator's batches over the threads, or forward passes one by one.
        var numerical: CheckCostEstimate.Part
        var threads = 1
        if settings.scheme == .complexStep {
            numerical = CheckCostEstimate.Part(seconds: Double(entries) * rates.seconds(model.complexForward), bytes: 4 * problemBytes)
        } else if exploitingStructure, let blocks = model.perturbedLosses {
            let work = blocks.reduce(Work.zero, +)
            let oneThread = perEntry / 2 * rates.seconds(work)
            // The driver starts threads only for work above its threshold (ParallelDifferences).
            if work.kernel + work.scalar + 100 * work.transcendental > ParallelDifferences.threadingThreshold {
                threads = max(1, min(settings.threads ?? cores, cores))
            }
            let storedLosses = perEntry * problemBytes
            numerical = CheckCostEstimate.Part(
                seconds: oneThread / Double(threads), bytes: Double(threads) * model.evaluatorBytes + storedLosses + 2 * problemBytes)
        } else {
            numerical = CheckCostEstimate.Part(
                seconds: Double(entries) * perEntry * rates.seconds(model.forward), bytes: 3 * problemBytes)
        }
        numerical.seconds += rates.overhead

        let reexamination = CheckCostEstimate.Part(
            seconds: Double(entries) * rates.seconds(model.complexForward), bytes: 2 * 2 * problemBytes + model.evaluatorBytes)
        return CheckCostEstimate(analytic: analytic, numerical: numerical, reexaminationWorstCase: reexamination, threads: threads, entries: entries)
    }
}
