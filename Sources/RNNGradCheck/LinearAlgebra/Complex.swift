/// A complex number, just enough of one for the complex-step derivative.
///
/// For an analytic loss E, E(θ + i·h) = E(θ) + i·h·E′(θ) − h²E″(θ)/2 − i·h³E‴(θ)/6 + …, so
/// Im E(θ + i·h) / h = E′(θ) + O(h²) with no subtraction: with h = 1e-20 the derivative is exact to
/// the last bits of a double. See notes/gradient-checking.md.
public struct Complex: RealScalar, Equatable, CustomStringConvertible {
    public var real: Double
    public var imaginary: Double

    @inlinable public init(_ real: Double, _ imaginary: Double) {
        self.real = real
        self.imaginary = imaginary
    }

    @inlinable public init(_ value: Double) { self.init(value, 0) }

    @inlinable public var complexValue: Complex { self }

    public var description: String { "\(real) + \(imaginary)i" }

    @inlinable public static func + (lhs: Complex, rhs: Complex) -> Complex {
        Complex(lhs.real + rhs.real, lhs.imaginary + rhs.imaginary)
    }

    @inlinable public static func - (lhs: Complex, rhs: Complex) -> Complex {
        Complex(lhs.real - rhs.real, lhs.imaginary - rhs.imaginary)
    }

    @inlinable public static func * (lhs: Complex, rhs: Complex) -> Complex {
        Complex(
            lhs.real * rhs.real - lhs.imaginary * rhs.imaginary,
            lhs.real * rhs.imaginary + lhs.imaginary * rhs.real)
    }

    /// Smith's algorithm: no overflow from squaring the divisor.
    @inlinable public static func / (lhs: Complex, rhs: Complex) -> Complex {
        let (a, b, c, d) = (lhs.real, lhs.imaginary, rhs.real, rhs.imaginary)
        if abs(c) >= abs(d) {
            let r = d / c
            let denominator = c + d * r
            return Complex((a + b * r) / denominator, (b - a * r) / denominator)
        } else {
            let r = c / d
            let denominator = c * r + d
            return Complex((a * r + b) / denominator, (b * r - a) / denominator)
        }
    }

    @inlinable public static prefix func - (operand: Complex) -> Complex {
        Complex(-operand.real, -operand.imaginary)
    }

    /// tanh(a + ib) = (t(1 + τ²) + i·τ·sech²a) / (1 + t²τ²), with t = tanh a, τ = tan b.
    /// sech²a is computed directly, so the imaginary part keeps its precision where tanh saturates.
    @inlinable public static func tanh(_ x: Complex) -> Complex {
        let t = libmTanh(x.real)
        let tau = libmTan(x.imaginary)
        let coshA = libmCosh(x.real)
        let sech2 = 1 / (coshA * coshA)
        let denominator = 1 + t * t * tau * tau
        return Complex(t * (1 + tau * tau) / denominator, tau * sech2 / denominator)
    }

    /// e^(a + ib) = e^a (cos b + i sin b).
    @inlinable public static func exp(_ x: Complex) -> Complex {
        let m = libmExp(x.real)
        return Complex(m * libmCos(x.imaginary), m * libmSin(x.imaginary))
    }

    /// The principal logarithm, log|z| + i·arg z.
    @inlinable public static func log(_ x: Complex) -> Complex {
        Complex(libmLog(libmHypot(x.real, x.imaginary)), libmAtan2(x.imaginary, x.real))
    }
}
