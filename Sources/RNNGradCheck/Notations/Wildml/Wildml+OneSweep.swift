// Wildml, fast: the full-BPTT gradient in one backward sweep (O(T) matrix-vector products instead of
// the tutorial's O(T·τ)), over buffers allocated once and reused. Not the document's loop, so it is not
// what a student reads: Wildml+BPTT.swift is. It is tested equal to it
// (FastPathTests.testOneSweep_EqualsTheLiteralBPTT) and is what `bench` and large problems use.
//
// The sweep carries one vector back in time: g_t = ∂E/∂s_t = Vᵀ(ŷ_t − y_t) + Wᵀ δ_{t+1}, and
// δ_t = g_t ⊙ (1 − s_t²) (W7 and W9 with every output's error added as it passes). Everything that
// does not depend on the recursion is done for all steps at once, as three matrix products:
//
//     Z  = V · Sᵀ            K×T   the logits of every step (S: T×H, row t is s_t)
//     G  = Pᵀ · V            T×H   row t is Vᵀ(ŷ_t − y_t), with P = softmax(Z) − Y (K×T)
//     dV = P · S             K×H   Σ_t (ŷ_t − y_t) ⊗ s_t
//
// (G and dV are formed from the unnormalised exponentials e^(z − m), with the softmax's division and
// the − y_t applied to the small T×H factors and to T rows afterwards, so that the K×T block is
// passed over once after the product.)
//     dW = Δᵀ · S₋           H×H   Σ_t δ_t ⊗ s_{t−1}, after the sweep has stored every δ_t
//
// Where the processor has AVX2 or AVX-512, the products use fused multiply-adds and e^x and tanh are
// computed eight or four at a time (the C target RNNGradCheckKernels; within 1 and 2 ulp of libm);
// elsewhere the same loops run in Swift with libm.

extension Wildml {
    /// The buffers `oneSweep` needs for one network size.
    public struct Workspace: Sendable {
        public let K: Int, H: Int, T: Int
        /// (T + 1) × H: row 0 is s_{−1} = 0, row t + 1 is s_t.
        var states: [Double]
        /// H × T: the states transposed (s_t[j] at j·T + t).
        var transposedStates: [Double]
        /// K × T: the logits, then ŷ_t − y_t (column t).
        var probabilities: [Double]
        /// T × H: row t is Vᵀ(ŷ_t − y_t), the output's share of ∂E/∂s_t.
        var gradientOfState: [Double]
        /// T × H: row t is δ_t.
        var deltas: [Double]
        /// H: Wᵀ δ_{t+1}, carried back to step t.
        var carried: [Double]
        /// H × H: Wᵀ, so that W s_{t−1} is a row vector times a matrix.
        var transposedW: [Double]
        /// T each: the largest logit and the softmax sum of every step.
        var maxima: [Double], sums: [Double]

