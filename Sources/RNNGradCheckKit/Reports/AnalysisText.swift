import Foundation
import RNNGradCheck

/// The words and tables of the analyses (dynamics, step attribution, step-size sweep, truncation
/// bias), shared by the text reports and the HTML report: a table is a header row and rows of cells.
public enum AnalysisText {
    // MARK: Dynamics

    /// A number of a dynamics table: `0.5752`, `6.3e-02`, `1.2e+05`.
    public static func norm(_ x: Double) -> String {
        guard x.isFinite else { return Format.value(x) }
        if x == 0 { return "0" }
        return (1e-3...1e4).contains(abs(x)) ? String(format: "%.4g", x) : String(format: "%.2e", x)
    }

    /// What the state, the Jacobian and the bound are, and where the documents use them.
    public static func dynamicsLegend(_ d: GradientDynamics) -> [String] {
        let s = d.symbols
        return [
            "state \(s.state("k")): \(s.stateMeaning)",
            "one step: \(s.jacobian) (\(s.jacobianSource))",
            "bound: \(s.bound); ‖\(s.recurrentSymbol)‖₂ = \(norm(d.recurrentNorm)) (\(d.recurrentNormConverged ? "power iteration" : "power iteration, not converged in 1000 iterations: a lower bound")), "
                + "so no step can grow the error by more than \(norm(d.uniformStepBound))",
        ]
    }

    /// One row per step j: ‖J_j‖₂, the bound from its slopes, the saturated units.
    public static func stepTable(_ d: GradientDynamics) -> [[String]] {
        let s = d.symbols
        var rows = [["step j", "‖∂\(s.state("j"))/∂\(s.state("j−1"))‖₂", "‖diag \(s.activation)′‖₂·‖\(s.recurrentSymbol)‖₂", "saturated units"]]
        for step in d.stepJacobians {
            rows.append([String(step.step), norm(step.jacobianNorm), norm(step.bound), "\(Int((step.saturatedFraction * 100).rounded()))%"])
        }
        return rows
    }

    /// One row per lag τ: the product, its two bounds, and the error that reaches back τ steps.
    public static func lagTable(_ d: GradientDynamics) -> [[String]] {
        let s = d.symbols
        var rows = [[
            "lag τ", "‖∏ ∂\(s.state("j"))/∂\(s.state("j−1"))‖₂", "∏ step bounds", "(sup \(s.activation)′·‖\(s.recurrentSymbol)‖₂)^τ",
            "max_t ‖∂E_t/∂\(s.state("t−τ"))‖₂", "relative", "at output",
        ]]
        for lag in d.lags {
            rows.append([
                String(lag.lag), norm(lag.productNorm), norm(lag.productBound), norm(lag.uniformBound), norm(lag.errorGradientNorm),
                norm(lag.relativeErrorGradient), String(lag.output),
            ])
        }
        return rows
    }

    /// "ρ = 0.575 per step, measured over the whole sequence (…)".
    public static func perStepFactor(_ d: GradientDynamics) -> String? {
        guard let rho = d.perStepFactor else { return nil }
        let s = d.symbols
        let L = d.measuredLags
        let window = L == d.steps - 1 ? "the whole sequence" : "the last \(L) steps (the network is too large to measure every lag)"
        var text = "per-step factor ρ = ‖∏ ∂\(s.state("j"))/∂\(s.state("j−1"))‖₂^(1/\(L)) = \(norm(rho)), over \(window)"
        if let mean = d.meanJacobianNorm { text += "; geometric mean of the single steps' norms \(norm(mean))" }
        return text
    }

    /// The verdict in one line, with the lag where contributions become negligible.
    public static func verdict(_ d: GradientDynamics) -> String {
        let ratio = "1e-8"
        var reach: String
        if let negligible = d.negligibleLag {
            reach = negligible.extrapolated
                ? "contributions fall below \(ratio) of the largest at lag \(negligible.lag) (extrapolated at ρ from lag \(d.measuredLags), the last one measured)"
                : "contributions fall below \(ratio) of the largest at lag \(negligible.lag) (measured)"
        } else {
            reach = "contributions never fall below \(ratio) of the largest"
        }
        switch d.regime {
        case .vanishing: return "VANISHING: the error shrinks by about ×\(norm(d.perStepFactor ?? 0)) per step back; \(reach)"
        case .exploding: return "EXPLODING: the error grows by about ×\(norm(d.perStepFactor ?? 0)) per step back; \(reach)"
        case .stable: return "STABLE: the error keeps its size (×\(norm(d.perStepFactor ?? 0)) per step back); \(reach)"
        case .undetermined: return "UNDETERMINED: a sequence of one step has no earlier step to reach"
        }
    }

