import RNNGradCheck

// The references of the exercises whose answer is not a loss and its gradients: the vanishing factor
// of [S003]/[S004], the bias of truncated BPTT, and finding a catalogued bug from its output. Each
// also lists the wrong answers the grader recognises by name (`NamedAlternative`).

/// A wrong answer the grader recognises: what a typical mistake gives, item by item.
public struct NamedAlternative: Sendable {
    /// A short, stable name for autograders ("missing-tanh-derivative").
    public let kind: String
    /// Completes "… matches what you get when …": "the tanh factors diag(1 − s_j²) are left out".
    public let description: String
    /// The mistaken values, keyed like the items they stand for.
    public let blocks: [NamedBlock]
}

/// The vanishing factor of [S003] ("梯度消失") and [S004]'s ∏ ∂h(j)/∂h(j−1), on a wildml network:
///
///     ∂s_j/∂s_{j−1} = diag(1 − s_j²) W                         (from W1: s_j = tanh(U x_j + W s_{j−1}))
///     J = ∂s_t/∂s_k = ∏_{j=t}^{k+1} diag(1 − s_j²) W            ([S004]: ∏_{j=k+1}^{t} ∂h(j)/∂h(j−1))
///       = diag(1 − s_t²) W · diag(1 − s_{t−1}²) W ⋯ diag(1 − s_{k+1}²) W        (H×H, leftmost j = t)
///
/// The error of output t reaches step k as ∂E_t/∂s_k = Jᵀ ∂E_t/∂s_t: it vanishes when ‖J‖_F is small.
public enum VanishingFactor {
    /// J vanishes when ‖J‖_F < 10⁻²: less than a hundredth of the error of output t reaches step k.
    public static let threshold = 1e-2

    /// The Frobenius norm √(Σ J_ij²).
    public static func norm(_ values: [Double]) -> Double { values.reduce(0) { $0 + $1 * $1 }.squareRoot() }

    public static func vanishes(_ values: [Double]) -> Bool { norm(values) < threshold }

    /// The states s_{−1} … s_{T−1} of the forward pass (W1); index j + 1 holds s_j.
    static func states(_ problem: Wildml.Problem<Double>) -> [[Double]] {
        let s = problem.rnn.forwardPropagation(problem.x).s
        return (-1..<problem.steps).map { s[$0].storage }
    }

    /// diag(1 − s_j²) W, row-major H×H.
    static func factor(_ W: Matrix<Double>, state s: [Double]) -> [Double] {
        let H = W.rows
        return (0..<(H * H)).map { (1 - s[$0 / H] * s[$0 / H]) * W.storage[$0] }
    }

    /// a·b for H×H row-major matrices.
    static func product(_ a: [Double], _ b: [Double], size H: Int) -> [Double] {
        (0..<(H * H)).map { index in
            let (i, j) = (index / H, index % H)
            return (0..<H).reduce(0) { $0 + a[i * H + $1] * b[$1 * H + j] }
        }
    }

    /// The identity, H×H row-major.
    static func identity(_ H: Int) -> [Double] { (0..<(H * H)).map { $0 / H == $0 % H ? 1 : 0 } }

    /// The product of `factors`, the first leftmost.
    static func chain(_ factors: [[Double]], size H: Int) -> [Double] {
        factors.reduce(identity(H)) { product($0, $1, size: H) }
    }

    private static func wildml(_ problem: any NotationProblem) -> Wildml.Problem<Double> {
        guard let problem = problem as? Wildml.Problem<Double> else { preconditionFailure("the vanishing factor is asked of a wildml network") }
        return problem
    }

    /// The block "J" = ∂s_t/∂s_k of `problem`.
    public static func jacobian(_ problem: any NotationProblem, output t: Int, step k: Int) -> NamedBlock {
        let problem = wildml(problem)
        let H = problem.rnn.hiddenDim
        let s = states(problem)
        let factors = stride(from: t, through: k + 1, by: -1).map { j in factor(problem.rnn.W, state: s[j + 1]) }
        return block(chain(factors, size: H), H: H, t: t, k: k)
    }

    static func block(_ values: [Double], H: Int, t: Int, k: Int) -> NamedBlock {
        NamedBlock(key: "J", symbol: "∂s_\(t)/∂s_\(k)", shape: .matrix(rows: H, columns: H), values: values)
    }

    /// What the typical mistakes give instead of J.
    public static func alternatives(_ problem: any NotationProblem, output t: Int, step k: Int) -> [NamedAlternative] {
        let problem = wildml(problem)
        let H = problem.rnn.hiddenDim
        let W = problem.rnn.W
        let s = states(problem)
        let js = Array(stride(from: t, through: k + 1, by: -1))
        func alternative(_ kind: String, _ description: String, _ factors: [[Double]]) -> NamedAlternative {
            NamedAlternative(kind: kind, description: description, blocks: [block(chain(factors, size: H), H: H, t: t, k: k)])
        }
        var result = [
            alternative("missing-tanh-derivative", "the tanh factors diag(1 − s_j²) are left out: W^\(t - k)", js.map { _ in W.storage }),
            alternative(
                "shifted-by-one-step", "each factor takes the state it comes from, diag(1 − s_{j−1}²) W, instead of diag(1 − s_j²) W",
                js.map { factor(W, state: s[$0]) }),
            alternative(
                "reversed-product", "the factors are multiplied in the reverse order, diag(1 − s_\(k + 1)²) W first and diag(1 − s_\(t)²) W last",
                js.reversed().map { factor(W, state: s[$0 + 1]) }),
            alternative(
                "factor-order", "each factor is W diag(1 − s_j²) instead of diag(1 − s_j²) W",
                js.map { j in (0..<(H * H)).map { W.storage[$0] * (1 - s[j + 1][$0 % H] * s[j + 1][$0 % H]) } }),
        ]
        if t > k + 1 {
            result.append(alternative(
                "one-factor-short", "the product stops one factor short: ∂s_\(t)/∂s_\(k + 1), \(t - k - 1) factors instead of \(t - k)",
                js.dropLast().map { factor(W, state: s[$0 + 1]) }))
        }
        if k >= 0 {
            result.append(alternative(
                "one-factor-too-many", "the product has one factor too many: ∂s_\(t)/∂s_\(k - 1), \(t - k + 1) factors instead of \(t - k)",
                (js + [k]).map { factor(W, state: s[$0 + 1]) }))
        }
        return result
    }
}

