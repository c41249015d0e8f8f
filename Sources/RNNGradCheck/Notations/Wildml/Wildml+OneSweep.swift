// Wildml, fast: the full-BPTT gradient in one backward sweep (O(T) matrix-vector products instead of
// the tutorial's O(T·τ)), over buffers allocated once and reused. Not the document's loop, so it is not
// what a student reads: Wildml+BPTT.swift is. It is tested equal to it
// (FastPathTests.testOneSweep_EqualsTheLiteralBPTT) and is what `bench` and large problems use.
//
// The sweep carries one vector back in time: g_t = ∂E/∂s_t = Vᵀ(ŷ_t − y_t) + Wᵀ δ_{t+1}, and
// δ_t = g_t ⊙ (1 − s_t²) (W7 and W9 with every output's error added as it passes). The output layer
// does not depend on the recursion, so it is done for all steps at once, one pass over V's rows:
// the logits, then dV = Σ_t (ŷ_t − y_t) ⊗ s_t and Vᵀ(ŷ_t − y_t) for every t. V and dV are read
// twice in all, not once per step: with K = 8000 they are most of the memory traffic.

extension Wildml {
    /// The buffers `oneSweep` needs for one network size.
    public struct Workspace: Sendable {
        public let K: Int, H: Int, T: Int
        /// (T + 1) × H: row 0 is s_{−1} = 0, row t + 1 is s_t.
        var states: [Double]
        /// T × K: the logits, then ŷ_t − y_t.
        var probabilities: [Double]
        /// T × H: Vᵀ(ŷ_t − y_t), the output's share of ∂E/∂s_t.
        var gradientOfState: [Double]
        var delta: [Double]
        var carried: [Double]
        /// H × T: the states transposed, so that the logits are computed in axpy form.
        var transposedStates: [Double]
        /// H × H: Wᵀ, so that W s_{t−1} is computed in axpy form.
        var transposedW: [Double]

        public init(vocabulary K: Int, hidden H: Int, steps T: Int) {
            self.K = K
            self.H = H
            self.T = T
            states = [Double](repeating: 0, count: (T + 1) * H)
            probabilities = [Double](repeating: 0, count: T * K)
            gradientOfState = [Double](repeating: 0, count: T * H)
            delta = [Double](repeating: 0, count: H)
            carried = [Double](repeating: 0, count: H)
            transposedStates = [Double](repeating: 0, count: H * T)
            transposedW = [Double](repeating: 0, count: H * H)
        }
    }
}

extension Wildml.Gradients {
    /// Zero gradients shaped for a K-word vocabulary and H hidden units.
    public static func zeros(vocabulary K: Int, hidden H: Int) -> Wildml.Gradients {
        Wildml.Gradients(dLdU: .zeros(H, K), dLdV: .zeros(K, H), dLdW: .zeros(H, H))
    }
}

