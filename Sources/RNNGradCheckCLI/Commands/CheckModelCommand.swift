import Foundation
import RNNGradCheck
import RNNGradCheckKit

/// `rnn-gradcheck check-model -- COMMAND [ARGS…]`: any model in any language, through a JSON Lines
/// protocol; the program owns its model and data, rnn-gradcheck the perturbations.
enum CheckModelCommand {
    static let spec = CommandSpec(
        name: "check-model",
        abstract: "Check any model's gradients (any language, float64 or float32) by perturbing its parameters.",
        discussion: """
            Starts COMMAND once and talks to it in JSON Lines: one request per line on its standard \
            input, exactly one answer per line on its standard output (flushed). {"op": "parameters"} \
            → {"parameters": {NAME: VALUE, …}} (the point; VALUE a number or nested arrays of any \
            depth; not sent with --parameters); {"op": "gradients", "parameters": {…}} → {"loss": L, \
            "gradients": {same names and shapes}}; {"op": "loss", "parameters": {…}} → {"loss": L}. \
            Every number sent reads back to the same double. At the end its standard input is closed \
            and it must exit. Debug output belongs on standard error, which the report shows when \
            something fails.

            The step and the resolution follow from the declared precision and the loss noise \
            measured at the point (at least 19 loss requests: repeats, every entry moved by ±1…3 \
            ulps, and ±1…5 steps along a random direction at the scale of the step): h = ν^(1/3) for \
            central differences (4h for Richardson), ν the noise relative to max(1, |L|); an entry \
            passes when |analytic − numerical| ≤ max(tolerance·max(|analytic|, |numerical|), R), \
            R = 4·noise/h. An entry that fails is derived again by the other scheme; it is wrong only \
            when the two agree with each other and not with the program, and numerically unresolved \
            when they disagree (notes/check-model.md).

            A program that computes one of the notations may say so: its answer to {"op": \
            "parameters"} may carry "fixture": {"notation": …, "inputs": …, "targets": …} (a fixture \
            without its parameters, which are the answer's). When a gradient fails, the grader's \
            diagnosis then names the mistake, as 'exercise grade' and 'check-external' do. --format \
            gradescope writes Gradescope's results.json, --format junit JUnit XML.

            Exit status: 0 every gradient agrees; 1 a gradient is wrong or unresolved, or the program \
            failed (exited, hung past --timeout, printed a line that is not JSON, answered with \
            missing or extra names, wrong shapes or a non-finite loss); 66 COMMAND cannot be started.
            """,
        usage: "rnn-gradcheck check-model [--parameters <file>] [--precision <precision>] [--method <method>] [--entries <all|n>] [<options>] -- <command> [<arguments>…]",
        options: [
            OptionSpec("parameters", value: "file", help: "The point to check: {NAME: VALUE, …} as in the program's answer ('-' reads standard input); {\"op\": \"parameters\"} is not sent.", default: "ask the program"),
            OptionSpec("precision", value: "precision", help: "The arithmetic of the program's loss and gradients: sets the rounding expected, the tolerance, and (float32) rounds every point sent to float32.", default: "float64", values: Precision.allCases.map(\.rawValue)),
            OptionSpec("method", value: "method", help: "The first numerical oracle (the other one re-derives failing entries; no complex step: a program's loss is real).", default: "central", values: [DifferenceScheme.central.rawValue, DifferenceScheme.richardson.rawValue]),
            OptionSpec("step", value: "h", help: "Step h, relative to max(1, |θ|).", default: "from the measured noise"),
            OptionSpec("tolerance", value: "tol", help: "Largest relative error that passes.", default: "1e-7 float64, 1e-4 float32"),
            OptionSpec("entries", value: "all|n", help: "Check every entry, or n random entries per parameter plus the derivative along one random direction through all of them.", default: "all"),
            OptionSpec("seed", value: "seed", help: "Seed of the random entries and direction.", default: "1"),
            OptionSpec("timeout", value: "seconds", help: "Stop the program when one request takes longer (SIGTERM, then SIGKILL).", default: "10"),
            .format,
            .points,
            OptionSpec("json", help: "Write the report as JSON (schema \(ExternalModelCheck.schema)); the same as --format json."),
        ],
        arguments: [("command", "The program to run, after '--', with its arguments.")],
        acceptsTrailingCommand: true)

