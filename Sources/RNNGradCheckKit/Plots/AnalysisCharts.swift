import Foundation
import RNNGradCheck

// The pictures of the analyses, as charts for `Figure`: dynamics against the lag, the step-size sweep's
// V, the contributions of each lag with where they part, and the truncation bias against τ.

/// Charts of the analyses.
public enum AnalysisCharts {
    /// Two charts: how far back the error reaches (relative ‖∂E_t/∂s_{t−τ}‖), and the Jacobian
    /// products against their bounds. One colour per case.
    public static func dynamics(_ cases: [(label: String, dynamics: GradientDynamics)], subtitle: String? = nil) -> [Chart] {
        let symbols = cases.map(\.dynamics.symbols)
        let same = Set(symbols.map(\.stateTemplate)).count == 1
        let state = same ? symbols[0].state("t−τ") : "s_{t−τ} (each notation's state)"
        var reach = Chart(
            title: "How far back the error reaches", subtitle: subtitle,
            x: ChartAxis("lag τ = t − k (steps back from output t)", scale: .linear, integerTicks: true),
            y: ChartAxis("max_t ‖∂E_t/∂\(state)‖₂ ÷ largest", scale: .log),
            series: cases.enumerated().map { index, item in
                ChartSeries(item.label, points: item.dynamics.lags.map { (Double($0.lag), $0.relativeErrorGradient) }, colour: index)
            })
        reach.horizontalMarkers = [ChartMarker(GradientDynamics.negligibleRatio, label: "1e-8 of the largest: negligible", style: .dotted)]
        reach.notes = cases.map { item in
            "\(item.label): \(AnalysisText.verdict(item.dynamics))"
        }

        let jacobian = same ? "∏ ∂\(symbols[0].state("j"))/∂\(symbols[0].state("j−1"))" : "∏ J_j"
        var products = Chart(
            title: "Jacobian products against their bounds", subtitle: subtitle,
            x: ChartAxis("lag τ (factors j = T−τ … T−1)", scale: .linear, integerTicks: true),
            y: ChartAxis("spectral norm", scale: .log), series: [])
        // One case: a legend entry per curve. Several: one per case (its colour); the note says which
        // line style is which.
        let single = cases.count == 1
        for (index, item) in cases.enumerated() {
            let prefix = single ? "" : "\(item.label): "
            let s = item.dynamics.symbols
            products.series.append(ChartSeries(
                single ? "‖\(jacobian)‖₂" : item.label, points: item.dynamics.lags.map { (Double($0.lag), $0.productNorm) }, colour: index))
            products.series.append(ChartSeries(
                "\(prefix)∏ ‖diag \(s.activation)′‖₂‖\(s.recurrentSymbol)‖₂", points: item.dynamics.lags.map { (Double($0.lag), $0.productBound) },
                style: .dashed, colour: index, markers: false, inLegend: single))
            products.series.append(ChartSeries(
                "\(prefix)(sup \(s.activation)′·‖\(s.recurrentSymbol)‖₂)^τ", points: item.dynamics.lags.map { (Double($0.lag), $0.uniformBound) },
                style: .dotted, colour: index, markers: false, inLegend: single))
        }
        products.notes = [
            "Solid: the product ‖\(jacobian)‖₂ itself; dashed: the bound from each step's slopes, ∏ ‖diag f′‖₂‖W‖₂; dotted: the bound that ignores the slopes, (sup f′·‖W‖₂)^τ "
                + "(sub-multiplicativity, ‖AB‖₂ ≤ ‖A‖₂‖B‖₂; the seeds write the product, 004.7, but not the bound)."
        ]
        return [reach, products]
    }

