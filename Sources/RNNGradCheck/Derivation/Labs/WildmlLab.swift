/// The U/V/W network of [S000], [S003] and [S004] (notes/sources.md), instrumented for the derivation verifier: a forward
/// pass built from `Wildml.RNN`'s own step functions in which step k may use its own copy of the
/// weights (untied in time) and any intermediate (the hidden pre-activation z_k, the state s_k, the
/// logits V s_k) may be perturbed, and exact (complex-step) derivatives of any E_t with respect to any
/// of them.
struct WildmlLab {
    enum Site { case preActivation, state, logits }
    enum Block: CaseIterable { case U, V, W }

    /// Every intermediate of the forward pass.
    struct Trace<S: RealScalar> {
        var z: [Vector<S>] = []
        var s: StateSequence<S>
        var logits: [Vector<S>] = []
        var yHat: [Vector<S>] = []
        var E: [S] = []
    }

    let rnn: Wildml.RNN<Double>
    let x: [Int]
    let y: [Int]
    let trace: Trace<Double>
    private let complexRNN: Wildml.RNN<Complex>
    /// The derivatives already computed.
    private let memo = Memo()

    var T: Int { x.count }
    var H: Int { rnn.hiddenDim }
    var K: Int { rnn.wordDim }

    init(size: NetworkSize, seed: UInt64) {
        let problem = Wildml.Problem.random(size: size, seed: seed)
        rnn = problem.rnn
        x = problem.x
        y = problem.y
        complexRNN = problem.complexified().rnn
        trace = Self.run(x, y) { _ in problem.rnn }
    }

    static func path<S>(_ block: Block) -> WritableKeyPath<Wildml.RNN<S>, Matrix<S>> {
        switch block {
        case .U: return \.U
        case .V: return \.V
        case .W: return \.W
        }
    }

    func shape(_ block: Block) -> (rows: Int, columns: Int) {
        let m = rnn[keyPath: Self.path(block)]
        return (m.rows, m.columns)
    }

    /// The forward pass, step k using `weightsAt(k)`, with `perturbation.delta` added to the given
    /// intermediate at the given step.
    static func run<S>(
        _ x: [Int], _ y: [Int], weightsAt: (Int) -> Wildml.RNN<S>,
        perturbation: (site: Site, step: Int, delta: Vector<S>)? = nil
    ) -> Trace<S> {
        let H = weightsAt(0).hiddenDim
        func perturbed(_ v: Vector<S>, _ site: Site, _ t: Int) -> Vector<S> {
            guard let p = perturbation, p.site == site, p.step == t else { return v }
            return v + p.delta
        }
        // The initial state s_{−1} = 0 may be perturbed too (site .state, step −1).
        var trace = Trace<S>(s: StateSequence(initial: perturbed(.zeros(H), .state, -1), count: x.count))
        for t in 0..<x.count {
            let rnn = weightsAt(t)
            trace.z.append(perturbed(rnn.preActivation(input: x[t], previous: trace.s[t - 1]), .preActivation, t))
            trace.s[t] = perturbed(tanh(trace.z[t]), .state, t)
            trace.logits.append(perturbed(rnn.V.dot(trace.s[t]), .logits, t))
            trace.yHat.append(softmax(trace.logits[t]))
            trace.E.append(logSumExp(trace.logits[t]) - trace.logits[t][y[t]])
        }
        return trace
    }

    /// E_0 … E_{T−1}, then E = Σ_t E_t.
    private static func losses<S>(_ trace: Trace<S>) -> [S] { trace.E + [trace.E.reduce(S.zero, +)] }

    /// ∂E_t/∂(site at step k): ∂E_t/∂z_k, ∂E_t/∂s_k or ∂E_t/∂(V s_k). One set of complex-step passes
    /// gives every E_t and E at once; they are kept for the next question about the same site.
    func dE(_ t: Int?, wrt site: Site, at k: Int) -> Vector<Double> {
        let n = site == .logits ? K : H
        let all = memo.vectors("\(site) \(k)") {
            ComplexStep.gradients(count: n) { i, delta in
                Self.losses(Self.run(x, y, weightsAt: { _ in complexRNN }, perturbation: (site, k, .unit(n, i, delta))))
            }.map { Vector($0) }
        }
        return all[t ?? T]
    }

    /// ∂E_t/∂(block): tied weights, or with `onlyAtStep: k` the derivative with respect to the copy
    /// of the block that step k uses (weights untied in time). Kept like `dE(_:wrt:at:)`.
    func dE(_ t: Int?, wrt block: Block, onlyAtStep k: Int? = nil) -> Matrix<Double> {
        let (rows, columns) = shape(block)
        let all = memo.matrices("\(block) \(k.map(String.init) ?? "tied")") {
            ComplexStep.gradients(count: rows * columns) { entry, delta in
                var perturbed = complexRNN
                perturbed[keyPath: Self.path(block)].storage[entry] += delta
                return Self.losses(Self.run(x, y, weightsAt: { step in k == nil || step == k ? perturbed : complexRNN }))
            }.map { Matrix(rows: rows, columns: columns, storage: $0) }
        }
        return all[t ?? T]
    }

    /// ∂s_j/∂s_k (H×H, numerator layout: row a, column b is ∂s_j[a]/∂s_k[b]); k may be −1, the
    /// initial state.
    func dState(_ j: Int, wrtState k: Int) -> Matrix<Double> {
        memo.matrix("state \(j) wrt state \(k)") {
            ComplexStep.jacobian(outputs: H, inputs: H) { b, delta in
                Self.run(x, y, weightsAt: { _ in complexRNN }, perturbation: (.state, k, .unit(H, b, delta))).s[j].storage
            }
        }
    }