    static func run(_ arguments: ParsedArguments, console: Console) throws(RNNGradCheckError) -> ExitStatus {
        try arguments.noPositionals()
        guard let trailing = arguments.trailing, let command = trailing.first else {
            throw .usage("missing the program to run: put it after '--', e.g. rnn-gradcheck check-model -- python3 my_model.py", command: spec.name)
        }
        let precision = arguments.string("precision").flatMap(Precision.init(rawValue:)) ?? .float64
        let step = try arguments.positiveReal("step")
        if let step, step < 16 * precision.epsilon || step > 1 {
            throw .usage(
                "--step \(arguments.string("step")!) is outside 16·ε … 1 for \(precision.rawValue) (ε = \(Format.error(precision.epsilon))): θ ± h would round to θ, or move far from it",
                command: spec.name)
        }
        var entriesPerBlock: Int?
        if let text = arguments.string("entries"), text != "all" {
            guard let n = Int(text), n >= 1 else {
                throw .usage("the value '\(text)' is invalid for '--entries <all|n>': expected all or an integer ≥ 1", command: spec.name)
            }
            entriesPerBlock = n
        } else if arguments.has("seed") {
            throw .usage("'--seed' chooses random entries: it needs '--entries <n>'", command: spec.name)
        }
        let options = ExternalModelCheckOptions(
            scheme: arguments.string("method").flatMap(DifferenceScheme.init(rawValue:)) ?? .central,
            step: step, tolerance: try arguments.positiveReal("tolerance"), precision: precision,
            entriesPerBlock: entriesPerBlock, seed: try arguments.seed("seed") ?? 1,
            timeout: try arguments.positiveReal("timeout") ?? 10)
        var parametersFile: (blocks: [NamedBlock], name: String)?
        if let path = arguments.string("parameters") {
            let (bytes, name) = try InputFile.read(path, standardInput: console.readInput)
            parametersFile = (try ExternalModelParameters.read(bytes, source: name, precision: precision), name)
        }
        let environment = console.environment.isEmpty ? ProcessInfo.processInfo.environment : console.environment
        let executable = try ExternalProgram.resolve(command, environment: environment)
        let format = try arguments.outputFormat()
        let points = try arguments.points()
        if format == .text { printHeader(trailing, options: options, to: console) }

        let result = try ExternalModelCheck.run(executable: executable, command: trailing, options: options, parametersFile: parametersFile)
        switch format {
        case .text: printReport(result, to: console)
        case .json: console.write(JSONWriter.write(result.json()))
        case .gradescope, .junit: console.write(result.autograderReport(points: points), as: format)
        }
        return result.passed ? .success : .checkFailed
    }

    // MARK: - Text

    private static func printHeader(_ command: [String], options: ExternalModelCheckOptions, to console: Console) {
        console.print(console.styled("rnn-gradcheck check-model: \(command.map(CheckExternalCommand.shellQuoted).joined(separator: " "))", .bold))
        console.print("protocol: JSON Lines on the program's standard input and output, one answer per request (timeout \(String(format: "%g", options.timeout)) s per request)")
    }

