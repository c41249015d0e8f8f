/// The arithmetic a program computes its loss and gradients in. It sets the rounding the checker
/// expects of the program's numbers, the default tolerance, and, for float32, the points a perturbation
/// may use: a float32 program reads θ + h as the nearest float32, so the checker sends exactly that.
public enum Precision: String, CaseIterable, Sendable {
    case float64
    case float32

    /// ε, the gap between 1 and the next number: 2⁻⁵² ≈ 2.2e-16 (float64), 2⁻²³ ≈ 1.2e-7 (float32).
    public var epsilon: Double {
        switch self {
        case .float64: return Double.ulpOfOne
        case .float32: return Double(Float.ulpOfOne)
        }
    }

    /// The largest relative error that passes unless told otherwise. float64: 1e-7 (CS231n, and
    /// `check`'s tolerance). float32: 1e-4, above the central difference's truncation at float32's
    /// step (h²/6·|L‴/L′| ≈ 4e-6·|L‴/L′| for h = 5e-3) and ten times below a 1e-3 error.
    /// notes/check-model.md gives the measurements.
    public var defaultTolerance: Double {
        switch self {
        case .float64: return GradientCheckDefaults.tolerance
        case .float32: return 1e-4
        }
    }

    /// x rounded to the nearest number of this precision: what a program of this precision reads when
    /// it is given x (float32: ±infinity beyond ±3.4e38).
    public func rounded(_ x: Double) -> Double {
        switch self {
        case .float64: return x
        case .float32: return Double(Float(x))
        }
    }

    /// Whether x is a number of this precision (rounding leaves it unchanged).
    public func represents(_ x: Double) -> Bool { rounded(x) == x || x.isNaN }

    /// The number `ulps` steps of this precision away from x (up for positive, down for negative), x
    /// first rounded to this precision.
    public func stepped(_ x: Double, ulps: Int) -> Double {
        switch self {
        case .float64:
            var y = x
            for _ in 0..<abs(ulps) { y = ulps > 0 ? y.nextUp : y.nextDown }
            return y
        case .float32:
            var y = Float(x)
            for _ in 0..<abs(ulps) { y = ulps > 0 ? y.nextUp : y.nextDown }
            return Double(y)
        }
    }
}