extension Wildml.RNN where Scalar == Double {
    /// E and ∂E/∂U, ∂E/∂V, ∂E/∂W (full BPTT) for the sentence (x, y), written into `gradients`.
    public func oneSweep(_ x: [Int], _ y: [Int], into gradients: inout Wildml.Gradients, workspace: inout Wildml.Workspace) -> Double {
        let (K, H, T) = (wordDim, hiddenDim, x.count)
        precondition(workspace.K == K && workspace.H == H && workspace.T >= T, "the workspace is for another network size")
        precondition(gradients.dLdU.rows == H && gradients.dLdU.columns == K, "the gradients are for another network size")
        var loss = 0.0
        U.storage.withUnsafeBufferPointer { U in
        V.storage.withUnsafeBufferPointer { V in
        W.storage.withUnsafeBufferPointer { W in
        gradients.dLdU.storage.withUnsafeMutableBufferPointer { dU in
        gradients.dLdV.storage.withUnsafeMutableBufferPointer { dV in
        gradients.dLdW.storage.withUnsafeMutableBufferPointer { dW in
        workspace.states.withUnsafeMutableBufferPointer { S in
        workspace.probabilities.withUnsafeMutableBufferPointer { p in
        workspace.gradientOfState.withUnsafeMutableBufferPointer { g in
        workspace.delta.withUnsafeMutableBufferPointer { delta in
        workspace.carried.withUnsafeMutableBufferPointer { carried in
        workspace.transposedStates.withUnsafeMutableBufferPointer { St in
        workspace.transposedW.withUnsafeMutableBufferPointer { Wt in
            let (St, Wt) = (St.baseAddress!, Wt.baseAddress!)
            let (U, V, W) = (U.baseAddress!, V.baseAddress!, W.baseAddress!)
            let (dU, dV, dW) = (dU.baseAddress!, dV.baseAddress!, dW.baseAddress!)
            let (S, p, g, delta, carried) = (S.baseAddress!, p.baseAddress!, g.baseAddress!, delta.baseAddress!, carried.baseAddress!)
            dU.update(repeating: 0, count: H * K)
            dV.update(repeating: 0, count: K * H)
            dW.update(repeating: 0, count: H * H)
            carried.update(repeating: 0, count: H)
            S.update(repeating: 0, count: H)  // s_{-1} = 0

            // Forward: s_t = tanh(U[:, x_t] + W s_{t−1}), with W s_{t−1} = Σ_j s_{t−1}[j] Wᵀ[j, :].
            for i in 0..<H { for j in 0..<H { Wt[j * H + i] = W[i * H + j] } }
            for t in 0..<T {
                let previous = S + t * H, current = S + (t + 1) * H
                for i in 0..<H { current[i] = U[i * K + x[t]] }
                for j in 0..<H { axpy(previous[j], Wt + j * H, current, H) }
                for i in 0..<H { current[i] = libmTanh(current[i]) }
            }
            // The output layer, every step at once. Logits z[t, k] = Σ_j V[k, j] s_t[j], accumulated
            // over j with all T steps side by side (a vectorisable axpy over t).
            for t in 0..<T {
                for j in 0..<H { St[j * T + t] = S[(t + 1) * H + j] }
            }
            withUnsafeTemporaryAllocation(of: Double.self, capacity: T) { z in
                let z = z.baseAddress!
                for k in 0..<K {
                    let row = V + k * H
                    z.update(repeating: 0, count: T)
                    for j in 0..<H { axpy(row[j], St + j * T, z, T) }
                    for t in 0..<T { p[t * K + k] = z[t] }
                }
            }
            // ŷ_t = softmax(z_t), E_t = logsumexp(z_t) − z_t[y_t]; then p_t = ŷ_t − y_t.
            for t in 0..<T {
                let z = p + t * K
                var m = -Double.infinity
                for k in 0..<K where z[k] > m { m = z[k] }
                let target = z[y[t]]
                var sum = 0.0
                for k in 0..<K {
                    z[k] = libmExp(z[k] - m)
                    sum += z[k]
                }
                loss += m + libmLog(sum) - target
                let inverse = 1 / sum
                for k in 0..<K { z[k] *= inverse }
                z[y[t]] -= 1
            }
            // dV = Σ_t p_t ⊗ s_t and g_t = Vᵀ p_t, one more pass over V's rows.
            g.update(repeating: 0, count: T * H)
            for k in 0..<K {
                let row = V + k * H, dRow = dV + k * H
                for t in 0..<T {
                    let pk = p[t * K + k]
                    axpy(pk, S + (t + 1) * H, dRow, H)
                    axpy(pk, row, g + t * H, H)
                }
            }
            // Backward through time, one sweep from the last step to the first.
            for t in stride(from: T - 1, through: 0, by: -1) {
                let s = S + (t + 1) * H, previous = S + t * H, gt = g + t * H
                // δ_t = (Vᵀ p_t + Wᵀ δ_{t+1}) ⊙ (1 − s_t²); dW += δ_t ⊗ s_{t−1}; dU[:, x_t] += δ_t.
                for i in 0..<H {
                    delta[i] = (gt[i] + carried[i]) * (1 - s[i] * s[i])
                    axpy(delta[i], previous, dW + i * H, H)
                    dU[i * K + x[t]] += delta[i]
                }
                // Carry Wᵀ δ_t back to step t − 1.
                carried.update(repeating: 0, count: H)
                for i in 0..<H { axpy(delta[i], W + i * H, carried, H) }
            }
        } } } } } } } } } } } } }
        return loss
    }

    /// The one-sweep gradient with fresh buffers.
    public func oneSweep(_ x: [Int], _ y: [Int]) -> (loss: Double, gradients: Wildml.Gradients) {
        var gradients = Wildml.Gradients.zeros(vocabulary: wordDim, hidden: hiddenDim)
        var workspace = Wildml.Workspace(vocabulary: wordDim, hidden: hiddenDim, steps: x.count)
        let loss = oneSweep(x, y, into: &gradients, workspace: &workspace)
        return (loss, gradients)
    }
}
