import Foundation
import RNNGradCheck
import RNNGradCheckKit

/// `rnn-gradcheck check-external -- COMMAND [ARGS…]`: another program's BPTT, in any language, against
/// the forward pass and numerical gradients.
enum CheckExternalCommand {
    static let spec = CommandSpec(
        name: "check-external",
        abstract: "Check another program's gradients (any language) against numerical gradients.",
        discussion: """
            For each fixture (the given one, or --count seeded random classroom-size networks of the \
            notation, seeds S, S+1, …), runs COMMAND with the fixture JSON on its standard input and \
            reads the gradients JSON (the README's gradients format) from its standard output. Its \
            loss is compared with the forward pass (relative 1e-9) and its gradients with numerical \
            gradients, as 'check' does (with a truncation, against the truncated objective). A program \
            that crashes, exits with a non-zero status, runs past the timeout, or prints malformed JSON \
            or wrong shapes fails that fixture with a message saying so; it cannot stop the checker.

            With --precision float32 the program is taken to compute in float32: every number of \
            the fixture is rounded to float32 before the program and the checker see it, the loss \
            must agree to 64·ε ≈ 7.6e-6, the gradients' own rounding (16·ε·max|∂E/∂θ|, ε = 2⁻²³) \
            joins the resolution, and the tolerance is 1e-4. The numerical gradient is the \
            package's float64 forward pass either way, so --method and --step have check's meaning.

            A fixture that fails gets the grader's diagnosis, as 'exercise grade' gives it: the \
            program's gradients are compared with the package's BPTT and what the typical mistakes give \
            on the same fixture (transposed, sign flipped, a constant factor, zero rows, clipped, shifted \
            by one time step, truncation ignored or one step off, every catalogued bug).

            A program whose first answer carries "extensions": ["fixture-lines"] is kept running for the \
            other fixtures: one request {"op": "fixture", "fixture": …} per line on its standard \
            input, one answer line each (notes/grading.md). Every other program is started once per \
            fixture, as before.

            --submissions DIR checks every submission in the folder (ID.py, or a folder ID/), with {} \
            in the command standing for its path (-- python3 {}/bptt.py), several at once, and writes \
            a gradebook CSV. --format gradescope writes Gradescope's results.json, --format junit JUnit \
            XML.

            COMMAND is looked up in PATH unless it contains '/'; when it cannot be started (not found, \
            not executable) the exit status is 66. The exit status is 0 only when every fixture passes. \
            Fixtures/examples/ has a numpy program per notation that passes, in float64 and float32.

            An answer may add "per_step": the contribution of each output t at each lag τ (step t−τ), \
            per_step[t][τ] a gradients object. The report then says at which time step a wrong gradient \
            first parts from the complex step's, and which equation that step computes (notes/dynamics.md).
            """,
        usage: "rnn-gradcheck check-external [--notation <notation>] [--fixture <file> | --seed <seed> --count <n>] [--precision <precision>] [--timeout <seconds>] [--format <format>] [--submissions <dir>] -- <command> [<arguments>…]",
        options: [
            OptionSpec.notation(help: "Notation of the random fixtures.", default: NotationRegistry.all[0].name),
            OptionSpec("fixture", value: "file", help: "Give the program this fixture ('-' reads standard input) instead of random ones."),
            OptionSpec("seed", value: "seed", help: "Seed of the first random fixture.", default: "1"),
            OptionSpec("count", value: "n", help: "How many random fixtures (seeds S, S+1, …).", default: "1"),
            OptionSpec("truncate", value: "tau", help: "Truncation of the random fixtures (the fixture's \"truncate\").", default: "full BPTT"),
        ] + OptionSpec.modelOptions.map { OptionSpec($0.option, value: $0.symbol, help: $0.help, default: $0.defaultValue, values: $0.values) } + [
            OptionSpec("precision", value: "precision", help: "The arithmetic of the program: the rounding expected of its loss and gradients, and the tolerance.", default: "float64", values: Precision.allCases.map(\.rawValue)),
            OptionSpec("method", value: "method", help: "Numerical derivative of the forward pass.", default: "central", values: DifferenceScheme.allCases.map(\.rawValue)),
            OptionSpec("step", value: "h", help: "Step h (relative to max(1, |θ|) for the finite differences).", default: "1e-5 central, 1e-3 richardson, 1e-20 complex-step"),
            OptionSpec("tolerance", value: "tol", help: "Largest relative error of a gradient entry that passes.", default: "1e-7 float64, 1e-4 float32"),
            OptionSpec("timeout", value: "seconds", help: "Stop the program after this long on one fixture (SIGTERM, then SIGKILL).", default: "10"),
            OptionSpec("verbose", help: "Print the table of every fixture, not only of failing ones."),
            OptionSpec("submissions", value: "dir", help: "Check every submission in the folder (a file or a folder per student), {} in the command standing for its path; writes a gradebook CSV."),
            .format,
            .points,
            OptionSpec("json", help: "Write the report as JSON (the same as --format json)."),
        ],
        arguments: [("command", "The program to run, after '--', with its arguments.")],
        acceptsTrailingCommand: true)