    /// Why the verdict and the bound disagree, when they do.
    public static func explanation(_ d: GradientDynamics) -> String? {
        let saturated = d.stepJacobians.map(\.saturatedFraction).max() ?? 0
        let s = d.symbols
        if d.regime == .vanishing, d.uniformStepBound > 1 {
            var text = "the bound sup \(s.activation)′·‖\(s.recurrentSymbol)‖₂ = \(norm(d.uniformStepBound)) > 1 would allow growth, "
                + "but the slopes of the steps are smaller than sup \(s.activation)′"
            if saturated > 0 { text += ": up to \(Int((saturated * 100).rounded()))% of the units are saturated (slope below a tenth of its largest)" }
            return text + ". Seed 003's first remedy, initial weights that keep units away from saturation, is about this."
        }
        if d.regime == .exploding {
            return "‖\(s.recurrentSymbol)‖₂ > 1 and the units are not saturated enough to tame it: gradient clipping (seed 003) bounds the damage"
        }
        return nil
    }

    /// Where each part of the dynamics comes from in the seeds.
    public static let dynamicsSources =
        "seed 004 writes ∂L^(t)/∂W with the product ∏_{j=k+1}^{t} ∂h^(j)/∂h^(j−1) (004.7); seed 003 (§梯度消失和梯度爆炸, “vanishing and exploding gradients”) says "
        + "in words that this product makes gradients vanish or explode over long sequences. The bound ‖diag f′‖₂·‖W‖₂ on each factor "
        + "is sub-multiplicativity of the spectral norm: it follows from 004.7 but is not printed in the seeds."

    // MARK: Step attribution

    /// "lag 1", "lag 0 from output 1", "output 1": the first broken step in a few words.
    public static func firstBrokenStep(_ parting: StepAttribution.Parting) -> String {
        guard let lag = parting.lag else { return "output \(parting.output)" }
        return parting.output == lag ? "lag \(lag)" : "lag \(lag) from output \(parting.output)"
    }

    /// The first parting as a sentence.
    public static func parting(_ parting: StepAttribution.Parting, lossSymbol L: String) -> String {
        let blocks = parting.symbols.joined(separator: ", ")
        guard let lag = parting.lag else {
            let reach = parting.output == 0 ? "output 0 reaches only its own step" : "every earlier output agrees"
            return "first parts at output \(parting.output) (∂\(L)_\(parting.output)/∂θ; \(reach)), in \(blocks)"
        }
        let step = lag == 0 ? "output t's own step" : "output t's error sent \(lag) step\(lag == 1 ? "" : "s") back, to step t−\(lag)"
        let outputs = parting.outputs.count == 1 ? "output \(parting.output)" : "outputs \(parting.outputs.map(String.init).joined(separator: ", "))"
        return "first parts at lag \(lag) (\(step)), at \(outputs), in \(blocks)"
    }

    /// "that step computes: …" lines.
    public static func hints(_ parting: StepAttribution.Parting) -> [String] {
        parting.equations.map { "that step computes \($0)" }
    }

    /// The code of a check, as the attribution names it: "the literal BPTT", "the bug's code".
    public static func codeName(_ implementation: GradientImplementation) -> String {
        if implementation.isLiteral { return "the literal BPTT" }
        if implementation.name == "bug" { return "the bug's code" }
        return "the \(implementation.name) BPTT"
    }

    /// What the attribution compares, in one line.
    public static func attributionMethod(_ a: StepAttribution, lossSymbol L: String, code: String) -> String {
        switch a.resolution {
        case .lags:
            return "\(code) run on every prefix and truncation, split into ∂\(L)_t/∂θ_{t−τ} (output t, lag τ), "
                + "against the complex step of \(L)_t with θ perturbed in step t−τ only"
        case .outputs:
            return "\(code) run on every prefix, split into ∂\(L)_t/∂θ per output t, against the complex step of \(L)_t "
                + "(this notation's code has no truncation, so the gradient cannot be split by lag, only by output)"
        }
    }

    /// What the attribution of contributions a program reported compares, in one line.
    public static func reportedAttributionMethod(_ a: StepAttribution, lossSymbol L: String) -> String {
        switch a.resolution {
        case .lags:
            return "the program's per_step, ∂\(L)_t/∂θ_{t−τ} for output t and lag τ, against the complex step of \(L)_t with θ perturbed in step t−τ only"
        case .outputs:
            return "the program's per_step, ∂\(L)_t/∂θ per output t, against the complex step of \(L)_t (no lags: this notation has no truncation)"
        }
    }

