import RNNGradCheck
import RNNGradCheckKit
import XCTest

/// |actual − expected| ≤ relative·max(|expected|, floor). Computed doubles are never compared exactly:
/// libm differs between platforms in the last bits.
func assertClose(
    _ actual: Double, _ expected: Double, relative: Double, floor: Double = 1e-300,
    _ message: @autoclosure () -> String = "", file: StaticString = #filePath, line: UInt = #line
) {
    let tolerance = relative * max(abs(expected), floor)
    XCTAssert(
        abs(actual - expected) <= tolerance,
        "\(actual) is not within \(relative) (relative) of \(expected): off by \(abs(actual - expected)). \(message())",
        file: file, line: line)
}

/// The model of `GradientCheckable`'s documentation, as written there: E = ½ (wᵀx − y)², ∂E/∂w = (wᵀx − y) x.
struct Linear: GradientCheckable {
    var w: Vector<Double>, x: Vector<Double>, y: Double
    var parameters: ModelParameters<Double> { [.vector("w", w)] }
    func loss<Scalar: RealScalar>(_ parameters: ModelParameters<Scalar>) throws -> Scalar {
        let error = try parameters.vector("w").dot(Vector(x)) - Scalar(y)  // E = ½ (wᵀx − y)²
        return Scalar(0.5) * error * error
    }
    func gradients() -> ModelGradients {  // ∂E/∂w = (wᵀx − y) x
        [.vector("w", Vector(x.storage.map { (w.dot(x) - y) * $0 }))]
    }
}

/// A model with a block of every shape the API takes (a matrix, a vector, a scalar, a 3-D tensor),
/// none of them a shipped notation's. Forward pass:
///
/// ```
/// a = W x + b                          W: 2×3, b: 2, x: 3
/// t = tanh(a)
/// z = g t                              g: scalar
/// u_i = Σ_{j,l} K[i,j,l] z_j z_l       K: 2×2×2
/// L = log Σ_i e^(u_i)
/// ```
///
/// Gradient, derived by hand (p = softmax(u)):
///
/// ```
/// ∂L/∂K[i,j,l] = p_i z_j z_l
/// ∂L/∂z_m = Σ_i p_i (Σ_l K[i,m,l] z_l + Σ_j K[i,j,m] z_j)
/// ∂L/∂g = Σ_m ∂L/∂z_m t_m
/// ∂L/∂a_m = ∂L/∂z_m · g · (1 − t_m²)
/// ∂L/∂W = (∂L/∂a) xᵀ,   ∂L/∂b = ∂L/∂a
/// ```
struct TensorNet: GradientCheckable {
    var W: Matrix<Double>
    var b: Vector<Double>
    var g: Double
    /// K[i,j,l] is `K[(i·2 + j)·2 + l]`.
    var K: [Double]
    var x: Vector<Double>
    /// The planted bug: ∂u_i/∂z_m without its second term Σ_j K[i,j,m] z_j, as if K were symmetric in
    /// j and l. ∂L/∂K stays right; W and b go wrong (∂L/∂g stays right: z·∇u = 2u either way).
    var dropsSecondTerm = false

    static func example(seed: UInt64 = 7) -> TensorNet {
        var random = SeededGenerator(seed: seed)
        return TensorNet(
            W: random.matrix(2, 3, scale: 1), b: random.vector(2, scale: 1), g: 1.3,
            K: (0..<8).map { _ in random.uniform(-1, 1) }, x: random.vector(3, scale: 1))
    }

    var parameters: ModelParameters<Double> {
        [.matrix("W", W), .vector("b", b), .scalar("g", g), .tensor("K", dimensions: [2, 2, 2], values: K)]
    }

    func loss<Scalar: RealScalar>(_ parameters: ModelParameters<Scalar>) throws -> Scalar {
        let t = tanh(try parameters.matrix("W").dot(Vector(x)) + parameters.vector("b"))
        let z = try parameters.scalar("g") * t
        let K = try parameters.values("K")
        var u = Vector<Scalar>.zeros(2)
        for i in 0..<2 {
            for j in 0..<2 {
                for l in 0..<2 { u[i] += K[(i * 2 + j) * 2 + l] * z[j] * z[l] }
            }
        }
        return logSumExp(u)
    }

