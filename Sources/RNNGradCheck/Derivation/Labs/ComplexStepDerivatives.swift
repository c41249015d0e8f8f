/// Complex-step derivatives for the derivation verifier: Im f(θ + i·h·e_i) / h with h = 1e-20,
/// exact to rounding (notes/gradient-checking.md). Every reference quantity `derive` compares a
/// printed formula with is built from these.
enum ComplexStep {
    static let h = 1e-20
    static let step = Complex(0, h)

    /// ∂f/∂θ_i for i in 0..<count, where f(i, δ) evaluates the function with δ added to entry i.
    static func gradient(count: Int, _ f: (Int, Complex) -> Complex) -> [Double] {
        (0..<count).map { i in f(i, step).imaginary / h }
    }

    /// The Jacobian ∂y/∂x (rows: outputs, columns: inputs; numerator layout), where f(j, δ) evaluates
    /// the outputs with δ added to input j.
    static func jacobian(outputs: Int, inputs: Int, _ f: (Int, Complex) -> [Complex]) -> Matrix<Double> {
        var jacobian = Matrix<Double>.zeros(outputs, inputs)
        for j in 0..<inputs {
            let y = f(j, step)
            precondition(y.count == outputs, "the function gave \(y.count) outputs, not \(outputs)")
            for i in 0..<outputs { jacobian[i, j] = y[i].imaginary / h }
        }
        return jacobian
    }
}

extension Vector {
    /// The vector δ·e_i of length `count`.
    static func unit(_ count: Int, _ i: Int, _ value: Scalar) -> Vector {
        var v = Vector.zeros(count)
        v[i] = value
        return v
    }
}

extension Matrix where Scalar == Double {
    /// Mᵀ.
    var transposed: Matrix<Double> {
        var t = Matrix<Double>.zeros(columns, rows)
        for i in 0..<rows { for j in 0..<columns { t[j, i] = self[i, j] } }
        return t
    }

    /// The matrix product M·N.
    func times(_ other: Matrix<Double>) -> Matrix<Double> {
        precondition(columns == other.rows, "a \(rows)×\(columns) matrix times a \(other.rows)×\(other.columns) one")
        var p = Matrix<Double>.zeros(rows, other.columns)
        for i in 0..<rows {
            for k in 0..<columns {
                let a = self[i, k]
                for j in 0..<other.columns { p[i, j] += a * other[k, j] }
            }
        }
        return p
    }

    /// diag(v).
    static func diagonal(_ v: Vector<Double>) -> Matrix<Double> {
        var d = Matrix<Double>.zeros(v.count, v.count)
        for i in 0..<v.count { d[i, i] = v[i] }
        return d
    }

    static func identity(_ n: Int) -> Matrix<Double> { diagonal(Vector(repeating: 1, count: n)) }

    /// A row vector gᵀ times this matrix (gᵀM), as a flat array.
    func leftMultiplied(by g: Vector<Double>) -> [Double] { T.dot(g).storage }

    /// The flat entries reshaped to rows × columns.
    func reshaped(_ rows: Int, _ columns: Int) -> Matrix<Double> { Matrix(rows: rows, columns: columns, storage: storage) }
}

/// A one-hot column vector of length `count` with its 1 at `index`.
func oneHot(_ index: Int, _ count: Int) -> Vector<Double> { .unit(count, index, 1) }