    /// One row per lag (or output).
    public static func attributionTable(_ a: StepAttribution) -> [[String]] {
        var rows = [[a.resolution == .lags ? "lag τ" : "output t", "‖implementation‖", "‖complex step‖", "‖difference‖", "max rel error", "verdict"]]
        let cells = a.cells
        for summary in a.summaries {
            let key = summary.lag ?? summary.output ?? 0
            var verdict = summary.parts ? "PARTS" : "agrees"
            if summary.parts, a.resolution == .lags {
                let parting = cells.filter { $0.lag == key && $0.parts }
                let symbols = parting.first?.blocks.map(\.symbol) ?? []
                let blocks = symbols.filter { symbol in parting.contains { cell in cell.blocks.contains { $0.symbol == symbol && $0.verdict != .pass } } }
                let outputs = parting.map { String($0.output) }.joined(separator: ",")
                verdict += " (output\(parting.count == 1 ? "" : "s") \(outputs): \(blocks.joined(separator: ", ")))"
            } else if summary.parts, let cell = cells.first(where: { $0.output == key }) {
                verdict += " (\(cell.blocks.filter { $0.verdict != .pass }.map(\.symbol).joined(separator: ", ")))"
            }
            rows.append([
                String(key), norm(summary.analyticNorm), norm(summary.numericalNorm), norm(summary.differenceNorm),
                Format.error(summary.worstRelativeError), verdict,
            ])
        }
        return rows
    }

    // MARK: Step-size sweep

    /// One row per decade of h: the worst relative error of each scheme (blank where it is not swept).
    public static func sweepTable(_ sweep: StepSizeSweep) -> [[String]] {
        var rows = [["h", "central", "richardson", "complex-step"]]
        let decades = (1...20).map { pow(10, -Double($0)) }
        for h in decades {
            let cells = [DifferenceScheme.central, .richardson, .complexStep].map { scheme -> String in
                guard let point = sweep.points(scheme).first(where: { abs($0.step - h) <= h * 1e-9 }) else { return "" }
                return Format.error(point.worstError)
            }
            guard cells.contains(where: { !$0.isEmpty }) else { continue }
            rows.append([String(format: "%.0e", h)] + cells)
        }
        return rows
    }

    /// The bottom of each scheme's curve and the error at the step the check uses; and, when no step
    /// brings any scheme within the tolerance, that the gradient is wrong, not the step.
    public static func sweepBottoms(_ sweep: StepSizeSweep, tolerance: Double = GradientCheckDefaults.tolerance) -> [String] {
        let bottoms = DifferenceScheme.allCases.compactMap { sweep.minimum($0)?.worstError }
        let verdict = !bottoms.isEmpty && bottoms.allSatisfy { !($0 <= tolerance) }
            ? ["no step brings any scheme within the tolerance \(Format.setting(tolerance)): the gradient is wrong, not the step"] : []
        return verdict + [DifferenceScheme.central, .richardson, .complexStep].compactMap { scheme in
            guard let bottom = sweep.minimum(scheme) else { return nil }
            let perBlock = sweep.blocks.enumerated().map { index, block in "\(block.symbol) \(Format.error(bottom.blockErrors[index]))" }
            var line = "\(scheme.rawValue): bottom \(Format.error(bottom.worstError)) at h = \(String(format: "%.1e", bottom.step)) ("
                + perBlock.joined(separator: ", ") + ")"
            if let chosen = sweep.chosenSteps[scheme], let point = sweep.points(scheme).first(where: { abs($0.step - chosen) <= chosen * 1e-9 }) {
                line += "; at the check's h = \(String(format: "%.0e", chosen)): \(Format.error(point.worstError))"
            } else if let chosen = sweep.chosenSteps[scheme] {
                line += "; the check's h = \(String(format: "%.1e", chosen)) is not on the grid"
            }
            return line
        }
    }

    // MARK: Truncation bias

    /// One row per τ: ‖g_τ − g‖₂ / ‖g‖₂ of each block.
    public static func truncationTable(_ bias: TruncationBias) -> [[String]] {
        guard let first = bias.rows.first else { return [] }
        var rows = [["τ"] + first.blocks.map(\.symbol)]
        for row in bias.rows {
            rows.append([String(row.truncation)] + row.blocks.map { Format.error($0.relativeNorm) })
        }
        return rows
    }
}