/// The bias of truncated BPTT: what ∂E/∂θ has and truncated BPTT leaves out,
///
///     bias_θ = ∂E/∂θ − dLdθ(τ) = Σ_t Σ_{k < t−τ} (the term of output t at step k)
///
/// Both gradients are the notation's hand-derived BPTT (full, and with the fixture's τ), each of which
/// the checker confirms against numerical gradients of its own objective.
public enum TruncationBiasExercise {
    public static func bias(_ problem: any NotationProblem, keys: [String], truncation: Int? = nil) -> [NamedBlock] {
        let tau = truncation ?? problem.truncation
        let full = problem.gradientBlocks(truncation: nil), truncated = problem.gradientBlocks(truncation: tau)
        return keys.compactMap { key in
            guard let f = full.first(where: { $0.key == key }), let g = truncated.first(where: { $0.key == key }) else { return nil }
            return NamedBlock(key: "bias_\(key)", symbol: "bias(\(f.symbol))", shape: f.shape, values: zip(f.values, g.values).map { $0 - $1 })
        }
    }

    /// What the typical mistakes give instead of the bias.
    public static func alternatives(_ problem: any NotationProblem, keys: [String]) -> [NamedAlternative] {
        guard let tau = problem.truncation else { return [] }
        func renamed(_ blocks: [NamedBlock]) -> [NamedBlock] {
            keys.compactMap { key in
                blocks.first { $0.key == key }.map { NamedBlock(key: "bias_\(key)", symbol: "bias(\($0.symbol))", shape: $0.shape, values: $0.values) }
            }
        }
        let name = NotationRegistry.notation(of: problem)?.truncationName ?? "truncation"
        var result = [
            NamedAlternative(
                kind: "truncated-gradient", description: "this is truncated BPTT's gradient itself (\(name) τ = \(tau)), not what it leaves out",
                blocks: renamed(problem.gradientBlocks(truncation: tau))),
            NamedAlternative(
                kind: "full-gradient", description: "this is the full gradient ∂E/∂θ, not what truncation leaves out of it",
                blocks: renamed(problem.gradientBlocks(truncation: nil))),
        ]
        for other in [tau - 1, tau + 1] where other >= 0 && other < problem.steps - 1 {
            result.append(NamedAlternative(
                kind: "truncation-off-by-one",
                description: "this is the bias of τ = \(other) instead of τ = \(tau): the \(name) is one step \(other < tau ? "short" : "too far")",
                blocks: bias(problem, keys: keys, truncation: other)))
        }
        return result
    }
}

/// Find the bug: seed 000's bptt as the statement lists it, line by line, and the catalogued wildml
/// bugs a student may be given, each with the line it changes.
public enum FindTheBug {
    /// [S000]'s bptt without its comments, as the statement prints it (lines 1…16).
    public static let listing = [
        "def bptt(self, x, y):",
        "    T = len(y)",
        "    o, s = self.forward_propagation(x)",
        "    dLdU = np.zeros(self.U.shape)",
        "    dLdV = np.zeros(self.V.shape)",
        "    dLdW = np.zeros(self.W.shape)",
        "    delta_o = o",
        "    delta_o[np.arange(len(y)), y] -= 1.",
        "    for t in np.arange(T)[::-1]:",
        "        dLdV += np.outer(delta_o[t], s[t].T)",
        "        delta_t = self.V.T.dot(delta_o[t]) * (1 - (s[t] ** 2))",
        "        for bptt_step in np.arange(max(0, t-self.bptt_truncate), t+1)[::-1]:",
        "            dLdW += np.outer(delta_t, s[bptt_step-1])",
        "            dLdU[:,x[bptt_step]] += delta_t",
        "            delta_t = self.W.T.dot(delta_t) * (1 - s[bptt_step-1] ** 2)",
        "    return [dLdU, dLdV, dLdW]",
    ]

    /// The bugs a variant may carry (those that change a line of the listing and show under full
    /// BPTT), with that line (1-based). ExerciseTests checks each line against the bug's own.
    public static let candidates: [(id: String, line: Int)] = [
        ("wildml/target-not-subtracted", 8),
        ("wildml/dLdV-overwritten", 10),
        ("wildml/missing-tanh-derivative", 11),
        ("wildml/no-propagation-through-time", 12),
        ("wildml/current-state-in-dLdW", 13),
        ("wildml/transposed-outer-product", 13),
        ("wildml/input-of-output-step", 14),
        ("wildml/missing-tanh-derivative-through-time", 15),
        ("wildml/derivative-at-current-state", 15),
        ("wildml/W-instead-of-W-transpose", 15),
        ("wildml/averaged-loss", 16),
    ]

    /// The line a candidate bug changes.
    public static func line(of id: String) -> Int? { candidates.first { $0.id == id }?.line }

    /// The listing with its line numbers, as the statement prints it.
    public static var numberedListing: String {
        listing.enumerated().map { index, line in
            let number = String(index + 1)
            return String(repeating: " ", count: 2 - number.count) + number + "  " + line
        }.joined(separator: "\n")
    }
}