    static func printReport(_ result: ExternalModelCheck, to console: Console) {
        let precision = result.options.precision
        if !result.parameters.isEmpty {
            let origin: String
            switch result.pointSource {
            case .program: origin = "the program's parameters"
            case .file(let name): origin = "the parameters in \(name)"
            }
            let shapes = result.parameters.map { "\($0.key) \($0.shape)" }.joined(separator: ", ")
            console.print("point: \(origin), \(result.parameters.count) parameter\(result.parameters.count == 1 ? "" : "s"), \(result.totalEntries) entries (\(shapes))")
            if result.roundedEntries > 0 {
                console.print("  \(result.roundedEntries) entries rounded to \(precision.rawValue): every point sent is one a \(precision.rawValue) program reads exactly")
            }
        }
        if !result.extensions.isEmpty {
            console.print("extensions advertised: \(result.extensions.joined(separator: ", ")) (none is used: the three ops suffice)")
        }
        if let noise = result.noise, let rule = result.rule {
            let agree = result.lossAgrees == true
            let lossLine = "loss: L = \(Format.value(noise.loss, digits: 17)) (loss answer); gradients answer \(Format.value(result.gradientLoss ?? .nan, digits: 17))"
            console.print(lossLine + (agree ? "" : "  " + console.styled("FAIL", .red)))
            console.print("\(precision.rawValue) (ε = \(Format.error(precision.epsilon))): \(noiseText(noise)); noise = \(Format.error(noise.noise))")
            let stepOrigin = rule.stepGiven ? "--step" : "ν^(1/3), ν = noise/max(1,|L|) = \(Format.error(noise.noise / max(1, abs(noise.loss))))"
            console.print("numerical: \(schemeText(rule.scheme, rule.step)) (\(rule.scheme == .richardson && !rule.stepGiven ? "4·" : "")\(stepOrigin)); second oracle for failing entries: \(schemeText(rule.secondScheme, rule.secondStep))")
            console.print("an entry passes when |analytic − numerical| ≤ max(\(Format.setting(rule.tolerance))·max(|analytic|,|numerical|), R), R = \(String(format: "%g", NoiseRule.roundingUnits))·noise/h ≈ \(Format.error(rule.typicalResolution)) for |θ| ≤ 1 (\(noiseWords(result)))")
        }
        if let check = result.check {
            printBlocks(check, to: console, indent: "  ")
            printDisagreements(result, check: check, to: console)
            if let sample = result.sample {
                console.print("  checked: \(result.checkedEntries) of \(result.totalEntries) entries (\(sample.perBlock) random per parameter, seed \(sample.seed)) and the derivative along one random direction through all of them")
            } else {
                console.print(result.totalEntries == 1 ? "  checked: the one entry" : "  checked: all \(result.totalEntries) entries")
            }
            if let directional = result.directional {
                printDirectional(directional, to: console)
            }
            if let notation = result.notationCase {
                let agrees = result.notationLossAgrees == true
                console.print("  notation: the program's fixture is \(notation.notation.name) \(notation.sizesText), \(notation.networkLabel); its loss \(agrees ? "agrees with" : "differs from") the notation's forward pass (\(Format.value(notation.problem.loss(), digits: 17)))\(agrees ? "" : ": no diagnosis")")
            }
            let feedback = result.feedbackLines
            if !feedback.isEmpty {
                console.print("  diagnosis (the grader's, against the \(result.notationCase?.notation.name ?? "") BPTT on the program's fixture):")
                for line in feedback {
                    for (i, part) in Format.wrap(line, width: 94).enumerated() { console.print((i == 0 ? "    " : "      ") + part) }
                }
            }
        }
        if !result.passed {
            let lines = result.program.errorTail
            if !lines.isEmpty {
                console.print("  standard error (last lines):")
                for line in lines { console.print("    | \(line)") }
            }
        }
        console.print(programText(result.program))
        console.print()
        console.print(verdictText(result, console: console))
    }

