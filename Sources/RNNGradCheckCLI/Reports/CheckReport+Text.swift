import RNNGradCheck

extension CheckReport {
    /// The report a person reads: one table per notation, then the equivalence, then the count.
    func printText(to console: Console) {
        console.print(console.styled("rnn-gradcheck: hand-derived BPTT against numerical gradients", .bold))
        console.print("numerical: \(methodDescription(settings)); an entry passes when its relative error ≤ \(Format.setting(settings.tolerance))")
        for result in results {
            console.print()
            printCase(result, to: console)
        }
        if let equivalence {
            console.print()
            printEquivalence(equivalence, to: console)
        }
        console.print()
        let summary = "\(passed) passed, \(failed) failed"
        console.print(console.styled(summary, failed == 0 ? .green : .red))
    }

    func methodDescription(_ settings: CheckSettings) -> String {
        switch settings.scheme {
        case .central: return "central differences, h = \(Format.setting(settings.step))·max(1,|θ|)"
        case .richardson: return "Richardson-extrapolated central differences, h = \(Format.setting(settings.step))·max(1,|θ|)"
        case .complexStep: return "complex step, h = \(Format.setting(settings.step))"
        }
    }

    private func printCase(_ result: CaseResult, to console: Console) {
        let problemCase = result.problemCase
        let notation = problemCase.notation
        console.print(console.styled("\(notation.rawValue) (\(notation.sources)): \(notation.model(of: problemCase.problem))", .bold))
        let sizes = problemCase.sizes.map { "\($0.name)=\($0.value)" }.joined(separator: " ")
        var truncation = "full BPTT"
        if let tau = problemCase.truncate {
            truncation = problemCase.effectiveTruncation == nil
                ? "\(notation.truncationName) τ=\(tau) ≥ T−1, the same as full BPTT" : "\(notation.truncationName) τ=\(tau)"
        }
        switch result.outcome {
        case .full(let check):
            console.print("\(sizes), \(problemCase.origin), \(truncation), \(notation.lossSymbol) = \(Format.value(check.loss, digits: 17))")
            Self.printBlocks(check, to: console, indent: "  ")
        case .truncated(let check):
            console.print("\(sizes), \(problemCase.origin), \(truncation), \(notation.lossSymbol) = \(Format.value(check.full.loss, digits: 17))")
            let tau = check.truncation
            let L = notation.lossSymbol
            console.print("  full BPTT against ∂\(L)/∂θ:")
            Self.printBlocks(check.full, to: console, indent: "    ")
            console.print("  truncated BPTT (τ=\(tau)) against the truncated objective, Σ_t ∂\(L)_t/∂θ with θ perturbed in steps t−\(tau)…t only:")
            Self.printBlocks(check.truncated, to: console, indent: "    ")
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

    /// The table `check` prints for one check, reused by `check-external`.
    static func printBlocks(_ check: GradientCheck, to console: Console, indent: String) {
        var rows = [["block", "shape", "max rel error", "at", "analytic", "numerical", "norm rel error", "verdict"]]
        for block in check.blocks {
            let worst = block.worstEntry
            rows.append([
                block.symbol, block.shape.description, Format.error(block.maxRelativeError),
                worst.map(block.label(ofEntry:)) ?? "-",
                worst.map { Format.value(block.analytic[$0]) } ?? "-",
                worst.map { Format.value(block.numerical[$0]) } ?? "-",
                Format.error(block.normRelativeError),
                verdictText(block.verdict, console),
            ])
        }
        for (i, line) in Format.table(rows, indent: indent).enumerated() {
            console.print(i == 0 ? console.styled(line, .dim) : line)
        }
        for block in check.blocks {
            if let bad = block.nonFinite {
                console.print("\(indent)\(block.symbol): the \(bad.side.rawValue) gradient has \(Format.value(bad.value)) at \(block.label(ofEntry: bad.entry)): a NaN or an infinity is never a pass")
            } else if block.verdict == .fail {
                console.print("\(indent)\(block.symbol): \(block.entriesOverTolerance) of \(block.shape.count) entries exceed the tolerance")
            }
        }
        if let reexamination = check.reexamination {
            for (index, entries) in reexamination.entries.enumerated() where !entries.isEmpty {
                let screening = reexamination.screening[index]
                let final = check.blocks[index]
                let worstReexamined = entries.map { final.relativeErrors[$0] }.max() ?? 0
                let outcome = worstReexamined <= final.tolerance
                    ? "the complex step agrees with the analytic gradient there (worst \(Format.error(worstReexamined))): the finite difference was inaccurate, not the gradient"
                    : "the complex step disagrees with the analytic gradient there too (worst \(Format.error(worstReexamined)))"
                console.print("\(indent)\(final.symbol): \(entries.count) entries failed under \(check.settings.scheme.rawValue) differences (worst \(Format.error(screening.maxRelativeError)) at \(screening.worstEntry.map(screening.label(ofEntry:)) ?? "-")) and were re-derived by the complex step; \(outcome)")
            }
        }
    }

    private static func verdictText(_ verdict: Verdict, _ console: Console) -> String {
        switch verdict {
        case .pass: return console.styled("PASS", .green)
        case .fail: return console.styled("FAIL", .red)
        case .nonFinite: return console.styled("FAIL (non-finite)", .red)
        }
    }

    private func printEquivalence(_ equivalence: EquivalenceCheck, to console: Console) {
        let verdict = equivalence.passed ? console.styled("PASS", .green) : console.styled("FAIL", .red)
        let pairs = equivalence.pairs.map { "\($0.second)=\($0.first)" }.joined(separator: ", ")
        console.print(console.styled("wildml ≡ denominator-layout", .bold) + " on the same network (\(pairs)):")
        console.print("  loss and gradients agree to \(Format.error(equivalence.largestDifference)) relative (limit \(Format.setting(equivalence.limit)))  \(verdict)")
    }
}
