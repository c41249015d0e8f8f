/// The classroom exercises, from a forward pass by hand to truncated BPTT and the softmax trap. Each
/// statement is plain text; notes/exercises.md repeats it with hints and what a correct
/// `rnn-gradcheck exercise grade` prints.
public enum Exercises {
    /// Hand exercises: 4 significant digits are enough (rounding to 4 digits errs by ≤ 5e-4).
    public static let handTolerance = 1e-3
    /// Code exercises: double precision makes 1e-6 easy for a correct program and hard for a wrong one.
    public static let codeTolerance = 1e-6

    public static let all: [Exercise] = [
        Exercise(
            number: 1, file: "01-wildml-forward-pass.json", title: "The forward pass, one step", level: .easy, byHand: true,
            objective: .sum, gradients: [], tolerance: handTolerance,
            statement: """
                Seed 000's network: s_t = tanh(U x_t + W s_{t−1}), ŷ_t = softmax(V s_t), and the loss
                E = Σ_t E_t with E_t = −log ŷ_t[y_t]. Here K = 3 words, H = 2 hidden units and one step
                (T = 1): the input word is x_0 = {{x_0}} and the target word y_0 = {{y_0}}. The initial state s_{−1} is 0.

                Compute the loss E by hand:
                  1. U x_0 + W s_{−1}: x_0 is one-hot and s_{−1} = 0, so this is column {{x_0}} of U.
                  2. s_0 = tanh(U x_0 + W s_{−1}), entry by entry.
                  3. the logits V s_0 (three numbers) and ŷ_0 = softmax(V s_0).
                  4. E = E_0 = −log ŷ_0[{{y_0}}], with the natural logarithm.
                Submit the loss only.
                """,
            hints: [
                "Column {{x_0}} of U is {{U[:,x_0]}}; W does not matter at T = 1.",
                "−log ŷ_0[{{y_0}}] = log(Σ_k e^(o_k)) − o_{{y_0}} with o = V s_0: no need to normalise the softmax first.",
                "A loss computed with log10 is off by the factor 1/ln 10 = 0.434; the grader names that factor.",
            ]),
        Exercise(
            number: 2, file: "02-wildml-output-weights.json", title: "∂E/∂V and ∂E/∂W at T = 1", level: .easy, byHand: true,
            objective: .sum, gradients: ["V", "W"], tolerance: handTolerance, sharesNetworkOf: 1,
            statement: """
                The network and the one-word sentence of exercise 1 (K = 3, H = 2, T = 1). Compute by hand
                the loss E, ∂E/∂V (K×H = 3×2) and ∂E/∂W (H×H = 2×2).
                  1. delta_o = ŷ_0 − y_0, with y_0 the one-hot vector of word {{y_0}} (seed 000's
                     delta_o[np.arange(len(y)), y] -= 1).
                  2. ∂E/∂V = delta_o ⊗ s_0: entry [i, j] is delta_o[i] · s_0[j] (seed 000, "∂E_3/∂V").
                  3. ∂E/∂W: in the only step there is, W multiplies s_{−1}. What does that make ∂E/∂W?
                """,
            hints: [
                "Each column of ∂E/∂V sums to 0, because the entries of ŷ_0 − y_0 do.",
                "∂E/∂W = δ ⊗ s_{−1} summed over the steps, and s_{−1} = 0.",
            ]),
        Exercise(
            number: 3, file: "03-wildml-bptt.json", title: "Full BPTT, one hidden unit, two steps", level: .medium, byHand: true,
            objective: .sum, gradients: ["U", "V", "W"], tolerance: handTolerance,
            statement: """
                Seed 000's model with K = 2, H = 1 and T = 2: x = {{x}}, y = {{y}}. With one hidden unit
                every hidden quantity is a number. Compute E, ∂E/∂U (1×2), ∂E/∂V (2×1) and ∂E/∂W (1×1)
                with full BPTT, following seed 000's bptt loop:
                  for t = 1, 0 (outputs backwards):
                      dLdV += (ŷ_t − y_t) ⊗ s_t
                      δ = Vᵀ (ŷ_t − y_t) ⊙ (1 − s_t²)
                      for k = t, t−1, …, 0:
                          dLdW += δ · s_{k−1};   dLdU[:, x_k] += δ
                          δ = Wᵀ δ ⊙ (1 − s_{k−1}²)
                notes/wildml.md works the same loop on other numbers.
                """,
            hints: [
                "For K = 2, Vᵀ (ŷ_t − y_t) = (V[0,0] − V[1,0]) · (ŷ_t[0] − y_t[0]).",
                "Three δ values in all: output 1 at steps 1 and 0, output 0 at step 0.",
                "s_{−1} = 0: the k = 0 terms add nothing to dLdW, but they do add to dLdU.",
            ]),
        Exercise(
            number: 4, file: "04-denominator-layout-delta-table.json", title: "The δ table of seed 002", level: .medium, byHand: true,
            objective: .sum, gradients: ["W_in", "W_rec", "W_out"], tolerance: handTolerance,
            statement: """
                Seed 002's notation: s_t = W_rec h_{t−1} + W_in x_t, h_t = tanh(s_t), z_t = W_out h_t,
                ŷ_t = softmax(z_t), E = Σ_t −log ŷ_t[y_t], h_{−1} = 0. K = 2, H = 1, T = 2,
                x = {{x}}, y = {{y}}.
                Fill in the table of errors δ_k^(t) = ∂E_t/∂s_k for k ≤ t:
                  δ_0^(0), δ_1^(1), δ_0^(1)
                with r_t = ŷ_t − y_t, δ_t^(t) = (W_outᵀ r_t) ⊙ (1 − h_t ⊙ h_t) and
                δ_k^(t) = (W_recᵀ δ_{k+1}^(t)) ⊙ (1 − h_k ⊙ h_k). Then
                  ∂E/∂W_out = Σ_t r_t ⊗ h_t
                  ∂E/∂W_rec = Σ_t Σ_{k≤t} δ_k^(t) ⊗ h_{k−1}
                  ∂E/∂W_in  = Σ_t Σ_{k≤t} δ_k^(t) ⊗ x_k
                Submit E, ∂E/∂W_in (1×2), ∂E/∂W_rec (1×1) and ∂E/∂W_out (2×1).
                """,
            hints: [
                "δ_0^(1) is not δ_0^(0): sections 2.4 and 2.5 of seed 002 drop the superscript. Using δ_k^(k) in the sums is the catalogued bug denominator-layout/dropped-superscript.",
                "x_k is one-hot: δ_k^(t) ⊗ x_k only fills column x_k of ∂E/∂W_in.",
                "h_{−1} = 0, so the k = 0 terms add nothing to ∂E/∂W_rec.",
            ]),
        Exercise(
            number: 5, file: "05-index-wise-biases.json", title: "Index-wise BPTT with biases", level: .medium, byHand: true,
            objective: .sum, gradients: ["V", "U", "W", "theta_j", "theta_k"], tolerance: handTolerance,
            statement: """
                Seed 001's index-wise network with one input, one hidden and one output unit
                (N = M = O = 1), sigmoid f and g, and two patterns: x = {{x}}, d = {{y}},
                s(−1) = 0.
                  net_j(t) = x(t) v + s(t−1) u + θ_j,   s(t) = σ(net_j(t))
                  net_k(t) = s(t) w + θ_k,              y(t) = σ(net_k(t))
                  C = ½ Σ_t (d(t) − y(t))²
                Compute C and the gradients ∂C/∂V, ∂C/∂U, ∂C/∂W, ∂C/∂θ_j, ∂C/∂θ_k (keys V, U, W,
                theta_j, theta_k: V is v input→hidden, U is u hidden→hidden, W is w hidden→output, the
                letters of seed 001, not of seed 000). Seed 001 works with δ = −∂C/∂net and
                Δ = −η ∂C/∂θ: submit ∂C/∂θ itself, with the sign of the gradient.
                """,
            hints: [
                "f′(net) = f(net)(1 − f(net)): for the output, y(1 − y), evaluated at net_k. Seed 001 prints g′(y); σ′(y) is the catalogued bug index-wise/derivative-at-output.",
                "The biases are weights whose input is 1: ∂C/∂θ_k = −Σ_t δ_k(t), ∂C/∂θ_j = −Σ_t Σ_z δ_j(t − z).",
                "Write the 1×1 matrices as [[x]] and the biases as [x].",
            ]),
        Exercise(
            number: 6, file: "06-wildml-e3.json", title: "The ∂E_3/∂W sum of seeds 000, 003 and 004", level: .hard, byHand: false,
            objective: .output(3), gradients: ["U", "V", "W"], tolerance: codeTolerance,
            statement: """
                Seeds 000, 003 and 004 all derive the gradient of the loss of one output, E_3, summed over
                the steps k = 0…3 it reaches:
                  ∂E_3/∂W = Σ_{k=0}^{3} (∂E_3/∂ŷ_3)(∂ŷ_3/∂s_3)(∂s_3/∂s_k)(∂s_k/∂W)
                Here K = 3, H = 2, T = 4 (x = {{x}}, y = {{y}}). The loss of this exercise is
                E_3 alone, −log ŷ_3[y_3] = −log ŷ_3[{{y_3}}], not E = E_0 + … + E_3. Submit E_3 as "loss" and
                ∂E_3/∂U, ∂E_3/∂V, ∂E_3/∂W as the gradients.
                Walk the sum for the single output t = 3 (seed 000's inner loop):
                  δ_3 = Vᵀ (ŷ_3 − y_3) ⊙ (1 − s_3²)
                  for k = 3, 2, 1, 0:
                      ∂E_3/∂W += δ_k ⊗ s_{k−1};   ∂E_3/∂U[:, x_k] += δ_k
                      δ_{k−1} = Wᵀ δ_k ⊙ (1 − s_{k−1}²)
                  ∂E_3/∂V = (ŷ_3 − y_3) ⊗ s_3, with no sum.
                Write it in code (numpy, a notebook, …): the tolerance is 1e-6.
                """,
            hints: [
                "The forward pass still runs all four steps: s_3 depends on s_0, s_1, s_2.",
                "Seed 004's three-term example lists h(3), h(2), h(1) only; the k = 0 term adds nothing to ∂E_3/∂W (s_{−1} = 0) but does to ∂E_3/∂U.",
                "The gradient of the whole E is a different answer; the grader says so when it sees it.",
            ]),
        Exercise(
            number: 7, file: "07-wildml-truncated.json", title: "Truncated BPTT, bptt_truncate = 1", level: .hard, byHand: true,
            objective: .sum, gradients: ["U", "V", "W"], tolerance: handTolerance,
            statement: """
                Seed 000's bptt with bptt_truncate = 1 on K = 2, H = 1, T = 3 (x = {{x}},
                y = {{y}}): the error of output t reaches steps max(0, t − 1) … t only,
                  for bptt_step in np.arange(max(0, t - self.bptt_truncate), t + 1)[::-1]
                Compute E and what bptt returns, dLdU, dLdV and dLdW. This is not ∂E/∂θ: the fixture's
                "truncate": 1 asks for the truncated sums. Before computing anything, list for each
                output t the steps its error reaches.
                """,
            hints: [
                "Outputs 0, 1, 2 reach steps {0}, {0, 1}, {1, 2}: the only term dropped is output 2's δ at step 0.",
                "dLdV does not depend on the truncation.",
                "'rnn-gradcheck check --fixture {{fixture}}' shows how far truncated BPTT is from ∂E/∂θ.",
            ]),
        Exercise(
            number: 8, file: "08-index-wise-softmax-sse.json", title: "The softmax-with-squared-error trap", level: .hard, byHand: true,
            objective: .sum, gradients: ["V", "U", "W", "theta_j", "theta_k"], tolerance: handTolerance,
            statement: """
                Seed 001 offers the softmax as its output activation g and gives its derivative
                  g′(net_k) = e^(net_k) (Σ_j e^(net_j) − e^(net_k)) / (Σ_j e^(net_j))² = y_k (1 − y_k).
                This network has O = 3 softmax outputs, one input and one sigmoid hidden unit (N = M = 1),
                two patterns, and the squared error C = ½ Σ_t Σ_k (d_k(t) − y_k(t))². Compute C and
                every gradient: V, U, W (3×1), θ_j, θ_k (3 entries). The trap: y_k depends on
                every net_k′, not on net_k alone.
                """,
            hints: [
                "∂y_k′/∂net_k = y_k′ (1[k′ = k] − y_k): the softmax Jacobian is not diagonal.",
                "δ_k = −∂C/∂net_k = Σ_k′ (d_k′ − y_k′) ∂y_k′/∂net_k = y_k [(d_k − y_k) − Σ_k′ (d_k′ − y_k′) y_k′].",
                "The diagonal-only δ is the catalogued bug index-wise/softmax-jacobian-diagonal. With two outputs and targets that sum to 1 it is exactly half the true δ (work out why); with three it is not even proportional.",
            ]),
        Exercise(
            number: 9, file: "09-denominator-layout-code.json", title: "The δ table in code", level: .medium, byHand: false,
            objective: .sum, gradients: ["W_in", "W_rec", "W_out"], tolerance: codeTolerance,
            statement: """
                Write seed 002's derivation as a program: the table δ_k^(t) for every output t, then the
                double sums (exercise 4 by hand, now K = 4, H = 3, T = 5). The program can read the network
                from the fixture ('rnn-gradcheck exercise show 9 --fixture' prints it) and print the
                gradients JSON. Check it first with
                  rnn-gradcheck check-external --fixture {{fixture}} -- python3 yours.py
                Submit E and every gradient; the tolerance is 1e-6.
                """,
            hints: [
                "Keep the whole table: delta[t][k] for k ≤ t, as seed 002 section 2.3 does.",
                "The gradients JSON has the fixture's keys and shapes: W_in 3×4, W_rec 3×3, W_out 4×3.",
            ]),
        Exercise(
            number: 10, file: "10-index-wise-unfolding-code.json", title: "Index-wise unfolding depth 2, in code", level: .hard, byHand: false,
            objective: .sum, gradients: ["V", "U", "W", "theta_j", "theta_k"], tolerance: codeTolerance,
            statement: """
                Seed 001's unfolding with depth T = 2 (the fixture's "truncate": 2): the error of output t is
                unfolded to steps t, t − 1 and t − 2 only. N = 2, M = 3, O = 2, five patterns, sigmoid f and g,
                biases. Submit C and the truncated gradients of V, U, W, θ_j and θ_k: what seed 001's
                unfolded updates add up, with the sign of ∂C/∂θ. The tolerance is 1e-6.
                """,
            hints: [
                "Seed 001's T is the unfolding depth, not the sequence length: Σ_z^T runs z = 0, 1, 2.",
                "∂C/∂W and ∂C/∂θ_k do not depend on the depth.",
                "'rnn-gradcheck check-external --fixture {{fixture}} -- python3 yours.py' checks a program against the truncated objective.",
            ]),
        Exercise(
            number: 11, file: "11-wildml-vanishing-factor.json", title: "The vanishing factor of seed 003", level: .medium, byHand: false,
            task: .vanishingFactor(output: 7, step: 0), gradients: [], tolerance: codeTolerance,
            variants: VariantRule(magnitudes: 0.05...0.6, decimals: 2, blockMagnitudes: ["W": [0.05...0.35, 0.7...1.6]]),
            statement: """
                Seed 003 warns that the error of a late output may never reach the early steps (梯度消失,
                the vanishing gradient), and seed 004 writes the reason as a product:
                  ∂L(t)/∂W = Σ_k ∂L(t)/∂o(t) ∂o(t)/∂h(t) (∏_{j=k+1}^{t} ∂h(j)/∂h(j−1)) ∂h(k)/∂W
                In seed 000's notation, s_j = tanh(U x_j + W s_{j−1}) gives ∂s_j/∂s_{j−1} = diag(1 − s_j²) W.
                Here K = 4, H = 3, T = 8, x = {{x}}, s_{−1} = 0. In code:
                  1. run the forward pass and keep the states s_0 … s_7;
                  2. compute J = ∂s_7/∂s_0 = diag(1 − s_7²) W · diag(1 − s_6²) W ⋯ diag(1 − s_1²) W (3×3);
                  3. say whether it vanishes: true when its Frobenius norm ‖J‖_F = √(Σ J_ij²) is below
                     10⁻², that is when less than a hundredth of the error of output 7 reaches step 0.
                Submit "values": {"J": the 3×3 matrix, "vanishes": true or false}; J to 1e-6.
                """,
            hints: [
                "Seven factors, from j = 7 on the left down to j = 1 on the right; s_0 enters only through the factor of s_1.",
                "|1 − s_j²| ≤ 1: the tanh can only shrink the product. Large weights keep it large, unless they saturate tanh, when 1 − s_j² ≈ 0 shrinks it again.",
                "W^7 alone (the tanh factors forgotten) and the factors in reverse order are the two mistakes the grader names most.",
            ]),
        Exercise(
            number: 12, file: "12-min-char-rnn-biases.json", title: "min-char-rnn's lossFun with biases, in code", level: .medium, byHand: false,
            gradients: ["Wxh", "Whh", "Why", "bh", "by"], tolerance: codeTolerance,
            variants: VariantRule(tokens: .text(favourite: 0.75), entryAbove: 5),
            statement: """
                min-char-rnn.py's model has two biases the seeds leave out:
                  hs[t] = tanh(Wxh xs[t] + Whh hs[t−1] + bh),  ys[t] = Why hs[t] + by,
                  ps[t] = softmax(ys[t]),  loss = −Σ_t log ps[t][targets[t]],  hs[−1] = 0.
                Here K = 4, H = 3, T = 12: inputs = {{x}}, targets = {{y}} (the next character of each
                input). Write lossFun's backward pass in code: dy = ps[t] − 1 at the target, dby += dy,
                dh = Whyᵀ dy + dhnext, dhraw = (1 − hs[t]²) dh, dbh += dhraw, dhnext = Whhᵀ dhraw.
                Submit the loss and the gradients of Wxh, Whh, Why, bh and by (keys as in the fixture),
                as lossFun computes them *before* the script's np.clip(dparam, -5, 5). Tolerance 1e-6.
                """,
            hints: [
                "The biases are weights whose input is always 1: dby is the sum of the dy, dbh the sum of the dhraw.",
                "One character dominates this text, so some gradient entries are larger than 5. Clipped at ±5 they are wrong, and the grader says 'clipped'.",
                "'rnn-gradcheck check-external --fixture {{fixture}} -- python3 yours.py' checks your program first.",
            ]),
        Exercise(
            number: 13, file: "13-wildml-find-the-bug.json", title: "Find the bug", level: .medium, byHand: false,
            task: .findTheBug(published: "wildml/W-instead-of-W-transpose"), gradients: [], tolerance: codeTolerance,
            statement: """
                A copy of seed 000's bptt with one line changed printed the gradient below for this network
                (K = 3, H = 2, T = 3, x = {{x}}, y = {{y}}, full BPTT). The change is one of the
                {{bugs}} catalogued wildml bugs ('rnn-gradcheck bugs --notation wildml' lists them). Find it:
                compute the right gradient, compare, and reason about which line can produce the difference.
                {{listing}}
                Submit "values": {"bug": the catalog id, e.g. "wildml/missing-tanh-derivative",
                "step": the number of the changed line in the listing above}.
                """,
            hints: [
                "Which blocks are wrong? A bug after line 10 cannot change dLdV; a bug in line 14 changes dLdU only.",
                "Lines 13 and 15 each hold several catalogued bugs: the pattern of the wrong entries tells them apart (a transpose, a shift in time).",
                "'rnn-gradcheck gradients --fixture F --json --bug ID' prints what a bug computes on a fixture.",
            ]),
        Exercise(
            number: 14, file: "14-wildml-truncation-bias.json", title: "The bias of truncated BPTT", level: .hard, byHand: false,
            task: .truncationBias, gradients: ["U", "W"], tolerance: codeTolerance,
            statement: """
                Truncated BPTT (bptt_truncate = τ) is not the gradient of E: the error of output t stops at
                step t − τ, and every term of an earlier step is lost. What it loses is its bias,
                  bias(θ) = ∂E/∂θ − dLdθ(τ) = Σ_t Σ_{k < t − τ} (the term of output t at step k).
                Here K = 4, H = 3, T = 8, τ = 2, x = {{x}}, y = {{y}}. In code, compute the bias of U
                (3×4) and of W (3×3): the full gradient minus what seed 000's bptt returns with
                bptt_truncate = 2. Submit "values": {"bias_U": …, "bias_W": …}; tolerance 1e-6.
                """,
            hints: [
                "V has no bias: dLdV never looks back in time.",
                "Only outputs t ≥ 3 lose anything: with τ = 2, output t reaches steps t − 2 … t.",
                "The bias shrinks with the vanishing factor of exercise 11: it is large when the product of Jacobians is.",
            ]),
    ]

    /// Exercise `number` (1-based).
    public static func numbered(_ number: Int) -> Exercise? { all.first { $0.number == number } }
}