    /// "loss noise: 3 evaluations at the point identical; σ = 5.6e-08 (±1…3 ulps), 4.1e-08 (along a line)…".
    private static func noiseText(_ noise: LossNoise) -> String {
        let repeats = noise.repeatSpread == 0
            ? "\(LossNoise.repeatCount + 1) evaluations at the point identical"
            : "\(LossNoise.repeatCount + 1) evaluations at the point spread over \(Format.error(noise.repeatSpread)) (the program is not deterministic)"
        let line = noise.lineProbes.map { "\(Format.error($0.sigma(at: noise.loss))) (steps of \(Format.error($0.spacing)))" }.joined(separator: ", then ")
        let sigmas = "σ = \(Format.error(noise.ulpSigma)) with every entry moved by ±1…3 ulps, \(line) along a random direction"
        var smoothness = noise.smooth ? "" : "; the residuals along the line grow with the spacing, so the loss is not smooth near the point (a kink or a jump): they are not taken for noise"
        if noise.flat {
            smoothness += "; the loss did not change at all along the line, up to steps of \(Format.error(noise.lineSpacing)): it is constant there, or printed with too few digits for any step to resolve"
        }
        let source: String
        switch noise.noiseSource {
        case .floor: source = "all below ε·max(1,|L|) = \(Format.error(noise.floor)), which is used"
        case .ulps: source = "the ulp σ is used"
        case .line: source = "the line σ is used: the loss is noisier than its rounding"
        case .repeats: source = "the spread is used"
        }
        return "loss noise: \(repeats); \(sigmas)\(smoothness); \(source)"
    }

    private static func schemeText(_ scheme: DifferenceScheme, _ step: Double) -> String {
        "\(scheme == .richardson ? "Richardson extrapolation" : "central differences"), h = \(Format.setting(step))·max(1,|θ|)"
    }

    /// The entries both oracles call wrong, and those they disagree about.
    private static func printDisagreements(_ result: ExternalModelCheck, check: GradientCheck, to console: Console) {
        let agreements = check.oracleAgreements.filter { $0.outcome != .firstOracleInaccurate }
        for index in check.blocks.indices {
            let block = check.blocks[index]
            let mine = agreements.filter { $0.block == index }.sorted {
                abs($0.analytic - $0.second) > abs($1.analytic - $1.second)
            }
            for agreement in mine.prefix(3) {
                let label = block.label(ofEntry: agreement.entry)
                let first = check.settings.scheme == .richardson ? "Richardson" : "central"
                let second = first == "central" ? "Richardson" : "central"
                let values = "\(first) \(Format.value(agreement.first)), \(second) \(Format.value(agreement.second)), analytic \(Format.value(agreement.analytic))"
                switch agreement.outcome {
                case .wrong:
                    let difference = abs(agreement.analytic - agreement.second)
                    console.print("  \(label): \(values): both oracles agree and the analytic value is off by \(Format.error(difference)), \(times(difference / agreement.secondResolution)) what \(noiseWords(result)) can explain (R = \(Format.error(agreement.secondResolution)))")
                case .unresolved:
                    console.print("  \(label): numerically unresolved: \(values); the two oracles disagree by \(Format.error(abs(agreement.first - agreement.second))), more than their resolutions (\(Format.error(agreement.firstResolution)) + \(Format.error(agreement.secondResolution))): try another --step or --method")
                case .firstOracleInaccurate:
                    break
                }
            }
            if mine.count > 3 { console.print("  \(block.symbol): \(mine.count - 3) more such entries") }
        }
    }

    private static func printDirectional(_ outcome: DirectionalOutcome, to console: Console) {
        let final = outcome.second ?? outcome.first
        let error = final.relativeError(tolerance: outcome.tolerance)
        let verdict = CheckTable.verdictText(outcome.verdict == .pass ? .pass : outcome.verdict == .nonFinite ? .nonFinite : .fail, console.styled)
        var line = "  along the direction: ∇L·d at θ ± t·d, t = \(Format.error(final.length)) (\(final.scheme.oracleName)): analytic \(Format.value(final.analytic)), numerical \(Format.value(final.numerical)), relative error \(Format.error(error))  \(verdict)"
        if outcome.verdict == .unresolved { line += " (unresolved: the two oracles disagree)" }
        console.print(line)
        if let second = outcome.second, outcome.agreement == .firstOracleInaccurate {
            console.print("    the first oracle gave \(Format.value(outcome.first.numerical)); \(second.scheme.oracleName) agrees with the gradient")
        }
    }

    /// What R stands for: "float32 rounding" when the noise is one rounding of the loss, "the loss's
    /// noise" when a measurement found more.
    private static func noiseWords(_ result: ExternalModelCheck) -> String {
        guard let noise = result.noise, noise.noiseSource != .floor else { return "\(result.options.precision.rawValue) rounding" }
        return "the loss's noise"
    }

