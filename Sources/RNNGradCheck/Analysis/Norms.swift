// The norms the analyses report, computed here (no LAPACK): the Euclidean norm of a vector, the
// spectral norm of a matrix by power iteration, and matrix products kept on a logarithmic scale so
// that a long product of Jacobians neither overflows nor underflows.

#if canImport(Glibc)
    import Glibc
#elseif canImport(Musl)
    import Musl
#elseif canImport(Darwin)
    import Darwin
#elseif canImport(ucrt)
    import ucrt
#endif

/// Vector and matrix norms.
public enum Norms {
    /// ‖v‖₂, scaled by the largest |v_i| first so that no square overflows or underflows. NaN when
    /// some entry is NaN, +∞ when some entry is infinite.
    public static func euclidean(_ v: [Double]) -> Double {
        var largest = 0.0
        for x in v {
            if x.isNaN { return .nan }
            largest = max(largest, abs(x))
        }
        guard largest > 0, largest.isFinite else { return largest }
        var sum = 0.0
        for x in v {
            let scaled = x / largest
            sum += scaled * scaled
        }
        return largest * sum.squareRoot()
    }

    /// ‖M‖₂ = σ_max(M), the largest singular value, by power iteration on MᵀM:
    ///
    ///     v ← MᵀM v / ‖MᵀM v‖,      σ = ‖M v‖ once σ stops changing
    ///
    /// from a fixed start vector (the same result on every run). Each estimate is a lower bound that
    /// rises to σ_max; the iteration stops when it changes by less than `relativeTolerance`, or after
    /// `maxIterations` (then `converged` is false and the value is the last lower bound).
    public static func spectral(
        _ m: Matrix<Double>, relativeTolerance: Double = 1e-14, maxIterations: Int = 1_000
    ) -> SpectralNorm {
        let (rows, columns) = (m.rows, m.columns)
        guard rows > 0, columns > 0 else { return SpectralNorm(value: 0, iterations: 0, converged: true) }
        // Scale by the largest entry: the iteration then works on numbers of order 1.
        let largest = m.storage.reduce(0.0) { max($0, abs($1)) }
        guard largest > 0 else { return SpectralNorm(value: 0, iterations: 0, converged: true) }
        guard largest.isFinite else { return SpectralNorm(value: largest, iterations: 0, converged: true) }
        let a = (1 / largest) * m

        // Start vector: every entry positive and unequal, so that it is not orthogonal to the top right
        // singular vector of the matrices the package meets (a zero overlap needs exact cancellation).
        var v = (0..<columns).map { 1 + Double($0) / Double(2 * columns) }
        var estimate = 0.0
        for iteration in 1...maxIterations {
            let norm = euclidean(v)
            v = v.map { $0 / norm }
            let mv = a.dot(Vector(v))
            let sigma = euclidean(mv.storage)
            if sigma == 0 {
                // v is in the null space: restart from a unit vector that is not.
                guard let j = (0..<columns).first(where: { column in (0..<rows).contains { a[$0, column] != 0 } }) else {
                    return SpectralNorm(value: 0, iterations: iteration, converged: true)
                }
                v = (0..<columns).map { $0 == j ? 1 : 0 }
                continue
            }
            if abs(sigma - estimate) <= relativeTolerance * sigma {
                return SpectralNorm(value: largest * sigma, iterations: iteration, converged: true)
            }
            estimate = sigma
            v = a.T.dot(mv).storage
        }
        return SpectralNorm(value: largest * estimate, iterations: maxIterations, converged: false)
    }

    /// The product A·B.
    public static func product(_ a: Matrix<Double>, _ b: Matrix<Double>) -> Matrix<Double> {
        precondition(a.columns == b.rows, "a \(a.rows)×\(a.columns) matrix times a \(b.rows)×\(b.columns) matrix")
        var c = Matrix<Double>.zeros(a.rows, b.columns)
        for i in 0..<a.rows {
            for k in 0..<a.columns {
                let aik = a[i, k]
                if aik == 0 { continue }
                for j in 0..<b.columns { c[i, j] += aik * b[k, j] }
            }
        }
        return c
    }
}

/// A spectral norm and how the power iteration that computed it ended.
public struct SpectralNorm: Sendable, Equatable {
    /// σ_max.
    public let value: Double
    public let iterations: Int
    /// The estimate stopped changing (false: `value` is a lower bound after the iteration limit).
    public let converged: Bool
}

/// A number or a matrix as a mantissa times 10^exponent, so that products of many factors stay
/// representable: ‖∏ J‖ over a thousand steps can be 10⁻⁴⁰⁰ or 10⁴⁰⁰.
public struct ScaledMatrix: Sendable {
    /// The matrix divided by 10^log10Scale (largest entry of order 1).
    public var matrix: Matrix<Double>
    public var log10Scale: Double

    public init(_ matrix: Matrix<Double>) {
        self.matrix = matrix
        log10Scale = 0
        normalize()
    }

    /// Moves the size of the largest entry into the scale.
    public mutating func normalize() {
        let largest = matrix.storage.reduce(0.0) { max($0, abs($1)) }
        guard largest > 0, largest.isFinite else { return }
        let exponent = log10(largest).rounded(.down)
        matrix = pow(10, -exponent) * matrix
        log10Scale += exponent
    }

    /// self · other.
    public func times(_ other: ScaledMatrix) -> ScaledMatrix {
        var result = ScaledMatrix(Norms.product(matrix, other.matrix))
        result.log10Scale += log10Scale + other.log10Scale
        return result
    }

    /// log10 ‖M‖₂ (−∞ for the zero matrix).
    public var log10SpectralNorm: Double {
        let norm = Norms.spectral(matrix).value
        return norm > 0 ? log10(norm) + log10Scale : -.infinity
    }
}
