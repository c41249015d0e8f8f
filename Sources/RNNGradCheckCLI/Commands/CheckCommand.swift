import RNNGradCheck

/// `rnn-gradcheck check` (and `rnn-gradcheck` with no arguments): hand-derived BPTT against numerical
/// gradients, for one notation or all three, on a seeded random network or a fixture.
enum CheckCommand {
    static let spec = CommandSpec(
        name: "check",
        abstract: "Check hand-derived BPTT gradients against numerical gradients.",
        discussion: """
            Without --fixture, checks a seeded random network in each selected notation (all three by \
            default) and, for wildml and denominator-layout, that the two notations agree on the same \
            network. Sizes: K (--vocabulary), H (--hidden), T (--steps) for wildml and \
            denominator-layout; N (--inputs), M (--hidden), O (--outputs), T (--steps) for index-wise.

            An entry passes when |analytic − numerical| ≤ tolerance·max(|analytic|, |numerical|, floor); \
            the floor makes entries whose true gradient is ~0 compare in absolute terms, within the \
            rounding of the numerical derivative (notes/gradient-checking.md). Entries that fail under a \
            finite difference are derived again by the complex step, which has no truncation error; \
            the report says so when it happens.

            With --truncate τ, truncated BPTT is not the gradient of E: the report shows how far it is \
            from ∂E/∂θ (the deviation truncation causes) and checks it against the numerical gradient \
            of the truncated objective, where output t sees a perturbation only through steps t−τ…t.
            """,
        usage: "rnn-gradcheck check [--notation <notation>] [--fixture <file>] [--seed <seed>] [<sizes>] [--truncate <tau>] [--method <method>] [--json]",
        options: [
            OptionSpec("notation", value: "notation", help: "The notation to check.", default: "all three", values: Notation.allCases.map(\.rawValue)),
            OptionSpec("fixture", value: "file", help: "Check the network and sequence in a fixture file ('-' reads standard input) instead of a random one."),
            OptionSpec("seed", value: "seed", help: "Seed of the random network and sequence.", default: "1"),
        ] + OptionSpec.randomNetwork + [
            OptionSpec("truncate", value: "tau", help: "Truncate BPTT: the error of output t reaches steps t−τ…t (overrides a fixture's).", default: "full BPTT"),
            OptionSpec("method", value: "method", help: "Numerical derivative.", default: "central", values: DifferenceScheme.allCases.map(\.rawValue)),
            OptionSpec("step", value: "h", help: "Step h (relative to max(1, |θ|) for the finite differences).", default: "1e-5 central, 1e-3 richardson, 1e-20 complex-step"),
            OptionSpec("tolerance", value: "tol", help: "Largest relative error that passes.", default: "1e-7"),
            OptionSpec("no-reexamine", help: "Report finite differences as they are: do not re-derive failing entries by the complex step."),
            OptionSpec("json", help: "Write the report as JSON."),
        ])

    static let sizeOptions = ["vocabulary", "hidden", "steps", "inputs", "outputs", "seed", "weight-scale", "output-activation"]

    static func run(_ arguments: ParsedArguments, console: Console) throws(CLIError) -> ExitStatus {
        try arguments.noPositionals()
        let settings = try checkSettings(arguments)
        let cases = try problemCases(arguments, console: console)
        let report = CheckReport.run(cases, settings: settings)
        if arguments.flag("json") {
            console.write(JSONWriter.write(report.json()))
        } else {
            report.printText(to: console)
        }
        return report.failed == 0 ? .success : .checkFailed
    }

    /// --method, --step, --tolerance.
    static func checkSettings(_ arguments: ParsedArguments) throws(CLIError) -> CheckSettings {
        let scheme = arguments.string("method").flatMap(DifferenceScheme.init(rawValue:)) ?? .central
        let step = try arguments.positiveReal("step")
        let tolerance = try arguments.positiveReal("tolerance") ?? GradientCheckDefaults.tolerance
        return CheckSettings(scheme: scheme, step: step, tolerance: tolerance, reexamine: !arguments.flag("no-reexamine"))
    }

    /// The cases a command line asks for: one fixture, or a random network per selected notation.
    static func problemCases(_ arguments: ParsedArguments, console: Console) throws(CLIError) -> [ProblemCase] {
        let truncate = try arguments.integer("truncate", in: 0...Int.max)
        if let path = arguments.string("fixture") {
            try arguments.forbid(sizeOptions, with: "fixture", because: "the fixture fixes the network and the sequence")
            let (bytes, name) = try readInputFile(path, console: console)
            var problemCase = try Fixture.decode(bytes, source: name)
            if let wanted = arguments.string("notation"), wanted != problemCase.notation.rawValue {
                throw .usage("--notation \(wanted) does not match the fixture, which is written in \(problemCase.notation.rawValue)", command: arguments.command.name)
            }
            if arguments.has("truncate") { problemCase = problemCase.withTruncation(truncate) }
            return [problemCase]
        }
        let notations = arguments.string("notation").flatMap(Notation.init(rawValue:)).map { [$0] } ?? Notation.allCases
        let size = try networkSize(arguments, notations: notations)
        let seed = try arguments.seed("seed") ?? 1
        let scale = try arguments.positiveReal("weight-scale") ?? 1
        guard scale <= 100 else {
            throw .usage("the value '\(arguments.string("weight-scale")!)' is invalid for '--weight-scale <scale>': expected a number in (0, 100]", command: arguments.command.name)
        }
        let g = try outputActivation(arguments, notations: notations)
        return notations.map { ProblemCase.random($0, size: size, seed: seed, weightScale: scale, truncate: truncate, outputActivation: g) }
    }

    /// --output-activation, refused unless index-wise is selected.
    static func outputActivation(_ arguments: ParsedArguments, notations: [Notation]) throws(CLIError) -> IndexWise.OutputActivation {
        guard let name = arguments.string("output-activation") else { return .sigmoid }
        guard notations.contains(.indexWise) else {
            throw .usage("'--output-activation' applies to index-wise only (wildml and denominator-layout have a softmax output)", command: arguments.command.name)
        }
        return IndexWise.OutputActivation(rawValue: name) ?? .sigmoid
    }

    /// --vocabulary, --hidden, --steps, --inputs, --outputs, each refused where no selected notation uses it.
    static func networkSize(_ arguments: ParsedArguments, notations: [Notation]) throws(CLIError) -> NetworkSize {
        let command = arguments.command.name
        let tokenNotations = notations.filter { $0 != .indexWise }
        if tokenNotations.isEmpty, arguments.has("vocabulary") {
            throw .usage("'--vocabulary' applies to wildml and denominator-layout (index-wise inputs are real vectors: use --inputs)", command: command)
        }
        if !notations.contains(.indexWise), let name = ["inputs", "outputs"].first(where: arguments.has) {
            throw .usage("'--\(name)' applies to index-wise only (wildml and denominator-layout use --vocabulary)", command: command)
        }
        let defaults = NetworkSize.classroom
        return NetworkSize(
            vocabulary: try arguments.integer("vocabulary", in: 1...10_000) ?? defaults.vocabulary,
            hidden: try arguments.integer("hidden", in: 1...1_000) ?? defaults.hidden,
            steps: try arguments.integer("steps", in: 1...10_000) ?? defaults.steps,
            inputs: try arguments.integer("inputs", in: 1...1_000) ?? defaults.inputs,
            outputs: try arguments.integer("outputs", in: 1...1_000) ?? defaults.outputs)
    }
}
