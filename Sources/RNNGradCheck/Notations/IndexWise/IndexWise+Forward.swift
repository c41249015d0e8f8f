// IndexWise forward pass (seed 001, "forward" and "cost function"), one sum per line as the document
// writes it, generic over the scalar so that the same code gives the loss (Double) and the complex-step
// derivative (Complex). Equation numbers: notes/index-wise.md.

extension IndexWise.Network {
    /// (I1) net_j(t) = Σ_i x_i(t) v_ji + Σ_h s_h(t−1) u_jh + θ_j
    public func hiddenNet(input x: [Double], previous sPrevious: Vector<Scalar>) -> Vector<Scalar> {
        var net = Vector<Scalar>.zeros(M)
        for j in 0..<M {
            var sum = Scalar.zero
            for i in 0..<N { sum += Scalar(x[i]) * v[j, i] }
            for h in 0..<M { sum += sPrevious[h] * u[j, h] }
            net[j] = sum + thetaJ[j]
        }
        return net
    }

    /// (I2) s_j(t) = f(net_j(t)), f the sigmoid.
    public func hiddenOutput(_ netJ: Vector<Scalar>) -> Vector<Scalar> { sigmoid(netJ) }

    /// (I3) net_k(t) = Σ_j s_j(t) w_kj + θ_k
    public func outputNet(_ s: Vector<Scalar>) -> Vector<Scalar> {
        var net = Vector<Scalar>.zeros(O)
        for k in 0..<O {
            var sum = Scalar.zero
            for j in 0..<M { sum += s[j] * w[k, j] }
            net[k] = sum + thetaK[k]
        }
        return net
    }

    /// (I4) y_k(t) = g(net_k(t)), g the sigmoid (or the softmax, with `g: .softmax`).
    public func output(_ netK: Vector<Scalar>) -> Vector<Scalar> {
        switch g {
        case .sigmoid: return sigmoid(netK)
        case .softmax: return softmax(netK)
        }
    }

    /// (I5) C_t = ½ Σ_k (d_k(t) − y_k(t))², the SSE of one pattern.
    public func patternCost(output y: Vector<Scalar>, target d: [Double]) -> Scalar {
        var sum = Scalar.zero
        for k in 0..<O {
            let e = Scalar(d[k]) - y[k]
            sum += e * e
        }
        return Scalar(0.5) * sum
    }

    /// The forward pass over inputs x(0) … x(P−1).
    public func forward(_ x: [[Double]]) -> IndexWise.ForwardPass<Scalar> {
        let P = x.count
        var pass = IndexWise.ForwardPass<Scalar>(netJ: [], s: StateSequence(initial: .zeros(M), count: P), netK: [], y: [])
        for t in 0..<P {
            pass.netJ.append(hiddenNet(input: x[t], previous: pass.s[t - 1]))  // (I1)
            pass.s[t] = hiddenOutput(pass.netJ[t])  // (I2)
            pass.netK.append(outputNet(pass.s[t]))  // (I3)
            pass.y.append(output(pass.netK[t]))  // (I4)
        }
        return pass
    }

    /// (I6) C = ½ Σ_t Σ_k (d_k(t) − y_k(t))², the document's SSE with the patterns l = t.
    public func cost(_ x: [[Double]], _ d: [[Double]]) -> Scalar {
        var C = Scalar.zero
        var s = Vector<Scalar>.zeros(M)  // s(-1) = 0
        for t in 0..<x.count {
            s = hiddenOutput(hiddenNet(input: x[t], previous: s))
            C += patternCost(output: output(outputNet(s)), target: d[t])
        }
        return C
    }
}
