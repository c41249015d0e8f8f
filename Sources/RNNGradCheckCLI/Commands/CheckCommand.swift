import RNNGradCheck
import RNNGradCheckKit

/// `rnn-gradcheck check` (and `rnn-gradcheck` with no arguments): hand-derived BPTT against numerical
/// gradients, for one notation or all of them, on a seeded random network or a fixture.
enum CheckCommand {
    static let spec = CommandSpec(
        name: "check",
        abstract: "Check hand-derived BPTT gradients against numerical gradients.",
        discussion: """
            Without --fixture, checks a seeded random network in each selected notation (every \
            registered notation by default) and that notations which are one model agree on the same \
            network. The report names the code that computed each gradient when it is not the literal \
            port of the document: a faster path, tested equal to it, replaces the literal port on \
            sequences too long for it.

            An entry passes when |analytic − numerical| ≤ tolerance·max(|analytic|, |numerical|, floor); \
            the floor makes entries whose true gradient is ~0 compare in absolute terms, within the \
            rounding of the numerical derivative (notes/gradient-checking.md). Entries that fail under a \
            finite difference are derived again by the complex step, which has no truncation error; \
            the report says so when it happens.

            With --truncate τ, truncated BPTT is not the gradient of E: the report shows how far it is \
            from ∂E/∂θ (the deviation truncation causes) and checks it against the numerical gradient \
            of the truncated objective, where output t sees a perturbation only through steps t−τ…t.
            """,
        usage: "rnn-gradcheck check [--notation <notation>] [--fixture <file>] [--seed <seed>] [<sizes>] [--truncate <tau>] [--method <method>] [--threads <n>] [--json]",
        options: [
            OptionSpec.notation(help: "The notation to check.", default: "all"),
            OptionSpec("fixture", value: "file", help: "Check the network and sequence in a fixture file ('-' reads standard input) instead of a random one."),
            OptionSpec("seed", value: "seed", help: "Seed of the random network and sequence.", default: "1"),
        ] + OptionSpec.randomNetwork + [
            OptionSpec("truncate", value: "tau", help: "Truncate BPTT: the error of output t reaches steps t−τ…t (overrides a fixture's; notations without a truncation run full BPTT).", default: "full BPTT"),
            OptionSpec("method", value: "method", help: "Numerical derivative.", default: "central", values: DifferenceScheme.allCases.map(\.rawValue)),
            OptionSpec("step", value: "h", help: "Step h (relative to max(1, |θ|) for the finite differences).", default: "1e-5 central, 1e-3 richardson, 1e-20 complex-step"),
            OptionSpec("tolerance", value: "tol", help: "Largest relative error that passes.", default: "1e-7"),
            OptionSpec("no-reexamine", help: "Report finite differences as they are: do not re-derive failing entries by the complex step."),
            OptionSpec("threads", value: "n", help: "Threads for the numerical gradient (every number is the same for any count).", default: "one per processor (\(Threads.availableCores) here)"),
            OptionSpec("json", help: "Write the report as JSON."),
        ])

    static func run(_ arguments: ParsedArguments, console: Console) throws(RNNGradCheckError) -> ExitStatus {
        try arguments.noPositionals()
        let settings = try checkSettings(arguments)
        let cases = try arguments.problemCases(defaultNotations: NotationRegistry.all, console: console)
        let report = CheckReport.run(cases, settings: settings)
        if arguments.flag("json") {
            console.write(JSONWriter.write(report.json()))
        } else {
            report.printText(to: console)
        }
        return report.failed == 0 ? .success : .checkFailed
    }

    /// --method, --step, --tolerance.
    static func checkSettings(_ arguments: ParsedArguments) throws(RNNGradCheckError) -> CheckSettings {
        let scheme = arguments.string("method").flatMap(DifferenceScheme.init(rawValue:)) ?? .central
        let step = try arguments.positiveReal("step")
        let tolerance = try arguments.positiveReal("tolerance") ?? GradientCheckDefaults.tolerance
        let threads = try arguments.integer("threads", in: 1...1024)
        return CheckSettings(scheme: scheme, step: step, tolerance: tolerance, reexamine: !arguments.flag("no-reexamine"), threads: threads)
    }
}
