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

            When a check fails (try --bug), the report says where: the gradient is split into the \
            contribution of each output t and lag τ (step t−τ) and compared with complex-step \
            contributions, and the first lag where they part names the equation that step computes. \
            --sweep shows the error of each numerical derivative against its step h; --html writes \
            everything, with pictures, into one page (notes/dynamics.md).
            """,
        usage: "rnn-gradcheck check [--notation <notation>] [--fixture <file>] [--seed <seed>] [<sizes>] [--truncate <tau>] [--method <method>] [--entries <n>] [--threads <n>] [--bug <id>] [--sweep] [--attribute] [--svg <file>] [--html <file>] [--json]",
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
            OptionSpec("entries", value: "all|n", help: "Fast mode for big networks: n random entries per block and the derivative along one random direction through every entry; a block where either finds a difference is then checked entry by entry (full BPTT only).", default: "all"),
            OptionSpec("sample-seed", value: "seed", help: "Seed of the random entries and direction of --entries.", default: "1"),
            OptionSpec("budget", value: "seconds|unlimited", help: "Refuse a check estimated to take longer than this, or to need more than 80 % of this machine's memory (the estimate is printed first).", default: "900"),
            OptionSpec("threads", value: "n", help: "Threads for the numerical gradient (every number is the same for any count).", default: "one per processor (\(Threads.availableCores) here)"),
        ] + CheckExtras.options + [
            OptionSpec("json", help: "Write the report as JSON."),
        ])

    static func run(_ arguments: ParsedArguments, console: Console) throws(RNNGradCheckError) -> ExitStatus {
        try arguments.noPositionals()
        let settings = try checkSettings(arguments)
        let extras = try CheckExtras(arguments)
        let cases = try extras.cases(arguments, console: console)
        let sampling = try entrySampling(arguments, cases: cases)
        let cost = CheckCost.of(cases, settings: settings, sampling: sampling)
        try enforceBudget(cost, arguments, cases: cases, settings: settings, sampling: sampling)
        let json = arguments.flag("json")
        var progress: (@Sendable (Int, Int, Int) -> Void)?
        if cost.seconds >= 2 {
            let what = sampling == nil ? "" : " (fast mode)"
            console.printError(
                "rnn-gradcheck: this check\(what) will take \(CheckCost.duration(cost.seconds)) on \(cost.threads) thread\(cost.threads == 1 ? "" : "s") "
                    + "and \(CheckCost.size(cost.bytes)): \(Format.count(cost.entries)) entries differentiated one by one")
            if !json {
                progress = { index, done, total in
                    console.progress("check: \(cases[index].notation.name), numerical gradient: \(Format.count(done)) of \(Format.count(total)) entries", done: done, total: total)
                }
            }
        }
        let report = CheckReport.run(cases, source: extras.source, settings: settings, sampling: sampling, progress: progress)
        let analyses = extras.analyses(report)
        if arguments.flag("json") {
            console.write(JSONWriter.write(report.json(analyses: analyses)))
        } else {
            report.printText(to: console, analyses: analyses)
        }
        try extras.writeFiles(report, analyses: analyses, command: arguments.words, console: console)
        return report.failed == 0 ? .success : .checkFailed
    }

    /// Refuses a run over --budget (time) or over 80 % of the machine's memory, naming the estimate
    /// and the ways out: a sample (--entries), or a larger budget.
    static func enforceBudget(
        _ cost: CheckCost, _ arguments: ParsedArguments, cases: [ProblemCase], settings: CheckSettings, sampling: EntrySampling?
    ) throws(RNNGradCheckError) {
        var budget = 900.0
        if let text = arguments.string("budget") {
            if text == "unlimited" { return }
            guard let value = Double(text), value.isFinite, value > 0 else {
                throw .usage("the value '\(Echo.capped(text))' is invalid for '--budget <seconds|unlimited>': expected a number of seconds > 0 or unlimited", command: spec.name)
            }
            budget = value
        }
        let memory = CheckCost.physicalMemory.map { 0.8 * $0 }
        let overTime = cost.seconds > budget
        let overMemory = memory.map { cost.bytes > $0 } ?? false
        guard overTime || overMemory else { return }
        var reason = "over the budget of \(CheckCost.duration(budget).replacingOccurrences(of: "about ", with: ""))"
        if overMemory, let memory { reason = overTime ? reason + " and over 80 % of this machine's memory (\(CheckCost.size(memory)))" : "over 80 % of this machine's memory (\(CheckCost.size(memory)))" }
        var ways: [String] = []
        if sampling == nil, !cases.contains(where: { $0.truncation != nil }) {
            let sample = CheckCost.of(cases, settings: settings, sampling: EntrySampling(perBlock: 100, seed: 1))
            ways.append("check a sample with --entries 100 (\(CheckCost.duration(sample.seconds))\(sample.seconds > budget ? ", also over it" : ""))")
        }
        ways.append("check a smaller network (--hidden, --vocabulary, --steps)")
        ways.append("give --budget <seconds> or --budget unlimited to run it anyway")
        throw .usage(
            "this check would take \(CheckCost.duration(cost.seconds)) on \(cost.threads) thread\(cost.threads == 1 ? "" : "s") and \(CheckCost.size(cost.bytes)) "
                + "(\(Format.count(cost.entries)) entries differentiated one by one): \(reason); \(ways.joined(separator: ", or "))",
            command: spec.name)
    }

    /// --entries and --sample-seed: nil checks every entry.
    static func entrySampling(_ arguments: ParsedArguments, cases: [ProblemCase]) throws(RNNGradCheckError) -> EntrySampling? {
        guard let text = arguments.string("entries"), text != "all" else {
            if arguments.has("sample-seed") {
                throw .usage("'--sample-seed' chooses random entries: it needs '--entries <n>'", command: spec.name)
            }
            return nil
        }
        guard let n = Int(text), n >= 1 else {
            throw .usage("the value '\(Echo.capped(text))' is invalid for '--entries <all|n>': expected all or an integer ≥ 1", command: spec.name)
        }
        if let truncated = cases.first(where: { $0.truncation != nil }) {
            throw .usage(
                "--entries samples a check of full BPTT, but the \(truncated.notation.name) case is truncated (τ = \(truncated.truncation!)): drop --entries, or check full BPTT",
                command: spec.name)
        }
        return EntrySampling(perBlock: n, seed: try arguments.seed("sample-seed") ?? 1)
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
