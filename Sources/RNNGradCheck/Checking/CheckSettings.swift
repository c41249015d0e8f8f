/// How a numerical derivative is taken. Every scheme evaluates the problem's own `loss()` (or, for
/// truncated BPTT, its per-output losses): there is one forward pass per notation.
public enum DifferenceScheme: String, CaseIterable, Sendable {
    /// (E(θ + h) − E(θ − h)) / 2h: error O(h²) from truncation, O(ε|E|/h) from rounding.
    case central
    /// Richardson extrapolation of the central difference, (4 D(h/2) − D(h)) / 3: error O(h⁴).
    case richardson
    /// Im E(θ + i·h) / h, in complex arithmetic: no subtraction, exact to rounding for h = 1e-20.
    case complexStep = "complex-step"

    /// The step h (relative: an entry θ is moved by h·max(1, |θ|); the complex step is absolute).
    public var defaultStep: Double {
        switch self {
        case .central: return GradientCheckDefaults.centralStep
        case .richardson: return GradientCheckDefaults.richardsonStep
        case .complexStep: return GradientCheckDefaults.complexStep
        }
    }

    /// Loss evaluations per parameter entry.
    public var evaluationsPerEntry: Int {
        switch self {
        case .central: return 2
        case .richardson: return 4
        case .complexStep: return 1
        }
    }
}

/// The numbers every check uses unless told otherwise, defined once. notes/gradient-checking.md gives
/// the reason for each.
public enum GradientCheckDefaults {
    /// Central-difference step: h = 1e-5·max(1, |θ|), near the optimum ε^(1/3) for a loss of order 1–100.
    public static let centralStep = 1e-5
    /// Richardson step: the O(h⁴) scheme tolerates a larger h, which divides the rounding error by 100.
    public static let richardsonStep = 1e-3
    /// Complex step: small enough that the O(h²) term vanishes below the last bit; nothing cancels.
    public static let complexStep = 1e-20
    /// Pass when every entry's relative error is at most this (CS231n: below 1e-7 for a smooth loss
    /// such as tanh/sigmoid/softmax in double precision).
    public static let tolerance = 1e-7
    /// The rounding error of one loss evaluation, in units of ε·max(1, |E|) (ε = 2⁻⁵²). The resolution
    /// of a numerical derivative follows from it: central R = κ·ε·max(1, |E|)/h.
    public static let roundingUnits = 16.0
    /// About how long the complex step may spend re-deriving the failing entries of a large network
    /// before it keeps to the worst of each block (`GradientChecker.reexaminationLimit`).
    public static let reexaminationSeconds = 10.0
}

/// The settings of one gradient check.
public struct CheckSettings: Sendable, Equatable {
    public var scheme: DifferenceScheme
    /// The step h; `scheme.defaultStep` when not set.
    public var step: Double
    public var tolerance: Double
    /// Re-derive the entries that fail under a finite difference by the complex step (see `Reexamination`).
    public var reexamine: Bool
    /// The arithmetic the analytic gradient was computed in: its rounding, κ·ε·max |∂E/∂θ|, is part of
    /// every entry's resolution (float64 for the package's own BPTT; float32 for a float32 program).
    public var precision: Precision
    /// The threads the numerical gradient may use (nil: one per processor). Every number of a check is
    /// the same for any count.
    public var threads: Int?

    public init(
        scheme: DifferenceScheme = .central, step: Double? = nil, tolerance: Double = GradientCheckDefaults.tolerance,
        reexamine: Bool = true, precision: Precision = .float64, threads: Int? = nil
    ) {
        self.scheme = scheme
        self.step = step ?? scheme.defaultStep
        self.tolerance = tolerance
        self.reexamine = reexamine
        self.precision = precision
        self.threads = threads
    }
}