        public init(vocabulary K: Int, hidden H: Int, steps T: Int) {
            self.K = K
            self.H = H
            self.T = T
            states = [Double](repeating: 0, count: (T + 1) * H)
            transposedStates = [Double](repeating: 0, count: H * T)
            probabilities = [Double](repeating: 0, count: K * T)
            gradientOfState = [Double](repeating: 0, count: T * H)
            deltas = [Double](repeating: 0, count: T * H)
            carried = [Double](repeating: 0, count: H)
            transposedW = [Double](repeating: 0, count: H * H)
            maxima = [Double](repeating: 0, count: T)
            sums = [Double](repeating: 0, count: T)
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
        precondition(workspace.K == K && workspace.H == H && workspace.T == T, "the workspace is for another network size")
        precondition(gradients.dLdU.rows == H && gradients.dLdU.columns == K, "the gradients are for another network size")
        var loss = 0.0
        U.storage.withUnsafeBufferPointer { U in
        V.storage.withUnsafeBufferPointer { V in
        W.storage.withUnsafeBufferPointer { W in
        gradients.dLdU.storage.withUnsafeMutableBufferPointer { dU in
        gradients.dLdV.storage.withUnsafeMutableBufferPointer { dV in
        gradients.dLdW.storage.withUnsafeMutableBufferPointer { dW in
        workspace.states.withUnsafeMutableBufferPointer { S in
        workspace.transposedStates.withUnsafeMutableBufferPointer { St in
        workspace.probabilities.withUnsafeMutableBufferPointer { P in
        workspace.gradientOfState.withUnsafeMutableBufferPointer { G in
        workspace.deltas.withUnsafeMutableBufferPointer { D in
        workspace.carried.withUnsafeMutableBufferPointer { carried in
        workspace.transposedW.withUnsafeMutableBufferPointer { Wt in
        workspace.maxima.withUnsafeMutableBufferPointer { maxima in
        workspace.sums.withUnsafeMutableBufferPointer { sums in
            let (U, V, W) = (U.baseAddress!, V.baseAddress!, W.baseAddress!)
            let (dU, dV, dW) = (dU.baseAddress!, dV.baseAddress!, dW.baseAddress!)
            let (S, St, P, G, D) = (S.baseAddress!, St.baseAddress!, P.baseAddress!, G.baseAddress!, D.baseAddress!)
            let (carried, Wt, maxima, sums) = (carried.baseAddress!, Wt.baseAddress!, maxima.baseAddress!, sums.baseAddress!)
            S.update(repeating: 0, count: H)  // s_{-1} = 0

            // Forward: s_t = tanh(U[:, x_t] + W s_{t−1}), with (W s_{t−1})ᵀ = s_{t−1}ᵀ Wᵀ.
            for i in 0..<H { for j in 0..<H { Wt[j * H + i] = W[i * H + j] } }
            for t in 0..<T {
                let previous = S + t * H, current = S + (t + 1) * H
                for i in 0..<H { current[i] = U[i * K + x[t]] }
                matrixProduct(rows: 1, depth: H, lanes: H, previous, rowStride: 0, columnStride: 1, Wt, ldb: H, into: current, ldc: H, accumulate: true)
                hyperbolicTangents(current, into: current, count: H)
                for j in 0..<H { St[j * T + t] = current[j] }
            }
            // Z = V Sᵀ: the logits of every step, column t.
            matrixProduct(rows: K, depth: H, lanes: T, V, rowStride: H, columnStride: 1, St, ldb: T, into: P, ldc: T)
            // E_t = logsumexp(z_t) − z_t[y_t]; P ← e^(z − m) column by column, with the sums S_t.
            for t in 0..<T { maxima[t] = P[t] }
            for k in 1..<max(1, K) {
                let row = P + k * T
                for t in 0..<T { maxima[t] = max(maxima[t], row[t]) }
            }
            for t in 0..<T { loss -= P[y[t] * T + t] }
            sums.update(repeating: 0, count: T)
            shiftedExponentials(P, rows: K, lanes: T, shift: maxima, sums: sums)
            for t in 0..<T { loss += maxima[t] + libmLog(sums[t]) }
            // With ŷ_t = e_t / S_t: G = Pᵀ V has rows (Σ_k e_t[k] V[k, :]) / S_t − V[y_t, :], and
            // dV = Σ_t (e_t / S_t − y_t) ⊗ s_t = E · (rows s_t / S_t) − Σ_t y_t ⊗ s_t. The division
            // goes to the T×H side, never to the K×T one. (The δ buffer holds the scaled states.)
            let scaled = D
            for t in 0..<T {
                let inverse = 1 / sums[t]
                for j in 0..<H { scaled[t * H + j] = S[(t + 1) * H + j] * inverse }
            }
            matrixProduct(rows: T, depth: K, lanes: H, P, rowStride: 1, columnStride: T, V, ldb: H, into: G, ldc: H)
            matrixProduct(rows: K, depth: T, lanes: H, P, rowStride: T, columnStride: 1, scaled, ldb: H, into: dV, ldc: H)
            for t in 0..<T {
                let inverse = 1 / sums[t], row = G + t * H, target = V + y[t] * H, dTarget = dV + y[t] * H, s = S + (t + 1) * H
                for j in 0..<H {
                    row[j] = row[j] * inverse - target[j]
                    dTarget[j] -= s[j]
                }
            }
            // Backward through time, one sweep from the last step to the first.
            dU.update(repeating: 0, count: H * K)
            carried.update(repeating: 0, count: H)
            for t in stride(from: T - 1, through: 0, by: -1) {
                let s = S + (t + 1) * H, gt = G + t * H, delta = D + t * H
                // δ_t = (Vᵀ p_t + Wᵀ δ_{t+1}) ⊙ (1 − s_t²); dU[:, x_t] += δ_t.
                for i in 0..<H {
                    delta[i] = (gt[i] + carried[i]) * (1 - s[i] * s[i])
                    dU[i * K + x[t]] += delta[i]
                }
                // Carry (Wᵀ δ_t)ᵀ = δ_tᵀ W back to step t − 1.
                matrixProduct(rows: 1, depth: H, lanes: H, delta, rowStride: 0, columnStride: 1, W, ldb: H, into: carried, ldc: H)
            }
            // dW = Σ_t δ_t ⊗ s_{t−1} = Δᵀ S₋.
            matrixProduct(rows: H, depth: T, lanes: H, D, rowStride: 1, columnStride: H, S, ldb: H, into: dW, ldc: H)
        } } } } } } } } } } } } } } }
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
