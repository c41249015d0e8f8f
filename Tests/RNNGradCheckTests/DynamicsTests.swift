import XCTest

@testable import RNNGradCheck

/// The dynamics analysis: norms against hand cases, every notation's step Jacobians and output-state
/// gradients against complex-step derivatives of its forward pass, the classroom network against an
/// independent numpy computation, and each regime on a network whose answer is known by hand.
final class DynamicsTests: XCTestCase {
    // MARK: Norms

    /// M = [[3, 0], [4, 5]]: MᵀM = [[25, 20], [20, 25]] has eigenvalues 45 and 5, so ‖M‖₂ = √45 = 3√5
    /// (the Frobenius norm, √50, is larger). [[1, 2, 2]]: ‖M‖₂ = 3. diag(−7, 2): 7.
    func testSpectralNorm_MatchesHandCases() {
        let m = Norms.spectral(Matrix([[3, 0], [4, 5]]))
        XCTAssert(m.converged)
        assertClose(m.value, 3 * 5.0.squareRoot(), relative: 1e-14)
        XCTAssertGreaterThan(abs(m.value - 50.0.squareRoot()), 0.3, "the spectral norm is not the Frobenius norm")
        assertClose(Norms.spectral(Matrix([[1, 2, 2]])).value, 3, relative: 1e-14)
        assertClose(Norms.spectral(Matrix([[-7, 0], [0, 2]])).value, 7, relative: 1e-14)
        XCTAssertEqual(Norms.spectral(Matrix<Double>.zeros(3, 3)).value, 0)
        // A start vector orthogonal to the top singular vector would stall at the smaller one.
        assertClose(Norms.spectral(Matrix([[1, -1], [-1, 1]])).value, 2, relative: 1e-14)
        assertClose(Norms.euclidean([3e200, 4e200]), 5e200, relative: 1e-15)
        assertClose(Norms.euclidean([3e-200, 4e-200]), 5e-200, relative: 1e-15)
        XCTAssert(Norms.euclidean([1, .nan]).isNaN)
    }

    func testScaledMatrixProducts_StayRepresentable() {
        // (10·I)^400 has norm 1e400: beyond a double, but its logarithm is 400.
        var product = ScaledMatrix(Matrix([[10, 0], [0, 10]]))
        for _ in 1..<400 { product = product.times(ScaledMatrix(Matrix([[10, 0], [0, 10]]))) }
        assertClose(product.log10SpectralNorm, 400, relative: 1e-12)
    }

    // MARK: Every notation's linearisation against the complex step

    /// Column h of ∂s_j/∂s_{j−1}: Im s_j(s_{j−1} + i·1e-20·e_h) / 1e-20, through the notation's own
    /// forward functions.
    func testStepJacobians_MatchComplexStepDerivativesOfEachForwardPass() {
        let hStep = 1e-20
        for scale in [1.0, 3.0] {
            // wildml: s_j = tanh(U x_j + W s_{j−1}).
            let wildml = Wildml.Problem.random(size: .classroom, seed: 2, weightScale: scale)
            let wStates = wildml.states()
            let wRNN = wildml.complexified().rnn
            assertJacobians(wildml.stepJacobians(1...(wildml.steps - 1)), states: wStates, step: hStep, "wildml ×\(scale)") { j, previous in
                wRNN.state(input: wildml.x[j], previous: previous)
            }
            // denominator-layout: s_j = W_rec tanh(s_{j−1}) + W_in x_j (s is the pre-activation).
            let denominator = DenominatorLayout.Problem.random(size: .classroom, seed: 2, weightScale: scale)
            let dParameters = denominator.complexified().parameters
            assertJacobians(denominator.stepJacobians(1...(denominator.steps - 1)), states: denominator.states(), step: hStep, "denominator-layout ×\(scale)") { j, previous in
                dParameters.preActivation(input: denominator.x[j], previousHidden: tanh(previous))
            }
            // index-wise: s(t) = f(net(x(t), s(t−1))).
            let indexWise = IndexWise.Problem.random(size: .classroom, seed: 2, weightScale: scale)
            let iNetwork = indexWise.complexified().network
            assertJacobians(indexWise.stepJacobians(1...(indexWise.steps - 1)), states: indexWise.states(), step: hStep, "index-wise ×\(scale)") { t, previous in
                iNetwork.hiddenOutput(iNetwork.hiddenNet(input: indexWise.x[t], previous: previous))
            }
            // min-char-rnn: hs[j] = tanh(Wxh xs[j] + Whh hs[j−1] + bh).
            let minChar = MinCharRNN.random(sizes: ["K": 8, "H": 4, "T": 6], seed: 2, weightScale: scale, options: [:])
            let mModel = minChar.complexified().model
            assertJacobians(minChar.stepJacobians(1...(minChar.steps - 1)), states: minChar.states(), step: hStep, "min-char-rnn ×\(scale)") { j, previous in
                mModel.hiddenState(input: minChar.inputs[j], previous: previous)
            }
        }
    }

