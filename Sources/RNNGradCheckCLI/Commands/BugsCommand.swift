import RNNGradCheck
import RNNGradCheckKit

/// `rnn-gradcheck bugs`: every catalogued BPTT mistake through the checker, and the correct BPTT on the
/// same networks.
enum BugsCommand {
    static let spec = CommandSpec(
        name: "bugs",
        abstract: "Run every catalogued BPTT bug through the checker and show that each is caught.",
        discussion: """
            The catalog holds realistic mistakes in each notation's BPTT (a forgotten tanh derivative, s_t \
            instead of s_{t−1}, W instead of Wᵀ, python's s[-1] with a T-row state array, a softmax \
            Jacobian reduced to its diagonal, …). Each is a copy of the document's BPTT with one line \
            changed (Sources/RNNGradCheck/Bugs/). Every bug is checked on the classroom network of its \
            notation (the sizes 'check' uses by default): truncated (τ=2) for the off-by-one \
            truncations, with a softmax output for the softmax mistake. A bug is caught when some \
            parameter fails. The correct BPTT is then checked on every network the bugs used.

            The column "first broken step" says where each bug's gradient first parts from the complex \
            step's when both are split by output t and lag τ (step t−τ): lag 0 is the output's own step \
            (the first δ, the output weights), lag 1 the first use of the δ recursion (see 'check --bug ID \
            --attribute'). The bugs of a notation whose code has no truncation (\(TruncationCommand.untruncated)) are \
            placed by output only.

            'rnn-gradcheck gradients --bug ID' prints what one bug computes, for instance as a demo \
            student program for 'check-external'.
            """,
        usage: "rnn-gradcheck bugs [--notation <notation>] [--seed <seed>] [--verbose] [--json]",
        options: [
            OptionSpec.notation(help: "Only the bugs of this notation.", default: "all"),
            OptionSpec("seed", value: "seed", help: "Seed of the classroom networks.", default: "1"),
            OptionSpec("verbose", help: "Also print each bug's mistake and the line it changes."),
            OptionSpec("json", help: "Write the report as JSON."),
        ])

    static func run(_ arguments: ParsedArguments, console: Console) throws(RNNGradCheckError) -> ExitStatus {
        try arguments.noPositionals()
        let seed = try arguments.seed("seed") ?? 1
        let notations = try arguments.notations() ?? NotationRegistry.all
        let run = BugsRun.run(notations: notations, seed: seed)
        if arguments.flag("json") {
            console.write(JSONWriter.write(run.json()))
        } else {
            printText(run, verbose: arguments.flag("verbose"), to: console)
        }
        return run.passed ? .success : .checkFailed
    }

    private static func printText(_ run: BugsRun, verbose: Bool, to console: Console) {
        let (bugs, correct, seed, settings) = (run.bugs, run.correct, run.seed, run.settings)
        console.print(console.styled("rnn-gradcheck bugs: every catalogued BPTT mistake through the checker", .bold))
        console.print("numerical: central differences, h = \(Format.setting(settings.step))·max(1,|θ|); an entry passes when its relative error ≤ \(Format.setting(settings.tolerance))")
        for notation in NotationRegistry.all {
            let results = bugs.filter { $0.bug.notation == notation.name }
            guard let first = results.first else { continue }
            console.print()
            console.print(console.styled("\(notation.name) (\(notation.sources)): classroom network \(first.problemCase.sizesText), seed \(seed)", .bold))
            var rows = [["bug", "network", "caught", "failing", "max rel error", "at", "first broken step"]]
            for result in results {
                let (failing, worst) = BugsRun.summary(result.check)
                rows.append([
                    result.bug.id, result.problemCase.networkLabel,
                    result.caught ? console.styled("caught", .green) : console.styled("MISSED", .red),
                    failing.isEmpty ? "-" : failing.map(\.symbol).joined(separator: ", "),
                    worst.map { Format.error($0.maxRelativeError) } ?? "-",
                    worst.flatMap { w in w.worstEntry.map(w.label(ofEntry:)) } ?? "-",
                    result.firstBrokenStep.map(AnalysisText.firstBrokenStep) ?? (result.attribution == nil ? "not attributed" : "none"),
                ])
            }
            for (i, line) in Format.table(rows).enumerated() {
                console.print(i == 0 ? console.styled(line, .dim) : line)
                if verbose, i > 0 {
                    let bug = results[i - 1].bug
                    console.print("      when \(bug.mistake)")
                    console.print("      \(bug.wrongLine.isEmpty ? "missing line" : "wrong line"): \(bug.wrongLine.isEmpty ? bug.rightLine : bug.wrongLine)")
                    if !bug.wrongLine.isEmpty { console.print("      right line: \(bug.rightLine)") }
                    if let parting = results[i - 1].firstBrokenStep {
                        console.print("      \(AnalysisText.parting(parting, lossSymbol: notation.lossSymbol))")
                        for hint in AnalysisText.hints(parting) { console.print("        \(hint)") }
                    }
                }
            }
        }
        console.print()
        console.print(console.styled("correct implementations on the same networks", .bold))
        var rows = [["notation", "network", "verdict", "max rel error", "at"]]
        for result in correct {
            let (_, worst) = BugsRun.summary(result.check)
            rows.append([
                result.problemCase.notation.name, result.problemCase.networkLabel,
                result.check.passed ? console.styled("PASS", .green) : console.styled("FAIL", .red),
                worst.map { Format.error($0.maxRelativeError) } ?? "-",
                worst.flatMap { w in w.worstEntry.map(w.label(ofEntry:)) } ?? "-",
            ])
        }
        for (i, line) in Format.table(rows).enumerated() { console.print(i == 0 ? console.styled(line, .dim) : line) }
        console.print()
        console.print(console.styled(
            "\(run.caughtCount) of \(bugs.count) bugs caught; \(run.correctPassedCount) of \(correct.count) correct implementations pass",
            run.passed ? .green : .red))
    }
}