    static func run(_ arguments: ParsedArguments, console: Console) throws(RNNGradCheckError) -> ExitStatus {
        try arguments.noPositionals()
        guard let trailing = arguments.trailing, let command = trailing.first else {
            throw .usage("missing the program to run: put it after '--', e.g. rnn-gradcheck check-external -- python3 my_bptt.py", command: spec.name)
        }
        let format = try arguments.outputFormat()
        let points = try arguments.points()
        let timeout = try arguments.positiveReal("timeout") ?? 10
        let precision = arguments.string("precision").flatMap(Precision.init(rawValue:)) ?? .float64
        let settings = CheckSettings(
            scheme: arguments.string("method").flatMap(DifferenceScheme.init(rawValue:)) ?? .central,
            step: try arguments.positiveReal("step"), tolerance: try arguments.positiveReal("tolerance") ?? precision.defaultTolerance,
            precision: precision)
        let cases = try fixtures(arguments, precision: precision, console: console).map { ExternalFixture(problemCase: $0.problemCase, bytes: $0.bytes) }
        let environment = console.environment.isEmpty ? ProcessInfo.processInfo.environment : console.environment
        if let directory = arguments.string("submissions") {
            guard trailing.contains(where: { $0.contains("{}") }) else {
                throw .usage("with --submissions, the command needs {} where each submission's path goes, e.g. -- python3 {}/bptt.py", command: spec.name)
            }
            guard format == .text else {
                throw .usage("--submissions writes a gradebook CSV; '--format \(format.rawValue)' is for one program", command: spec.name)
            }
            let submissions = try Submissions.list(directory)
            let book = ExternalGradebook.check(
                submissions, command: trailing, environment: environment, fixtures: cases, timeout: timeout, settings: settings)
            console.write(book.csv())
            let passed = book.rows.filter { $0.run?.passed ?? false }.count
            console.printError(String(
                format: "check-external: %d submissions on %d fixtures each, %d passed every fixture; %.2f s on %d threads",
                book.rows.count, cases.count, passed, book.seconds, book.threads))
            return book.passed ? .success : .checkFailed
        }
        let executable = try ExternalProgram.resolve(command, environment: environment)
        if format == .text { printHeader(trailing, settings: settings, timeout: timeout, to: console) }
        let verbose = arguments.flag("verbose")
        let run = try ExternalCheckRunner.run(
            executable: executable, arguments: Array(trailing.dropFirst()), fixtures: cases, timeout: timeout, settings: settings
        ) { result in
            if format == .text { printResult(result, of: cases.count, verbose: verbose, to: console) }
        }
        switch format {
        case .text:
            console.print()
            if cases.count > 1 { console.print(programText(run)) }
            for warning in run.warnings { console.print(console.styled("warning: \(warning)", .yellow)) }
            console.print(console.styled("\(run.passedCount) of \(run.results.count) fixtures passed", run.passed ? .green : .red))
        case .json:
            console.write(JSONWriter.write(ExternalCheck.report(run, command: trailing, settings: settings, timeout: timeout)))
        case .gradescope, .junit:
            console.write(ExternalCheck.autograderReport(run, command: trailing, points: points), as: format)
        }
        return run.passed ? .success : .checkFailed
    }

