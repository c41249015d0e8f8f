// IndexWise, fast: the full-BPTT gradient in one backward sweep, O(T) instead of the document's
// unfolding loop, which runs back to step 0 from every output (O(T²)). Not the document's loops, so it
// is not what a student reads: IndexWise+BPTT.swift is. It is tested equal to it
// (FastPathTests.testIndexWiseOneSweep_EqualsTheLiteralBPTT) and is what long sequences use.
//
// In true-gradient terms (the document's δ is the negative of these; notes/index-wise.md):
//
//     e_k(t) = ∂C/∂net_k(t) = (y_k − d_k)·y_k(1 − y_k)                      (I7, g the sigmoid)
//            = y_k·[(y_k − d_k) − Σ_k′ (y_k′ − d_k′)·y_k′]                  (I7′, g the softmax)
//     a_j(t) = ∂C/∂net_j(t) = s_j(1 − s_j)·(Σ_k e_k(t) w_kj + Σ_h a_h(t+1) u_hj)   (I8 and I12 summed)
//     ∂C/∂w_kj = Σ_t e_k(t) s_j(t),  ∂C/∂θ_k = Σ_t e_k(t)
//     ∂C/∂v_ji = Σ_t a_j(t) x_i(t),  ∂C/∂u_jh = Σ_t a_j(t) s_h(t−1),  ∂C/∂θ_j = Σ_t a_j(t)
//
// The sweep carries Σ_h a_h(t+1) u_hj back one step at a time; everything else is a matrix product
// over all steps at once (matrixProduct: fused multiply-adds where the processor has them).