    /// "0.24", "2.2e-04".
    private static func fraction(_ x: Double) -> String { x >= 0.01 ? String(format: "%.2f", x) : Format.error(x) }

    /// "3.5×", "2.5e+08×".
    private static func times(_ ratio: Double) -> String {
        guard ratio.isFinite else { return "far more than" }
        return ratio < 1000 ? String(format: "%.1f×", ratio) : Format.error(ratio) + "×"
    }

    private static func programText(_ program: ProgramSummary) -> String {
        let ops = ["parameters", "gradients", "loss"].compactMap { op in program.answered[op].map { "\(op) \($0)" } }.joined(separator: ", ")
        let ending: String
        switch program.ending {
        case .exited(let status): ending = "exited with status \(status)"
        case .signalled(let signal): ending = "killed by signal \(signal) (\(ExternalProgram.signalName(signal)))"
        case .unknown: ending = "could not be waited for"
        }
        var timing = ""
        if program.requests > 0 { timing += String(format: ": the first answer after %.2f s", program.firstRequestSeconds) }
        if program.requests > 1 { timing += String(format: ", then %.2f ms per request", program.secondsPerRequest * 1e3) }
        return "program: \(program.requests) request\(program.requests == 1 ? "" : "s") (\(ops.isEmpty ? "none answered" : ops)) in \(String(format: "%.2f", program.totalSeconds)) s\(timing); \(ending)"
    }

    private static func verdictText(_ result: ExternalModelCheck, console: Console) -> String {
        if let failure = result.failure {
            return console.styled("FAIL: ", .red) + failure.message
        }
        if result.passed, let check = result.check {
            let worst = check.blocks.compactMap { block in block.worstEntry.map { (block, $0) } }.max {
                $0.0.relativeErrors[$0.1] < $1.0.relativeErrors[$1.1]
            }
            let worstText = worst.map { block, entry in
                "; the worst entry, \(block.label(ofEntry: entry)), uses \(fraction(block.relativeErrors[entry] / block.tolerance)) of what is allowed"
            } ?? ""
            return console.styled("PASS", .green) + ": every gradient agrees with the numerical one within the tolerance and \(noiseWords(result))" + worstText
        }
        var reasons: [String] = []
        if result.lossAgrees == false {
            reasons.append("the gradients answer and the loss answer give different losses at the same point")
        }
        let verdicts = result.blockVerdicts
        let wrong = result.check.map { check in check.blocks.indices.filter { verdicts[$0] == .fail }.map { check.blocks[$0].symbol } } ?? []
        let nonFinite = result.check.map { check in check.blocks.indices.filter { verdicts[$0] == .nonFinite }.map { check.blocks[$0].symbol } } ?? []
        let unresolved = result.check.map { check in check.blocks.indices.filter { verdicts[$0] == .unresolved }.map { check.blocks[$0].symbol } } ?? []
        if !wrong.isEmpty {
            reasons.append("the gradient\(wrong.count == 1 ? "" : "s") of \(wrong.joined(separator: ", ")) differ\(wrong.count == 1 ? "s" : "") from the numerical one by more than \(noiseWords(result)) can explain")
        }
        if !nonFinite.isEmpty { reasons.append("\(nonFinite.joined(separator: ", ")) \(nonFinite.count == 1 ? "has" : "have") a NaN or an infinity") }
        if !unresolved.isEmpty { reasons.append("\(unresolved.joined(separator: ", ")) \(unresolved.count == 1 ? "is" : "are") numerically unresolved") }
        if let directional = result.directional, directional.verdict != .pass {
            reasons.append(directional.verdict == .unresolved ? "the derivative along the direction is unresolved" : "the derivative along the random direction differs")
        }
        return console.styled(result.failed ? "FAIL" : "UNRESOLVED", result.failed ? .red : .yellow) + ": " + reasons.joined(separator: "; ")
    }
}
