/// Complex-step derivatives for the derivation verifier: Im f(θ + i·h·e_i) / h with the checker's h
/// (GradientCheckDefaults.complexStep), exact to rounding (notes/gradient-checking.md). Every reference
/// quantity `derive` compares a printed formula with is built from these; a scalar function goes
/// through the checker's own engine, NumericalDifferentiation.complexStep.
enum ComplexStep {
    static let h = GradientCheckDefaults.complexStep
    static let step = Complex(0, h)

    /// ∂f/∂θ_i for i in 0..<count, where f(i, δ) evaluates the function with δ added to entry i.
    static func gradient(count: Int, _ f: (Int, Complex) -> Complex) -> [Double] {
        // The checker's engine perturbs a value θ to θ + i·h; here θ = 0 and the function adds δ itself.
        NumericalDifferentiation.complexStep(values: [[Double](repeating: 0, count: count)], step: h, lossScale: 1, entries: nil) { _, i, value in
            f(i, value)
        }.blocks[0]
    }

    /// ∂f_j/∂θ_i for every output j of f at once: element j is the gradient of output j.
    static func gradients(count: Int, _ f: (Int, Complex) -> [Complex]) -> [[Double]] {
        var result: [[Double]] = []
        for i in 0..<count {
            let outputs = f(i, step)
            if result.isEmpty { result = Array(repeating: [Double](repeating: 0, count: count), count: outputs.count) }
            for (j, value) in outputs.enumerated() { result[j][i] = value.imaginary / h }
        }
        return result
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

/// diag(v), the one matrix helper `LinearAlgebra` does not offer ([S002]'s δ recursion prints it).
func diag(_ v: Vector<Double>) -> Matrix<Double> {
    var d = Matrix<Double>.zeros(v.count, v.count)
    for i in 0..<v.count { d[i, i] = v[i] }
    return d
}

/// A one-hot column vector of length `count` with its 1 at `index`.
func oneHot(_ index: Int, _ count: Int) -> Vector<Double> { .unit(count, index, 1) }

/// Derivatives a lab has computed, by a key naming the question; a lab asks the same question many
/// times (one δ_k^(t) per checkpoint that uses it).
final class Memo {
    private var vectorLists: [String: [Vector<Double>]] = [:]
    private var matrixLists: [String: [Matrix<Double>]] = [:]

    func vectors(_ key: String, _ make: () -> [Vector<Double>]) -> [Vector<Double>] {
        if let value = vectorLists[key] { return value }
        let value = make()
        vectorLists[key] = value
        return value
    }

    func matrix(_ key: String, _ make: () -> Matrix<Double>) -> Matrix<Double> { matrices(key) { [make()] }[0] }

    func matrices(_ key: String, _ make: () -> [Matrix<Double>]) -> [Matrix<Double>] {
        if let value = matrixLists[key] { return value }
        let value = make()
        matrixLists[key] = value
        return value
    }
}
