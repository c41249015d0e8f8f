/// [S001]'s index-wise network (notes/sources.md) for the derivation verifier: a forward pass built from
/// `IndexWise.Network`'s own step functions, where step k may use its own copy of the weights and
/// net_j(k), s(k), net_k(k) or y(k) may be perturbed; and complex-step derivatives of the cost of
/// one pattern C_l (or of C = Σ_l C_l) with respect to any of them.
struct IndexWiseLab {
    enum Site { case netJ, s, netK, y }
    enum Block: CaseIterable { case v, u, w, thetaJ, thetaK }

    struct Trace<S: RealScalar> {
        var netJ: [Vector<S>] = []
        var s: StateSequence<S>
        var netK: [Vector<S>] = []
        var y: [Vector<S>] = []
        var C: [S] = []
    }

    let network: IndexWise.Network<Double>
    let x: [[Double]]
    let d: [[Double]]
    let trace: Trace<Double>
    private let complexNetwork: IndexWise.Network<Complex>
    /// The derivatives already computed.
    private let memo = Memo()

    var P: Int { x.count }
    var N: Int { network.N }
    var M: Int { network.M }
    var O: Int { network.O }

    init(size: NetworkSize, seed: UInt64, g: IndexWise.OutputActivation = .sigmoid) {
        let problem = IndexWise.Problem.random(size: size, seed: seed, g: g)
        network = problem.network
        x = problem.x
        d = problem.d
        complexNetwork = problem.complexified().network
        trace = Self.run(x, d) { _ in problem.network }
    }

    static func path<S>(_ block: Block) -> WritableKeyPath<IndexWise.Network<S>, [S]> {
        switch block {
        case .v: return \.v.storage
        case .u: return \.u.storage
        case .w: return \.w.storage
        case .thetaJ: return \.thetaJ.storage
        case .thetaK: return \.thetaK.storage
        }
    }

    func count(_ block: Block) -> Int { network[keyPath: Self.path(block)].count }

    static func run<S>(
        _ x: [[Double]], _ d: [[Double]], weightsAt: (Int) -> IndexWise.Network<S>,
        perturbation: (site: Site, step: Int, delta: Vector<S>)? = nil
    ) -> Trace<S> {
        let M = weightsAt(0).M
        func perturbed(_ v: Vector<S>, _ site: Site, _ t: Int) -> Vector<S> {
            guard let p = perturbation, p.site == site, p.step == t else { return v }
            return v + p.delta
        }
        var trace = Trace<S>(s: StateSequence(initial: perturbed(.zeros(M), .s, -1), count: x.count))
        for t in 0..<x.count {
            let network = weightsAt(t)
            trace.netJ.append(perturbed(network.hiddenNet(input: x[t], previous: trace.s[t - 1]), .netJ, t))
            trace.s[t] = perturbed(network.hiddenOutput(trace.netJ[t]), .s, t)
            trace.netK.append(perturbed(network.outputNet(trace.s[t]), .netK, t))
            trace.y.append(perturbed(network.output(trace.netK[t]), .y, t))
            trace.C.append(network.patternCost(output: trace.y[t], target: d[t]))
        }
        return trace
    }

    /// C_0 … C_{P−1}, then C = Σ_l C_l.
    private static func costs<S>(_ trace: Trace<S>) -> [S] { trace.C + [trace.C.reduce(S.zero, +)] }

    private func width(_ site: Site) -> Int { site == .netK || site == .y ? O : M }

    /// ∂C_l/∂(site at step k), or ∂C/∂… when `l` is nil. One set of complex-step passes gives every
    /// C_l and C at once; they are kept for the next question about the same site.
    func dC(_ l: Int?, wrt site: Site, at k: Int) -> Vector<Double> {
        let n = width(site)
        let all = memo.vectors("\(site) \(k)") {
            ComplexStep.gradients(count: n) { i, delta in
                Self.costs(Self.run(x, d, weightsAt: { _ in complexNetwork }, perturbation: (site, k, .unit(n, i, delta))))
            }.map { Vector($0) }
        }
        return all[l ?? P]
    }

    /// ∂C_l/∂(block) (or ∂C/∂… when `l` is nil), tied or only through step k's copy.
    func dC(_ l: Int?, wrt block: Block, onlyAtStep k: Int? = nil) -> [Double] {
        let all = memo.vectors("\(block) \(k.map(String.init) ?? "tied")") {
            ComplexStep.gradients(count: count(block)) { entry, delta in
                var perturbed = complexNetwork
                perturbed[keyPath: Self.path(block)][entry] += delta
                return Self.costs(Self.run(x, d, weightsAt: { step in k == nil || step == k ? perturbed : complexNetwork }))
            }.map { Vector($0) }
        }
        return all[l ?? P].storage
    }

    /// The Jacobian of `to` at step `j` with respect to `from` at step `k` (numerator layout).
    func jacobian(of to: Site, at j: Int, wrt from: Site, at k: Int) -> Matrix<Double> {
        let (m, n) = (width(to), width(from))
        return ComplexStep.jacobian(outputs: m, inputs: n) { b, delta in
            let trace = Self.run(x, d, weightsAt: { _ in complexNetwork }, perturbation: (from, k, .unit(n, b, delta)))
            switch to {
            case .netJ: return trace.netJ[j].storage
            case .s: return trace.s[j].storage
            case .netK: return trace.netK[j].storage
            case .y: return trace.y[j].storage
            }
        }
    }

    /// The gradient of the objective truncated at unfolding depth τ: Σ_l Σ_{k=l−τ}^{l} ∂C_l/∂θ_k.
    func truncatedGradient(_ block: Block, depth tau: Int) -> [Double] {
        var sum = [Double](repeating: 0, count: count(block))
        for l in 0..<P {
            for k in max(0, l - tau)...l {
                let term = dC(l, wrt: block, onlyAtStep: k)
                for i in sum.indices { sum[i] += term[i] }
            }
        }
        return sum
    }

    /// d/dε C(θ + εΔ) at ε = 0, Δ given per block.
    func rateOfChange(along steps: [Block: [Double]]) -> Double {
        var perturbed = complexNetwork
        for block in Block.allCases {
            guard let delta = steps[block] else { continue }
            for i in delta.indices { perturbed[keyPath: Self.path(block)][i] += Complex(0, ComplexStep.h * delta[i]) }
        }
        return Self.run(x, d, weightsAt: { _ in perturbed }).C.reduce(Complex.zero, +).imaginary / ComplexStep.h
    }
}
