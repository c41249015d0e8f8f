import RNNGradCheck
import RNNGradCheckKit

/// The analyses of one checked case, under its table: where the gradient goes wrong, then the sweep.
func printAnalysis(_ analysis: CaseAnalysis, of result: CaseResult, to console: Console) {
    let L = result.problemCase.notation.lossSymbol
    if let attribution = analysis.attribution {
        let code = AnalysisText.codeName(result.implementation)
        console.print("  where the gradient goes wrong: \(AnalysisText.attributionMethod(attribution, lossSymbol: L, code: code))")
        console.printTable(AnalysisText.attributionTable(attribution), indent: "    ")
        if let parting = attribution.firstParting {
            console.print("  " + console.styled(AnalysisText.parting(parting, lossSymbol: L), .red))
            for hint in AnalysisText.hints(parting) { console.print("    \(hint)") }
        } else {
            console.print("  " + console.styled("every \(attribution.resolution == .lags ? "output and lag" : "output") agrees", .green))
        }
    } else if let note = analysis.notes["attribution"] {
        console.print("  where the gradient goes wrong: not run: \(note)")
    }
    if let sweep = analysis.sweep {
        console.print("  step-size sweep: worst |a − n| / max(|a|, |n|) over every entry, against h (no floor; half decades in --json and --svg):")
        console.printTable(AnalysisText.sweepTable(sweep), indent: "    ")
        for line in AnalysisText.sweepBottoms(sweep) { console.print("    \(line)") }
    } else if let note = analysis.notes["sweep"] {
        console.print("  step-size sweep: not run: \(note)")
    }
}