    /// ∂E_t/∂s_t: Im E_t(s_t + i·1e-20·e_h) / 1e-20 through each notation's output layer and loss.
    func testOutputStateGradients_MatchComplexStepDerivativesOfEachStepLoss() {
        let hStep = 1e-20
        let wildml = Wildml.Problem.random(size: .classroom, seed: 3, weightScale: 3)
        let wRNN = wildml.complexified().rnn
        assertStateGradients(wildml.outputStateGradients(), states: wildml.states(), step: hStep, "wildml") { t, state in
            wRNN.stepLoss(state: state, target: wildml.y[t])
        }
        let denominator = DenominatorLayout.Problem.random(size: .classroom, seed: 3, weightScale: 3)
        let dParameters = denominator.complexified().parameters
        assertStateGradients(denominator.outputStateGradients(), states: denominator.states(), step: hStep, "denominator-layout") { t, state in
            dParameters.stepLoss(logits: dParameters.logits(tanh(state)), target: denominator.y[t])
        }
        for g in IndexWise.OutputActivation.allCases {
            let indexWise = IndexWise.Problem.random(size: .classroom, seed: 3, weightScale: 3, g: g)
            let iNetwork = indexWise.complexified().network
            assertStateGradients(indexWise.outputStateGradients(), states: indexWise.states(), step: hStep, "index-wise \(g)") { t, state in
                iNetwork.patternCost(output: iNetwork.output(iNetwork.outputNet(state)), target: indexWise.d[t])
            }
        }
        let minChar = MinCharRNN.random(sizes: ["K": 8, "H": 4, "T": 6], seed: 3, weightScale: 3, options: [:])
        let mModel = minChar.complexified().model
        assertStateGradients(minChar.outputStateGradients(), states: minChar.states(), step: hStep, "min-char-rnn") { t, state in
            mModel.stepLoss(scores: mModel.scores(state), target: minChar.targets[t])
        }
    }

    /// max_t ‖∂E_t/∂s_{t−τ}‖ from the analysis against the same maximum of complex-step derivatives of
    /// E_t with respect to s_{t−τ}, run forward through the wildml recurrence.
    func testErrorGradientNorms_MatchComplexStepDerivativesThroughTheRecurrence() {
        let problem = Wildml.Problem.random(size: NetworkSize(vocabulary: 5, hidden: 3, steps: 7), seed: 4, weightScale: 2)
        let dynamics = GradientDynamics.measure(problem)
        let rnn = problem.complexified().rnn
        let states = problem.states()
        for tau in 0..<problem.steps {
            var largest = 0.0
            for t in tau..<problem.steps {
                let k = t - tau
                let gradient = (0..<3).map { h -> Double in
                    var s = Vector(states[k].map { Complex($0, 0) })
                    s[h] = Complex(states[k][h], 1e-20)
                    for j in (k + 1)...max(k + 1, t) where j <= t { s = rnn.state(input: problem.x[j], previous: s) }
                    return rnn.stepLoss(state: s, target: problem.y[t]).imaginary / 1e-20
                }
                largest = max(largest, Norms.euclidean(gradient))
            }
            assertClose(dynamics.lags[tau].errorGradientNorm, largest, relative: 1e-12, "lag \(tau)")
        }
    }

    // MARK: Known answers