extension IndexWise.Network where Scalar == Double {
    /// C and ∂C/∂v, ∂C/∂u, ∂C/∂w, ∂C/∂θ_j, ∂C/∂θ_k (full BPTT) for inputs x(t) and targets d(t).
    public func oneSweep(_ x: [[Double]], _ d: [[Double]]) -> (cost: Double, gradients: IndexWise.Gradients) {
        let (N, M, O, T) = (self.N, self.M, self.O, x.count)
        let X = x.flatMap { $0 }, D = d.flatMap { $0 }
        var states = [Double](repeating: 0, count: (T + 1) * M)  // row 0: s(−1) = 0
        var nets = [Double](repeating: 0, count: T * M)
        var outputs = [Double](repeating: 0, count: T * O)
        var errors = [Double](repeating: 0, count: T * O)
        var shares = [Double](repeating: 0, count: T * M)
        var hiddenErrors = [Double](repeating: 0, count: T * M)
        var carried = [Double](repeating: 0, count: M)
        var dV = [Double](repeating: 0, count: M * N), dU = [Double](repeating: 0, count: M * M)
        var dW = [Double](repeating: 0, count: O * M)
        var dThetaJ = [Double](repeating: 0, count: M), dThetaK = [Double](repeating: 0, count: O)
        // vᵀ and uᵀ, so that a step's nets are a row vector times a matrix.
        var vT = [Double](repeating: 0, count: N * M), uT = [Double](repeating: 0, count: M * M), wT = [Double](repeating: 0, count: M * O)
        for j in 0..<M {
            for i in 0..<N { vT[i * M + j] = v.storage[j * N + i] }
            for h in 0..<M { uT[h * M + j] = u.storage[j * M + h] }
        }
        for k in 0..<O { for j in 0..<M { wT[j * O + k] = w.storage[k * M + j] } }
        var cost = 0.0
        X.withUnsafeBufferPointer { X in
        states.withUnsafeMutableBufferPointer { S in
        nets.withUnsafeMutableBufferPointer { net in
        vT.withUnsafeBufferPointer { vT in
        uT.withUnsafeBufferPointer { uT in
        wT.withUnsafeBufferPointer { wT in
        outputs.withUnsafeMutableBufferPointer { Y in
        errors.withUnsafeMutableBufferPointer { E in
        shares.withUnsafeMutableBufferPointer { G in
        hiddenErrors.withUnsafeMutableBufferPointer { A in
        carried.withUnsafeMutableBufferPointer { carried in
        u.storage.withUnsafeBufferPointer { U in
        w.storage.withUnsafeBufferPointer { W in
            let (X, S, net, Y, E, G, A) = (X.baseAddress!, S.baseAddress!, net.baseAddress!, Y.baseAddress!, E.baseAddress!, G.baseAddress!, A.baseAddress!)
            let (vT, uT, wT, carried, U, W) = (vT.baseAddress!, uT.baseAddress!, wT.baseAddress!, carried.baseAddress!, U.baseAddress!, W.baseAddress!)
            // (I1) the input parts Σ_i x_i(t) v_ji of every step at once, then step by step
            // + Σ_h s_h(t−1) u_jh + θ_j and (I2) s(t) = f(net(t)).
            matrixProduct(rows: T, depth: N, lanes: M, X, rowStride: N, columnStride: 1, vT, ldb: M, into: net, ldc: M)
            for t in 0..<T {
                let row = net + t * M, s = S + (t + 1) * M
                matrixProduct(rows: 1, depth: M, lanes: M, S + t * M, rowStride: 0, columnStride: 1, uT, ldb: M, into: row, ldc: M, accumulate: true)
                for j in 0..<M { s[j] = -(row[j] + thetaJ[j]) }
                exponentials(s, into: s, count: M)
                for j in 0..<M { s[j] = 1 / (1 + s[j]) }
            }
            // (I3, I4) net_k(t) = Σ_j s_j(t) w_kj + θ_k and y(t) = g(net(t)), every step at once; (I5) C_t.
            matrixProduct(rows: T, depth: M, lanes: O, S + M, rowStride: M, columnStride: 1, wT, ldb: O, into: Y, ldc: O)
            for t in 0..<T {
                let y = Y + t * O
                for k in 0..<O { y[k] += thetaK[k] }
                switch g {
                case .sigmoid:
                    for k in 0..<O { y[k] = -y[k] }
                    exponentials(y, into: y, count: O)
                    for k in 0..<O { y[k] = 1 / (1 + y[k]) }
                case .softmax:
                    var m = y[0]
                    for k in 0..<O { m = Swift.max(m, y[k]) }
                    for k in 0..<O { y[k] -= m }
                    exponentials(y, into: y, count: O)
                    var sum = 0.0
                    for k in 0..<O { sum += y[k] }
                    for k in 0..<O { y[k] /= sum }
                }
                // e_k(t) = ∂C/∂net_k(t).
                let e = E + t * O
                var weighted = 0.0
                for k in 0..<O {
                    let residual = y[k] - D[t * O + k]
                    cost += 0.5 * residual * residual
                    e[k] = residual
                    weighted += residual * y[k]
                }
                switch g {
                case .sigmoid: for k in 0..<O { e[k] *= y[k] * (1 - y[k]) }  // (y − d)·(y(1 − y)), as I7 groups it
                case .softmax: for k in 0..<O { e[k] = y[k] * (e[k] - weighted) }
                }
            }
            // The outputs' share of ∂C/∂s(t): Σ_k e_k(t) w_kj, every step at once.
            matrixProduct(rows: T, depth: O, lanes: M, E, rowStride: O, columnStride: 1, W, ldb: M, into: G, ldc: M)
            // Back through time: a(t) = s(1 − s) ⊙ (share(t) + Σ_h a_h(t+1) u_hj).
            carried.update(repeating: 0, count: M)
            for t in stride(from: T - 1, through: 0, by: -1) {
                let s = S + (t + 1) * M, a = A + t * M, share = G + t * M
                for j in 0..<M { a[j] = s[j] * (1 - s[j]) * (share[j] + carried[j]) }
                matrixProduct(rows: 1, depth: M, lanes: M, a, rowStride: 0, columnStride: 1, U, ldb: M, into: carried, ldc: M)
            }
        } } } } } } } } } } } } }
        // The sums over t, as products of the per-step quantities.
        dW.withUnsafeMutableBufferPointer { dW in
        dV.withUnsafeMutableBufferPointer { dV in
        dU.withUnsafeMutableBufferPointer { dU in
        errors.withUnsafeBufferPointer { E in
        hiddenErrors.withUnsafeBufferPointer { A in
        states.withUnsafeBufferPointer { S in
        X.withUnsafeBufferPointer { X in
            matrixProduct(rows: O, depth: T, lanes: M, E.baseAddress!, rowStride: 1, columnStride: O, S.baseAddress! + M, ldb: M, into: dW.baseAddress!, ldc: M)
            matrixProduct(rows: M, depth: T, lanes: N, A.baseAddress!, rowStride: 1, columnStride: M, X.baseAddress!, ldb: N, into: dV.baseAddress!, ldc: N)
            matrixProduct(rows: M, depth: T, lanes: M, A.baseAddress!, rowStride: 1, columnStride: M, S.baseAddress!, ldb: M, into: dU.baseAddress!, ldc: M)
        } } } } } } }
        for t in 0..<T {
            for k in 0..<O { dThetaK[k] += errors[t * O + k] }
            for j in 0..<M { dThetaJ[j] += hiddenErrors[t * M + j] }
        }
        return (
            cost,
            IndexWise.Gradients(
                dCdV: Matrix(rows: M, columns: N, storage: dV), dCdU: Matrix(rows: M, columns: M, storage: dU),
                dCdW: Matrix(rows: O, columns: M, storage: dW), dCdThetaJ: Vector(dThetaJ), dCdThetaK: Vector(dThetaK))
        )
    }
}
