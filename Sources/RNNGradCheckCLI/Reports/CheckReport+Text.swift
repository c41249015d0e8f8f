import RNNGradCheck
import RNNGradCheckKit

extension CheckReport {
    /// The report a person reads: one table per notation (with its analyses, `analyses[i]` for
    /// `results[i]`), then the equivalences, then the count.
    func printText(to console: Console, analyses: [CaseAnalysis?] = []) {
        console.print(console.styled("rnn-gradcheck: hand-derived BPTT against numerical gradients", .bold))
        console.print("numerical: \(CheckTable.methodDescription(settings)); an entry passes when its relative error ≤ \(Format.setting(settings.tolerance))")
        for (index, result) in results.enumerated() {
            console.print()
            printCase(result, to: console)
            if index < analyses.count, let analysis = analyses[index] { printAnalysis(analysis, of: result, to: console) }
        }
        for equivalence in equivalences {
            console.print()
            printEquivalence(equivalence, to: console)
        }
        console.print()
        let summary = "\(passed) passed, \(failed) failed"
        console.print(console.styled(summary, failed == 0 ? .green : .red))
    }

    private func printCase(_ result: CaseResult, to console: Console) {
        let problemCase = result.problemCase
        let notation = problemCase.notation
        console.print(console.styled("\(notation.name) (\(notation.sources)): \(notation.model(of: problemCase.problem))", .bold))
        let heading = "\(problemCase.sizesText), \(problemCase.origin), \(problemCase.truncationLabel)"
        let L = notation.lossSymbol
        let implementation = result.implementation.isLiteral ? nil : "  gradients: \(result.implementation.description)"
        switch result.outcome {
        case .full(let check):
            console.print("\(heading), \(L) = \(Format.value(check.loss, digits: 17))")
            if let implementation { console.print(implementation) }
            printBlocks(check, to: console, indent: "  ")
        case .truncated(let check):
            console.print("\(heading), \(L) = \(Format.value(check.full.loss, digits: 17))")
            if let implementation { console.print(implementation) }
            let tau = check.truncation
            console.print("  full BPTT against ∂\(L)/∂θ:")
            printBlocks(check.full, to: console, indent: "    ")
            console.print("  truncated BPTT (τ=\(tau)) against the truncated objective, Σ_t ∂\(L)_t/∂θ with θ perturbed in steps t−\(tau)…t only:")
            printBlocks(check.truncated, to: console, indent: "    ")
            console.print("  truncated BPTT against ∂\(L)/∂θ: the deviation caused by truncation, not a bug:")
            for block in check.deviationFromTrueGradient {
                guard let worst = block.worstEntry, block.maxRelativeError > settings.tolerance else {
                    console.print("    \(block.symbol): no deviation beyond the tolerance")
                    continue
                }
                console.print(
                    "    \(block.symbol): max relative deviation \(Format.error(block.maxRelativeError)) at \(block.label(ofEntry: worst))"
                        + " (truncated \(Format.value(block.analytic[worst])), true \(Format.value(block.numerical[worst])));"
                        + " norm-wise \(Format.error(block.normRelativeError)); \(block.entriesOverTolerance) of \(block.shape.count) entries differ")
            }
        }
    }

    private func printEquivalence(_ equivalence: EquivalenceCheck, to console: Console) {
        let verdict = equivalence.passed ? console.styled("PASS", .green) : console.styled("FAIL", .red)
        let pairs = equivalence.pairs.map { "\($0.second)=\($0.first)" }.joined(separator: ", ")
        var condition = equivalence.condition.map { ", \($0)" } ?? ""
        if let tau = equivalence.truncation { condition += ", truncated at τ=\(tau)" }
        console.print(console.styled("\(equivalence.notations.first) ≡ \(equivalence.notations.second)", .bold) + " on the same network (\(pairs)\(condition)):")
        console.print("  loss and gradients agree to \(Format.error(equivalence.largestDifference)) relative (limit \(Format.setting(equivalence.limit)))  \(verdict)")
    }
}

/// The table of one check, as `check` prints it (CheckTable), on the console.
func printBlocks(_ check: GradientCheck, to console: Console, indent: String) {
    for line in CheckTable.lines(check, indent: indent, style: console.styled) { console.print(line) }
}