    /// "program: started 2 times for 20 fixtures (fixture 1 on its own, fixtures 2–20 by one running
    /// program: fixture-lines), 1.23 s in all".
    static func programText(_ run: ExternalCheckRun) -> String {
        let n = run.results.count
        let how: String
        if let first = run.persistentFrom {
            let last = first + run.persistentCount
            how = last == n
                ? "fixture 1 on its own, fixtures \(first + 1)–\(n) by one running program, \(ExternalCheckRunner.fixtureLines)"
                : "fixture 1 on its own, fixtures \(first + 1)–\(last) by one running program (\(ExternalCheckRunner.fixtureLines)) until it stopped, the others one program each"
        } else {
            how = "one program per fixture"
        }
        return String(format: "program: started %d time%@ for %d fixtures (%@), %.2f s in all", run.starts, run.starts == 1 ? "" : "s", n, how, run.seconds)
    }

    /// The fixtures a command line asks for, with the bytes the program gets.
    private static func fixtures(_ arguments: ParsedArguments, precision: Precision, console: Console) throws(RNNGradCheckError) -> [(problemCase: ProblemCase, bytes: [UInt8])] {
        let cases = try fixtures(arguments, console: console)
        guard precision != .float64 else { return cases }
        // What a float32 program reads: the checker checks the same point.
        return try cases.map { fixture throws(RNNGradCheckError) in
            try ExternalCheck.rounded(fixture.bytes, problemCase: fixture.problemCase, to: precision)
        }
    }

    /// The fixtures as given or generated, with the bytes a float64 program gets.
    private static func fixtures(_ arguments: ParsedArguments, console: Console) throws(RNNGradCheckError) -> [(problemCase: ProblemCase, bytes: [UInt8])] {
        if let path = arguments.string("fixture") {
            try arguments.forbid(
                ["seed", "count", "truncate"] + OptionSpec.modelOptions.map(\.option), with: "fixture",
                because: "the fixture fixes the network, the sequence and the truncation")
            let (bytes, name) = try InputFile.read(path, standardInput: console.readInput)
            let problemCase = try Fixture.decode(bytes, source: name)
            if let wanted = arguments.string("notation"), wanted != problemCase.notation.name {
                throw .usage("--notation \(wanted) does not match the fixture, which is written in \(problemCase.notation.name)", command: spec.name)
            }
            // The program gets the file as it is.
            return [(problemCase, bytes)]
        }
        let notation = try arguments.notation() ?? NotationRegistry.all[0]
        let count = try arguments.integer("count", in: 1...10_000) ?? 1
        let truncation = try arguments.truncation(for: [notation])
        let first = try arguments.randomCases([notation], truncations: [truncation])[0]
        let seed = try arguments.seed("seed") ?? 1
        return (0..<UInt64(count)).map { i in
            var problemCase = first
            if i > 0 {
                problemCase = .random(
                    notation, sizes: Dictionary(uniqueKeysWithValues: first.sizes.map { ($0.name, $0.value) }), seed: seed &+ i,
                    truncation: truncation, options: first.problem.modelOptions)
            }
            let description = "rnn-gradcheck check-external: \(notation.name), \(problemCase.origin)"
            return (problemCase, Array(JSONWriter.write(Fixture.encode(problemCase, description: description)).utf8))
        }
    }

    // MARK: - Text

    private static func printHeader(_ command: [String], settings: CheckSettings, timeout: Double, to console: Console) {
        console.print(console.styled("rnn-gradcheck check-external: \(command.map(shellQuoted).joined(separator: " "))", .bold))
        console.print("each fixture goes to the program's standard input; its standard output must be the gradients JSON (timeout \(String(format: "%g", timeout)) s)")
        let precision = settings.precision == .float64 ? "" : " (\(settings.precision.rawValue): the fixture rounded to \(settings.precision.rawValue), the gradients' rounding 16·ε·max|∂E/∂θ| in the resolution)"
        console.print("loss: relative error ≤ \(settings.precision == .float64 ? Format.setting(ExternalCheck.lossTolerance) : Format.error(ExternalCheck.lossTolerance(settings.precision))) from the forward pass; gradients: \(CheckTable.methodDescription(settings)), relative error ≤ \(Format.setting(settings.tolerance))\(precision)")
    }