    /// ∂s_k/∂(block) (H × entries, numerator layout): `immediate` holds s_{k−1} fixed (only step k's
    /// copy of the weights moves); otherwise the total derivative through every earlier step.
    func dState(_ k: Int, wrt block: Block, immediate: Bool) -> Matrix<Double> {
        memo.matrix("state \(k) wrt \(block) \(immediate)") {
            let (rows, columns) = shape(block)
            return ComplexStep.jacobian(outputs: H, inputs: rows * columns) { entry, delta in
                var perturbed = complexRNN
                perturbed[keyPath: Self.path(block)].storage[entry] += delta
                return Self.run(x, y, weightsAt: { step in !immediate || step == k ? perturbed : complexRNN }).s[k].storage
            }
        }
    }

    /// ∂z_k/∂(block) (H × entries): the hidden pre-activation's Jacobian, `immediate` (s_{k−1} held
    /// fixed) or total.
    func dPreActivation(_ k: Int, wrt block: Block, immediate: Bool) -> Matrix<Double> {
        memo.matrix("pre-activation \(k) wrt \(block) \(immediate)") {
            let (rows, columns) = shape(block)
            return ComplexStep.jacobian(outputs: H, inputs: rows * columns) { entry, delta in
                var perturbed = complexRNN
                perturbed[keyPath: Self.path(block)].storage[entry] += delta
                return Self.run(x, y, weightsAt: { step in !immediate || step == k ? perturbed : complexRNN }).z[k].storage
            }
        }
    }

    /// ∂s_k/∂z_k (H×H): the Jacobian of the tanh.
    func dStateWrtPreActivation(_ k: Int) -> Matrix<Double> {
        memo.matrix("state \(k) wrt pre-activation") {
            ComplexStep.jacobian(outputs: H, inputs: H) { b, delta in
                Self.run(x, y, weightsAt: { _ in complexRNN }, perturbation: (.preActivation, k, .unit(H, b, delta))).s[k].storage
            }
        }
    }

    /// ∂(V s_t)/∂s_t (K×H) and ∂(V s_t)/∂V (K × K·H) at step t, numerator layout.
    func dLogitsWrtState(_ t: Int) -> Matrix<Double> {
        ComplexStep.jacobian(outputs: K, inputs: H) { b, delta in
            Self.run(x, y, weightsAt: { _ in complexRNN }, perturbation: (.state, t, .unit(H, b, delta))).logits[t].storage
        }
    }

    func dLogitsWrtV(_ t: Int) -> Matrix<Double> {
        ComplexStep.jacobian(outputs: K, inputs: K * H) { entry, delta in
            var perturbed = complexRNN
            perturbed.V.storage[entry] += delta
            return Self.run(x, y, weightsAt: { $0 == t ? perturbed : complexRNN }).logits[t].storage
        }
    }

    /// The directional derivative of E along −Δ (Δ given per block): d/dη E(θ − ηΔ) at η = 0.
    func descentRate(_ steps: [Block: Matrix<Double>]) -> Double {
        var perturbed = complexRNN
        for block in Block.allCases {
            guard let delta = steps[block] else { continue }
            for i in delta.storage.indices {
                perturbed[keyPath: Self.path(block)].storage[i] += Complex(0, -ComplexStep.h * delta.storage[i])
            }
        }
        return Self.run(x, y, weightsAt: { _ in perturbed }).E.reduce(Complex.zero, +).imaginary / ComplexStep.h
    }

    /// ∂ŷ_t/∂s_t (K×H) and ∂ŷ_t/∂(V) (K × K·H), numerator layout.
    func dOutput(_ t: Int, wrtState: Void = ()) -> Matrix<Double> {
        ComplexStep.jacobian(outputs: K, inputs: H) { b, delta in
            Self.run(x, y, weightsAt: { _ in complexRNN }, perturbation: (.state, t, .unit(H, b, delta))).yHat[t].storage
        }
    }

    func dOutputWrtV(_ t: Int) -> Matrix<Double> {
        ComplexStep.jacobian(outputs: K, inputs: K * H) { entry, delta in
            var perturbed = complexRNN
            perturbed.V.storage[entry] += delta
            return Self.run(x, y, weightsAt: { $0 == t ? perturbed : complexRNN }).yHat[t].storage
        }
    }

    /// ∂E_t/∂ŷ_t with E_t = −y_t · log ŷ_t read as a function of ŷ_t: −1/ŷ_t[y_t] at the target.
    func dEdYHat(_ t: Int) -> Vector<Double> {
        .unit(K, y[t], -1 / trace.yHat[t][y[t]])
    }

    /// The gradient of the truncated objective: Σ_t Σ_{k = max(0, t−τ)}^{t} ∂E_t/∂(block at step k).
    func truncatedGradient(_ block: Block, tau: Int) -> Matrix<Double> {
        var sum = Matrix<Double>.zeros(shape(block).rows, shape(block).columns)
        for t in 0..<T {
            for k in max(0, t - tau)...t { sum += dE(t, wrt: block, onlyAtStep: k) }
        }
        return sum
    }

    /// A one-hot x_t as a K-vector.
    func oneHotInput(_ t: Int) -> Vector<Double> { oneHot(x[t], K) }
    func oneHotTarget(_ t: Int) -> Vector<Double> { oneHot(y[t], K) }
}