    /// ∂L/∂θ by the derivation above; `dropsSecondTerm` plants the bug.
    func gradients() -> ModelGradients {
        let t = tanh(W.dot(x) + b)
        let z = g * t
        var u = Vector<Double>.zeros(2)
        for i in 0..<2 {
            for j in 0..<2 {
                for l in 0..<2 { u[i] += K[(i * 2 + j) * 2 + l] * z[j] * z[l] }
            }
        }
        let p = softmax(u)
        var dK = [Double](repeating: 0, count: 8)
        var dz = Vector<Double>.zeros(2)
        for i in 0..<2 {
            for j in 0..<2 {
                for l in 0..<2 { dK[(i * 2 + j) * 2 + l] = p[i] * z[j] * z[l] }
            }
            for m in 0..<2 {
                var first = 0.0, second = 0.0
                for l in 0..<2 { first += K[(i * 2 + m) * 2 + l] * z[l] }
                for j in 0..<2 { second += K[(i * 2 + j) * 2 + m] * z[j] }
                dz[m] += p[i] * (dropsSecondTerm ? 2 * first : first + second)
            }
        }
        let dg = dz.dot(t)
        let da = Vector((0..<2).map { dz[$0] * g * (1 - t[$0] * t[$0]) })
        return [.matrix("W", outer(da, x)), .vector("b", da), .scalar("g", dg), .tensor("K", dimensions: [2, 2, 2], values: dK)]
    }
}

/// The tutorial's U/V/W network (the `wildml` notation) conformed as a user would conform their own
/// model: its forward pass as the loss, its `bptt` as the gradient. The API's numbers can then be
/// compared with the core's own check of the same network.
struct TutorialRNN: GradientCheckable {
    var rnn: Wildml.RNN<Double>
    var x: [Int], y: [Int]

    static func example(seed: UInt64 = 3) -> TutorialRNN {
        var random = SeededGenerator(seed: seed)
        let (K, H, T) = (5, 3, 4)
        let rnn = Wildml.RNN(U: random.matrix(H, K, scale: 1), V: random.matrix(K, H, scale: 1), W: random.matrix(H, H, scale: 1), bpttTruncate: T)
        return TutorialRNN(rnn: rnn, x: random.tokens(T, vocabulary: K), y: random.tokens(T, vocabulary: K))
    }

    var parameters: ModelParameters<Double> { [.matrix("U", rnn.U), .matrix("V", rnn.V), .matrix("W", rnn.W)] }

    func loss<Scalar: RealScalar>(_ parameters: ModelParameters<Scalar>) throws -> Scalar {
        let network = Wildml.RNN(
            U: try parameters.matrix("U"), V: try parameters.matrix("V"), W: try parameters.matrix("W"), bpttTruncate: x.count)
        return network.calculateTotalLoss(x, y)
    }

    func gradients() -> ModelGradients {
        let g = rnn.bptt(x, y)
        return [.matrix("U", g.dLdU), .matrix("V", g.dLdV), .matrix("W", g.dLdW)]
    }

    var problem: Wildml.Problem<Double> { Wildml.Problem(rnn: rnn, x: x, y: y) }
}

/// E = e^(k θ) with k = 200 at θ = 0.02: a correct derivative k e^(kθ) that central differences at
/// h = 1e-5 get wrong by their truncation error h²k²/6 ≈ 6.7e-7 relative (above the 1e-7 tolerance).
struct SteepExponential: GradientCheckable {
    var theta = 0.02
    let k = 200.0
    var parameters: ModelParameters<Double> { [.scalar("θ", theta)] }
    func loss<Scalar: RealScalar>(_ parameters: ModelParameters<Scalar>) throws -> Scalar {
        exp(Scalar(k) * (try parameters.scalar("θ")))
    }
    func gradients() -> ModelGradients { [.scalar("θ", k * Double.exp(k * theta))] }
}
