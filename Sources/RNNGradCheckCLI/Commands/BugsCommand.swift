import RNNGradCheck

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
            notation (K=8, H=4, T=6; index-wise N=3, M=4, O=2, T=6): truncated (τ=2) for the off-by-one \
            truncations, with a softmax output for the softmax mistake. A bug is caught when some \
            parameter fails. The correct BPTT is then checked on every network the bugs used.

            'rnn-gradcheck gradients --bug ID' prints what one bug computes, for instance as a demo \
            student program for 'check-external'.
            """,
        usage: "rnn-gradcheck bugs [--notation <notation>] [--seed <seed>] [--verbose] [--json]",
        options: [
            OptionSpec("notation", value: "notation", help: "Only the bugs of this notation.", default: "all three", values: Notation.allCases.map(\.rawValue)),
            OptionSpec("seed", value: "seed", help: "Seed of the classroom networks.", default: "1"),
            OptionSpec("verbose", help: "Also print each bug's mistake and the line it changes."),
            OptionSpec("json", help: "Write the report as JSON."),
        ])

    struct BugResult {
        let bug: CatalogBug
        let problemCase: ProblemCase
        let check: GradientCheck
        var caught: Bool { !check.passed }
    }

    struct CorrectResult {
        let problemCase: ProblemCase
        let check: GradientCheck
    }

    static func run(_ arguments: ParsedArguments, console: Console) throws(CLIError) -> ExitStatus {
        try arguments.noPositionals()
        let seed = try arguments.seed("seed") ?? 1
        let notations = arguments.string("notation").flatMap(Notation.init(rawValue:)).map { [$0] } ?? Notation.allCases
        let settings = CheckSettings()
        var bugs: [BugResult] = []
        var correct: [CorrectResult] = []
        for notation in notations {
            var networks: [String] = []
            for bug in CatalogBug.all where bug.notation == notation {
                let problemCase = bug.classroomCase(seed)
                guard let check = bug.check(problemCase.problem, settings) else { continue }
                bugs.append(BugResult(bug: bug, problemCase: problemCase, check: check))
                // The correct BPTT on every distinct network the bugs used.
                if !networks.contains(problemCase.networkLabel) {
                    networks.append(problemCase.networkLabel)
                    correct.append(CorrectResult(problemCase: problemCase, check: problemCase.problem.checkOwnBPTT(settings: settings)))
                }
            }
        }
        let caught = bugs.filter(\.caught).count
        let passing = correct.filter(\.check.passed).count
        if arguments.flag("json") {
            console.write(JSONWriter.write(json(bugs: bugs, correct: correct, seed: seed, settings: settings)))
        } else {
            printText(bugs: bugs, correct: correct, seed: seed, settings: settings, verbose: arguments.flag("verbose"), to: console)
        }
        return caught == bugs.count && passing == correct.count ? .success : .checkFailed
    }

    /// The failing parameters of a check, its largest relative error and where.
    static func summary(_ check: GradientCheck) -> (failing: [BlockComparison], worst: BlockComparison?) {
        let failing = check.blocks.filter { $0.verdict != .pass }
        // A NaN error counts as the largest.
        func size(_ block: BlockComparison) -> Double { block.maxRelativeError.isNaN ? .infinity : block.maxRelativeError }
        let worst = check.blocks.max { size($0) < size($1) }
        return (failing, worst)
    }

    private static func printText(
        bugs: [BugResult], correct: [CorrectResult], seed: UInt64, settings: CheckSettings, verbose: Bool, to console: Console
    ) {
        console.print(console.styled("rnn-gradcheck bugs: every catalogued BPTT mistake through the checker", .bold))
        console.print("numerical: central differences, h = \(Format.setting(settings.step))·max(1,|θ|); an entry passes when its relative error ≤ \(Format.setting(settings.tolerance))")
        for notation in Notation.allCases {
            let results = bugs.filter { $0.bug.notation == notation }
            guard let first = results.first else { continue }
            console.print()
            let sizes = first.problemCase.sizes.map { "\($0.name)=\($0.value)" }.joined(separator: " ")
            console.print(console.styled("\(notation.rawValue) (\(notation.sources)): classroom network \(sizes), seed \(seed)", .bold))
            var rows = [["bug", "network", "caught", "failing", "max rel error", "at"]]
            for result in results {
                let (failing, worst) = summary(result.check)
                rows.append([
                    result.bug.id, result.problemCase.networkLabel,
                    result.caught ? console.styled("caught", .green) : console.styled("MISSED", .red),
                    failing.isEmpty ? "-" : failing.map(\.symbol).joined(separator: ", "),
                    worst.map { Format.error($0.maxRelativeError) } ?? "-",
                    worst.flatMap { w in w.worstEntry.map(w.label(ofEntry:)) } ?? "-",
                ])
            }
            for (i, line) in Format.table(rows).enumerated() {
                console.print(i == 0 ? console.styled(line, .dim) : line)
                if verbose, i > 0 {
                    let bug = results[i - 1].bug
                    console.print("      when \(bug.mistake)")
                    console.print("      \(bug.wrongLine.isEmpty ? "missing line" : "wrong line"): \(bug.wrongLine.isEmpty ? bug.rightLine : bug.wrongLine)")
                    if !bug.wrongLine.isEmpty { console.print("      right line: \(bug.rightLine)") }
                }
            }
        }
        console.print()
        console.print(console.styled("correct implementations on the same networks", .bold))
        var rows = [["notation", "network", "verdict", "max rel error", "at"]]
        for result in correct {
            let (_, worst) = summary(result.check)
            rows.append([
                result.problemCase.notation.rawValue, result.problemCase.networkLabel,
                result.check.passed ? console.styled("PASS", .green) : console.styled("FAIL", .red),
                worst.map { Format.error($0.maxRelativeError) } ?? "-",
                worst.flatMap { w in w.worstEntry.map(w.label(ofEntry:)) } ?? "-",
            ])
        }
        for (i, line) in Format.table(rows).enumerated() { console.print(i == 0 ? console.styled(line, .dim) : line) }
        console.print()
        let caught = bugs.filter(\.caught).count
        let passing = correct.filter(\.check.passed).count
        let allGood = caught == bugs.count && passing == correct.count
        console.print(console.styled(
            "\(caught) of \(bugs.count) bugs caught; \(passing) of \(correct.count) correct implementations pass", allGood ? .green : .red))
    }

    private static func json(bugs: [BugResult], correct: [CorrectResult], seed: UInt64, settings: CheckSettings) -> JSONValue {
        func worstJSON(_ check: GradientCheck) -> [(key: String, value: JSONValue)] {
            let (_, worst) = summary(check)
            return [
                ("max_relative_error", worst.map { .number($0.maxRelativeError) } ?? .null),
                ("at", worst.flatMap { w in w.worstEntry.map { .string(w.label(ofEntry: $0)) } } ?? .null),
            ]
        }
        let bugMembers: [JSONValue] = bugs.map { result in
            let bug = result.bug
            var members: [(key: String, value: JSONValue)] = [
                ("id", .string(bug.id)),
                ("notation", .string(bug.notation.rawValue)),
                ("title", .string(bug.title)),
                ("mistake", .string(bug.mistake)),
                ("wrong_line", .string(bug.wrongLine)),
                ("right_line", .string(bug.rightLine)),
                ("network", .string(result.problemCase.networkLabel)),
                ("caught", .bool(result.caught)),
                ("failing", .array(summary(result.check).failing.map { .string($0.key) })),
            ]
            members += worstJSON(result.check)
            members.append(("blocks", CheckReport.json(result.check)))
            return .object(members)
        }
        let correctMembers: [JSONValue] = correct.map { result in
            .object([
                ("notation", .string(result.problemCase.notation.rawValue)),
                ("network", .string(result.problemCase.networkLabel)),
                ("passed", .bool(result.check.passed)),
            ] + worstJSON(result.check))
        }
        return .object([
            ("settings", CheckReport.json(settings)),
            ("seed", .number(Double(seed), literal: String(seed))),
            ("bugs", .array(bugMembers)),
            ("correct", .array(correctMembers)),
            ("caught", .integer(bugs.filter(\.caught).count)),
            ("bug_count", .integer(bugs.count)),
            ("correct_passed", .integer(correct.filter(\.check.passed).count)),
            ("correct_count", .integer(correct.count)),
        ])
    }
}