    /// A word as a shell would need it: `'sleep 30'`.
    static func shellQuoted(_ word: String) -> String {
        let plain = word.allSatisfy { $0.isLetter || $0.isNumber || "-_./=:,+@%".contains($0) }
        return plain && !word.isEmpty ? word : "'" + word.replacingOccurrences(of: "'", with: #"'\''"#) + "'"
    }

    /// How the program ended, in words.
    static func ending(_ run: ExternalRun) -> String {
        let time = String(format: "%.2f s", run.seconds)
        if run.persistent { return "answered by the running program in \(time)" }
        if run.timedOut { return "stopped at the timeout after \(time)" }
        switch run.ending {
        case .exited(let status)?: return "exited with status \(status) after \(time)"
        case .signalled(let signal)?: return "killed by signal \(signal) (\(ExternalProgram.signalName(signal))) after \(time)"
        case nil: return "still running after \(time)"
        }
    }

    private static func printResult(_ result: ExternalCheck.FixtureResult, of count: Int, verbose: Bool, to console: Console) {
        let problemCase = result.problemCase
        let notation = problemCase.notation
        let title = "fixture \(result.index + 1) of \(count): \(notation.name) \(problemCase.sizesText), \(problemCase.origin), \(problemCase.networkLabel)"
        let verdict = result.passed ? console.styled("PASS", .green) : console.styled("FAIL", .red)
        // A passing fixture among many gets one line; a failing one (or a single one) the whole report.
        if result.passed && count > 1 && !verbose, let loss = result.loss, let check = result.check {
            let blocks = check.blocks.map { "\($0.symbol) \(Format.error($0.maxRelativeError))" }.joined(separator: ", ")
            console.print("\(title): \(verdict)  loss \(Format.error(loss.relativeError)); \(blocks)")
            for warning in result.warnings { console.print("  " + console.styled("warning: \(warning)", .yellow)) }
            return
        }
        console.print()
        console.print(console.styled(title, .bold))
        console.print("  program: \(ending(result.run))")
        let errorLines = result.run.errorLines(last: 5)
        if !errorLines.isEmpty && !result.passed {
            console.print("  standard error (last lines):")
            for line in errorLines { console.print("    | \(line)") }
        }
        for warning in result.warnings { console.print("  " + console.styled("warning: \(warning)", .yellow)) }
        if let failure = result.failure {
            console.print("  \(verdict): \(failure)")
            return
        }
        if let loss = result.loss {
            let lossVerdict = loss.passed ? console.styled("PASS", .green) : console.styled("FAIL", .red)
            console.print("  loss \(notation.lossSymbol): reported \(Format.value(loss.reported, digits: 17)), forward pass \(Format.value(loss.expected, digits: 17)): relative error \(Format.error(loss.relativeError))  \(lossVerdict)")
        }
        if let check = result.check {
            printBlocks(check, to: console, indent: "  ")
        }
        printAttribution(result, verbose: verbose, to: console)
        var reasons: [String] = []
        if let loss = result.loss, !loss.passed { reasons.append("the loss differs from the forward pass") }
        if let check = result.check, !check.passed {
            let failing = check.blocks.filter { $0.verdict != .pass }.map(\.symbol)
            reasons.append("the gradient\(failing.count == 1 ? "" : "s") of \(failing.joined(separator: ", ")) differ\(failing.count == 1 ? "s" : "") from the numerical gradient")
        }
        console.print(result.passed ? "  \(verdict)" : "  \(verdict): \(reasons.joined(separator: "; "))")
        let feedback = result.feedbackLines
        if !feedback.isEmpty {
            console.print("  diagnosis (the grader's, against the package's BPTT on this fixture):")
            for line in feedback {
                for (i, part) in Format.wrap(line, width: 94).enumerated() { console.print((i == 0 ? "    " : "      ") + part) }
            }
        }
    }

    /// Where a failing answer goes wrong, from its "per_step", or what "per_step" would show.
    private static func printAttribution(_ result: ExternalCheck.FixtureResult, verbose: Bool, to console: Console) {
        let L = result.problemCase.notation.lossSymbol
        if let attribution = result.attribution, !result.passed || verbose {
            console.print("  where the gradient goes wrong: \(AnalysisText.reportedAttributionMethod(attribution, lossSymbol: L))")
            console.printTable(AnalysisText.attributionTable(attribution), indent: "    ")
            if let parting = attribution.firstParting {
                console.print("  " + console.styled(AnalysisText.parting(parting, lossSymbol: L), .red))
                for hint in AnalysisText.hints(parting) { console.print("    \(hint)") }
            } else {
                console.print("  every \(attribution.resolution == .lags ? "output and lag" : "output") of per_step agrees")
            }
        }
        if let note = result.attributionNote, !result.passed || result.attribution != nil {
            console.print("  attribution: \(note)")
        }
    }
}
