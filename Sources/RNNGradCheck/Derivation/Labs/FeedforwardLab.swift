/// A small sigmoid feedforward network for [S002] part 1 (notes/sources.md), Nielsen's BP1–BP4 and
/// UFLDL's backpropagation, in Nielsen's notation: layers l = 1 … L, z^l = w^l a^{l−1} + b^l, a^l = σ(z^l),
/// a^0 = x, cost C = ½‖y − a^L‖² per example. UFLDL's W^(l) (layer l to layer l+1) is w^{l+1}.
struct FeedforwardLab {
    struct Trace<S: RealScalar> {
        /// z[l] = z^l and a[l] = a^l, l = 0 … L (z[0] unused, a[0] = x).
        var z: [Vector<S>]
        var a: [Vector<S>]
    }

    /// w[l] = w^l (n_l × n_{l−1}) and b[l] = b^l, l = 1 … L (index 0 unused).
    let w: [Matrix<Double>]
    let b: [Vector<Double>]
    let examples: [(x: Vector<Double>, y: Vector<Double>)]
    let sizes: [Int]
    /// UFLDL's weight-decay parameter λ.
    let lambda = 0.1

    var L: Int { sizes.count - 1 }
    var m: Int { examples.count }

    init(sizes: [Int], examples count: Int, seed: UInt64) {
        var generator = SeededGenerator(seed: seed)
        self.sizes = sizes
        var w = [Matrix<Double>.zeros(0, 0)]
        var b = [Vector<Double>.zeros(0)]
        for l in 1..<sizes.count {
            w.append(generator.matrix(sizes[l], sizes[l - 1], scale: 1))
            b.append(generator.vector(sizes[l], scale: 0.5))
        }
        self.w = w
        self.b = b
        examples = (0..<count).map { _ in
            (Vector((0..<sizes[0]).map { _ in generator.uniform(-1, 1) }), Vector((0..<sizes.last!).map { _ in generator.uniform(0, 1) }))
        }
    }

    /// The forward pass of one input, with `delta` added to z^layer.
    static func run<S>(_ x: Vector<Double>, w: [Matrix<S>], b: [Vector<S>], perturb: (layer: Int, delta: Vector<S>)? = nil) -> Trace<S> {
        var trace = Trace<S>(z: [.zeros(0)], a: [Vector(x.storage.map { S($0) })])
        for l in 1..<w.count {
            var z = w[l].dot(trace.a[l - 1]) + b[l]
            if let p = perturb, p.layer == l { z = z + p.delta }
            trace.z.append(z)
            trace.a.append(sigmoid(z))
        }
        return trace
    }

    static func cost<S>(_ a: Vector<S>, _ y: Vector<Double>) -> S {
        var sum = S.zero
        for i in 0..<y.count {
            let e = S(y[i]) - a[i]
            sum += e * e
        }
        return S(0.5) * sum
    }

    private var complexW: [Matrix<Complex>] { w.map(\.complexified) }
    private var complexB: [Vector<Complex>] { b.map(\.complexified) }

    func trace(_ example: Int) -> Trace<Double> { Self.run(examples[example].x, w: w, b: b) }

    /// ∂C/∂z^l for one example, by complex step.
    func dC(_ example: Int, wrtZ l: Int) -> Vector<Double> {
        let (x, y) = examples[example]
        return Vector(ComplexStep.gradient(count: sizes[l]) { i, delta in
            Self.cost(Self.run(x, w: complexW, b: complexB, perturb: (l, .unit(sizes[l], i, delta))).a[L], y)
        })
    }

    /// ∂C/∂a^L for one example (a^L perturbed directly).
    func dC(_ example: Int, wrtOutput: Void = ()) -> Vector<Double> {
        let a = trace(example).a[L]
        return Vector(ComplexStep.gradient(count: sizes[L]) { i, delta in
            Self.cost(a.complexified + .unit(sizes[L], i, delta), examples[example].y)
        })
    }

    /// ∂C/∂w^l and ∂C/∂b^l for one example.
    func dC(_ example: Int, wrtW l: Int) -> Matrix<Double> {
        let (x, y) = examples[example]
        let g = ComplexStep.gradient(count: w[l].storage.count) { entry, delta in
            var weights = complexW
            weights[l].storage[entry] += delta
            return Self.cost(Self.run(x, w: weights, b: complexB).a[L], y)
        }
        return Matrix(rows: w[l].rows, columns: w[l].columns, storage: g)
    }

    func dC(_ example: Int, wrtB l: Int) -> Vector<Double> {
        let (x, y) = examples[example]
        return Vector(ComplexStep.gradient(count: b[l].count) { entry, delta in
            var biases = complexB
            biases[l].storage[entry] += delta
            return Self.cost(Self.run(x, w: complexW, b: biases).a[L], y)
        })
    }

    /// ∂z^{l+1}/∂z^l (n_{l+1} × n_l, numerator layout) for one example.
    func dZ(_ example: Int, next l: Int) -> Matrix<Double> {
        ComplexStep.jacobian(outputs: sizes[l + 1], inputs: sizes[l]) { j, delta in
            Self.run(examples[example].x, w: complexW, b: complexB, perturb: (l, .unit(sizes[l], j, delta))).z[l + 1].storage
        }
    }

    /// ∂a^L/∂z^L (diagonal), as a vector.
    func dOutputdZ(_ example: Int) -> Vector<Double> {
        let J = ComplexStep.jacobian(outputs: sizes[L], inputs: sizes[L]) { j, delta in
            Self.run(examples[example].x, w: complexW, b: complexB, perturb: (L, .unit(sizes[L], j, delta))).a[L].storage
        }
        return Vector((0..<sizes[L]).map { J[$0, $0] })
    }

    /// The batch objective J(W, b) = (1/m) Σ_i C_i + decay·Σ_l ‖w^l‖²: its gradient in w^l and b^l.
    func dJ(wrtW l: Int, decay: Double) -> Matrix<Double> {
        let g = ComplexStep.gradient(count: w[l].storage.count) { entry, delta in
            var weights = complexW
            weights[l].storage[entry] += delta
            return objective(weights, complexB, decay: decay)
        }
        return Matrix(rows: w[l].rows, columns: w[l].columns, storage: g)
    }

    func dJ(wrtB l: Int, decay: Double) -> Vector<Double> {
        Vector(ComplexStep.gradient(count: b[l].count) { entry, delta in
            var biases = complexB
            biases[l].storage[entry] += delta
            return objective(complexW, biases, decay: decay)
        })
    }

    private func objective(_ weights: [Matrix<Complex>], _ biases: [Vector<Complex>], decay: Double) -> Complex {
        var sum = Complex.zero
        for (x, y) in examples { sum += Self.cost(Self.run(x, w: weights, b: biases).a[L], y) }
        var squares = Complex.zero
        for l in 1...L { for v in weights[l].storage { squares += v * v } }
        return sum / Complex(Double(m)) + Complex(decay) * squares
    }
}