    /// notes/hand/dynamics_classroom.py rebuilds the classroom network from its seed with the reference
    /// generator and computes every norm with numpy's SVD; its output is recorded here.
    func testClassroomNetwork_MatchesTheIndependentNumpyComputation() {
        struct Reference {
            let scale: Double, normW: Double, jacobians: [Double], products: [Double], rho: Double, gradients: [Double]
        }
        let references = [
            Reference(
                scale: 0.5, normW: 0.4544457410855326,
                jacobians: [0.44529019992662877, 0.44110623339383248, 0.44822868588515574, 0.45087832069336126, 0.45004175369994071],
                products: [1, 0.45004175369994071, 0.1483548420299983, 0.055330382851990732, 0.020933418461331715, 0.0079130198519816921],
                rho: 0.37989926302246724,
                gradients: [1, 0.34918406648472544, 0.066147322876884143, 0.023985507696122111, 0.0056446589224295176, 0.0020705432027868418]),
            Reference(
                scale: 3, normW: 2.7266744465131962,
                jacobians: [1.2184980509235777, 0.77249100967834727, 0.64371978507784844, 0.95912447132156831, 0.4998916128960198],
                products: [1, 0.4998916128960198, 0.26347670204418233, 0.10757688118545179, 0.072550214706938468, 0.06298025778503577],
                rho: 0.57522915103305394,
                gradients: [1, 0.46385425978533484, 0.32821669296677242, 0.28430538558046631, 0.043765699659849625, 0.027470960305028842]),
        ]
        for reference in references {
            let dynamics = GradientDynamics.measure(Wildml.Problem.random(size: .classroom, seed: 1, weightScale: reference.scale))
            let label = "×\(reference.scale)"
            assertClose(dynamics.recurrentNorm, reference.normW, relative: 1e-12, label)
            assertClose(dynamics.stepJacobians.map(\.jacobianNorm), reference.jacobians, relative: 1e-12, label)
            assertClose(dynamics.lags.map(\.productNorm), reference.products, relative: 1e-12, label)
            assertClose(dynamics.perStepFactor!, reference.rho, relative: 1e-12, label)
            assertClose(dynamics.lags.map(\.relativeErrorGradient), reference.gradients, relative: 1e-12, label)
            // Both scales vanish on this network; at ×3 because units saturate (the bound ‖W‖₂ > 1 is loose).
            XCTAssertEqual(dynamics.regime, .vanishing, label)
            for step in dynamics.stepJacobians { XCTAssertLessThanOrEqual(step.jacobianNorm, step.bound * (1 + 1e-12), label) }
        }
        let saturated = GradientDynamics.measure(Wildml.Problem.random(size: .classroom, seed: 1, weightScale: 3))
        XCTAssertGreaterThan(saturated.stepJacobians.map(\.saturatedFraction).max()!, 0.2)
        XCTAssertGreaterThan(saturated.uniformStepBound, 1)
    }

