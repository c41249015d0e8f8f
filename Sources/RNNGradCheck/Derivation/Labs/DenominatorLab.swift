/// [S002]'s W_in/W_rec/W_out network (notes/sources.md) for the derivation verifier. It is [S000]'s model with the
/// symbols renamed (W_in ≡ U, W_rec ≡ W, W_out ≡ V; 002's s_t is the hidden pre-activation, its h_t
/// the state, its z_t the logits), so the instrumented forward pass and the complex-step derivatives
/// are `WildmlLab`'s, asked in 002's names. The document's own forward pass (`DenominatorLayout`) is
/// checked against it (checkpoint 002-2.1).
struct DenominatorLab {
    enum Block { case WIn, WRec, WOut }

    let lab: WildmlLab
    let parameters: DenominatorLayout.Parameters<Double>

    init(size: NetworkSize, seed: UInt64) {
        lab = WildmlLab(size: size, seed: seed)
        parameters = DenominatorLayout.Parameters(WIn: lab.rnn.U, WRec: lab.rnn.W, WOut: lab.rnn.V)
    }

    var T: Int { lab.T }
    var H: Int { lab.H }
    var K: Int { lab.K }
    var x: [Int] { lab.x }
    var y: [Int] { lab.y }

    private func wildml(_ block: Block) -> WildmlLab.Block {
        switch block {
        case .WIn: return .U
        case .WRec: return .W
        case .WOut: return .V
        }
    }

    /// s_t (the pre-activation), h_t (with h[-1] = 0), z_t, ŷ_t and E_t of the instrumented pass.
    var s: [Vector<Double>] { lab.trace.z }
    var h: StateSequence<Double> { lab.trace.s }
    var z: [Vector<Double>] { lab.trace.logits }
    var yHat: [Vector<Double>] { lab.trace.yHat }
    var E: [Double] { lab.trace.E }

    /// r_t = ŷ_t − y_t.
    func r(_ t: Int) -> Vector<Double> { yHat[t] - oneHot(y[t], K) }

    /// ∂E_t/∂s_k (δ_k^(t)), ∂E_t/∂h_k, ∂E_t/∂z_k; E when t is nil.
    func dE(_ t: Int?, wrtS k: Int) -> Vector<Double> { lab.dE(t, wrt: .preActivation, at: k) }
    func dE(_ t: Int?, wrtZ k: Int) -> Vector<Double> { lab.dE(t, wrt: .logits, at: k) }

    /// ∂E_t/∂(block), tied weights (E when t is nil).
    func dE(_ t: Int?, wrt block: Block) -> Matrix<Double> { lab.dE(t, wrt: wildml(block)) }

    /// ∂s_k/∂(block) (H × entries, numerator layout), immediate (h_{k−1} held fixed) or total.
    func dS(_ k: Int, wrt block: Block, immediate: Bool) -> Matrix<Double> {
        lab.dPreActivation(k, wrt: wildml(block), immediate: immediate)
    }

    /// ∂h_k/∂s_k (H×H, numerator layout; diagonal, so the same in denominator layout).
    func dHdS(_ k: Int) -> Matrix<Double> { lab.dStateWrtPreActivation(k) }

    /// ∂s_{k+1}/∂h_k (H×H, numerator layout): the next pre-activation's Jacobian in the state.
    func dNextSdH(_ k: Int) -> Matrix<Double> {
        ComplexStep.jacobian(outputs: H, inputs: H) { b, delta in
            let complexRNN = Wildml.Problem(rnn: lab.rnn, x: x, y: y).complexified().rnn
            return WildmlLab.run(x, y, weightsAt: { _ in complexRNN }, perturbation: (.state, k, .unit(H, b, delta))).z[k + 1].storage
        }
    }

    /// ∂z_t/∂h_t (K×H, numerator layout).
    func dZdH(_ t: Int) -> Matrix<Double> { lab.dLogitsWrtState(t) }

    /// ∂z_t/∂W_out (K × K·H, numerator layout).
    func dZdWOut(_ t: Int) -> Matrix<Double> { lab.dLogitsWrtV(t) }
}