    /// The V: the worst relative error of each scheme against h, the check's h marked.
    public static func sweep(_ sweep: StepSizeSweep, subtitle: String? = nil) -> Chart {
        // The complex step first, so that the central differences, which share its left arm, are drawn over it.
        let schemes: [(DifferenceScheme, String)] = [(.complexStep, "complex step"), (.richardson, "Richardson extrapolation"), (.central, "central differences")]
        var chart = Chart(
            title: "Step-size sweep: the error of each numerical derivative against h", subtitle: subtitle,
            x: ChartAxis("step h (relative, h·max(1,|θ|), for the differences); smaller to the right", scale: .log, reversed: true),
            y: ChartAxis("worst |a − n| / max(|a|, |n|) over every entry", scale: .log),
            series: schemes.enumerated().map { index, item in
                ChartSeries(item.1, points: sweep.points(item.0).map { ($0.step, $0.worstError) }, colour: index)
            })
        chart.verticalMarkers = schemes.enumerated().compactMap { index, item in
            sweep.chosenSteps[item.0].map { ChartMarker($0, label: "\(item.0.rawValue) h = \(String(format: "%.0e", $0))", style: .dashed, colour: index) }
        }
        chart.horizontalMarkers = [ChartMarker(GradientCheckDefaults.tolerance, label: "tolerance 1e-07", style: .dotted)]
        chart.notes = [
            "Left of each bottom the truncation error (∝ h² central, ∝ h⁴ Richardson), right of it the rounding error (∝ 1/h). "
                + "The complex step subtracts nothing: it has no rounding arm."
        ] + AnalysisText.sweepBottoms(sweep)
        return chart
    }

    /// The implementation's contributions and the complex step's, per lag (or output), and their
    /// difference; the first parting marked.
    public static func attribution(_ a: StepAttribution, lossSymbol L: String, subtitle: String? = nil) -> Chart {
        let summaries = a.summaries
        let key: (StepAttribution.Summary) -> Double = { Double($0.lag ?? $0.output ?? 0) }
        var chart = Chart(
            title: a.resolution == .lags ? "Where the gradient goes wrong: contributions by lag" : "Where the gradient goes wrong: contributions by output",
            subtitle: subtitle,
            x: a.resolution == .lags
                ? ChartAxis("lag τ (output t's error at step t − τ)", scale: .linear, integerTicks: true)
                : ChartAxis("output t", scale: .linear, integerTicks: true),
            y: ChartAxis("norm over every block and output", scale: .log),
            series: [
                ChartSeries("implementation", points: summaries.map { (key($0), $0.analyticNorm) }, colour: 0),
                ChartSeries("complex step", points: summaries.map { (key($0), $0.numericalNorm) }, style: .dashed, colour: 2, markers: false),
                ChartSeries("difference", points: summaries.map { (key($0), $0.differenceNorm) }, colour: 1),
            ])
        if let parting = a.firstParting {
            chart.verticalMarkers = [ChartMarker(Double(parting.lag ?? parting.output), label: "first parts here", style: .dashed, colour: 1)]
            chart.notes = [AnalysisText.parting(parting, lossSymbol: L)] + AnalysisText.hints(parting)
        } else {
            chart.notes = ["Every \(a.resolution == .lags ? "lag" : "output") agrees: the difference is rounding."]
        }
        return chart
    }

    /// ‖g_τ − g‖₂ / ‖g‖₂ per block against τ.
    public static func truncationBias(_ bias: TruncationBias, subtitle: String? = nil) -> Chart {
        let blocks = bias.rows.first?.blocks ?? []
        var chart = Chart(
            title: "Truncation bias: truncated BPTT against ∂E/∂θ", subtitle: subtitle,
            x: ChartAxis("truncation τ (the error of output t reaches steps t−τ … t)", scale: .linear, integerTicks: true),
            y: ChartAxis("‖g_τ − g‖₂ / ‖g‖₂", scale: .log), series: [])
        var zero: [String] = []
        for (index, block) in blocks.enumerated() {
            let values = bias.rows.map { $0.blocks[index].relativeNorm }
            if values.allSatisfy({ $0 < 1e-13 }) {
                zero.append(block.symbol)
                continue
            }
            chart.series.append(ChartSeries(block.symbol, points: bias.rows.map { (Double($0.truncation), $0.blocks[index].relativeNorm) }, colour: index))
        }
        chart.notes = [
            "g: ∂E/∂θ by the complex step. g_τ: "
                + (bias.source == .analytic ? "the notation's truncated BPTT." : "the complex-step gradient of the truncated objective (the notation's code has no truncation).")
                + " τ = T − 1 is full BPTT: what remains there is rounding."
        ]
        if !zero.isEmpty {
            chart.notes.append("\(zero.joined(separator: ", ")): no bias at any τ (below 1e-13; used at the output's own step only), not drawn.")
        }
        return chart
    }
}