    /// H = 1, U = 0: the state stays s = 0 (tanh(0) = 0), every slope is 1 and ∂s_j/∂s_{j−1} = w exactly,
    /// so ρ = |w| and ‖∂E_t/∂s_{t−τ}‖ = |w|^τ ‖∂E_t/∂s_t‖. With K = 2, V = [[1], [0]] and every target 0,
    /// ŷ = (½, ½) and ∂E_t/∂s_t = Vᵀ(ŷ − e_0) = −½ at every t.
    func testRegime_FollowsTheRecurrentWeightOfAOneUnitNetwork() {
        func problem(w: Double, steps: Int) -> Wildml.Problem<Double> {
            let rnn = Wildml.RNN(U: Matrix([[0, 0]]), V: Matrix([[1], [0]]), W: Matrix([[w]]), bpttTruncate: steps)
            return Wildml.Problem(rnn: rnn, x: Array(repeating: 1, count: steps), y: Array(repeating: 0, count: steps))
        }
        for (w, regime) in [(0.5, GradientRegime.vanishing), (-1.0, .stable), (1.5, .exploding)] {
            let dynamics = GradientDynamics.measure(problem(w: w, steps: 8))
            XCTAssertEqual(dynamics.regime, regime, "w = \(w)")
            assertClose(dynamics.perStepFactor!, abs(w), relative: 1e-14, "w = \(w)")
            for lag in dynamics.lags {
                assertClose(lag.productNorm, pow(abs(w), Double(lag.lag)), relative: 1e-13, "w = \(w), lag \(lag.lag)")
                assertClose(lag.errorGradientNorm, 0.5 * pow(abs(w), Double(lag.lag)), relative: 1e-13, "w = \(w), lag \(lag.lag)")
                assertClose(lag.uniformBound, pow(abs(w), Double(lag.lag)), relative: 1e-13)
            }
        }
        // 0.05^6 = 1.6e-8, 0.05^7 = 7.8e-10: contributions fall below 1e-8 of the largest at lag 7,
        // measured on 10 steps and extrapolated from lag 3 on 4 steps.
        XCTAssertEqual(GradientDynamics.measure(problem(w: 0.05, steps: 10)).negligibleLag, .init(lag: 7, extrapolated: false))
        XCTAssertEqual(GradientDynamics.measure(problem(w: 0.05, steps: 4)).negligibleLag, .init(lag: 7, extrapolated: true))
        XCTAssertNil(GradientDynamics.measure(problem(w: 1.5, steps: 8)).negligibleLag)
        let single = GradientDynamics.measure(problem(w: 0.5, steps: 1))
        XCTAssertEqual(single.regime, .undetermined)
        XCTAssertNil(single.perStepFactor)
    }

    /// A wide network at ×3 is past the edge of chaos: its gradients grow (ρ > 1).
    func testRegime_WideNetworkAtScaleThreeExplodes() {
        let dynamics = GradientDynamics.measure(Wildml.Problem.random(size: NetworkSize(vocabulary: 8, hidden: 32, steps: 30), seed: 1, weightScale: 3))
        XCTAssertEqual(dynamics.regime, .exploding, "ρ = \(dynamics.perStepFactor!)")
    }

    // MARK: Helpers

    private func assertJacobians(
        _ jacobians: [StepJacobian], states: [[Double]], step: Double, _ label: String,
        next: (Int, Vector<Complex>) -> Vector<Complex>, file: StaticString = #filePath, line: UInt = #line
    ) {
        XCTAssertEqual(jacobians.count, states.count - 1, label, file: file, line: line)
        var transposedWouldPass = true
        for (index, J) in jacobians.enumerated() {
            let j = index + 1
            for column in 0..<J.jacobian.columns {
                var previous = Vector(states[j - 1].map { Complex($0, 0) })
                previous[column] = Complex(states[j - 1][column], step)
                let derivative = next(j, previous).storage.map { $0.imaginary / step }
                let analytic = (0..<J.jacobian.rows).map { J.jacobian[$0, column] }
                assertClose(analytic, derivative, relative: 1e-12, floor: 1e-14, "\(label), ∂s_\(j)/∂s_\(j - 1), column \(column)", file: file, line: line)
                let transposed = (0..<J.jacobian.rows).map { J.jacobian[column, $0] }
                if zip(transposed, derivative).contains(where: { abs($0 - $1) > 1e-6 }) { transposedWouldPass = false }
            }
        }
        // The comparison tells a Jacobian from its transpose: it would fail a transposed one.
        XCTAssertFalse(transposedWouldPass, "\(label): the complex-step comparison cannot tell J from Jᵀ", file: file, line: line)
    }

    private func assertStateGradients(
        _ gradients: [[Double]], states: [[Double]], step: Double, _ label: String,
        loss: (Int, Vector<Complex>) -> Complex, file: StaticString = #filePath, line: UInt = #line
    ) {
        XCTAssertEqual(gradients.count, states.count, label, file: file, line: line)
        for (t, gradient) in gradients.enumerated() {
            let derivative = states[t].indices.map { h -> Double in
                var state = Vector(states[t].map { Complex($0, 0) })
                state[h] = Complex(states[t][h], step)
                return loss(t, state).imaginary / step
            }
            assertClose(gradient, derivative, relative: 1e-12, floor: 1e-14, "\(label), ∂E_\(t)/∂s_\(t)", file: file, line: line)
        }
    }
}
