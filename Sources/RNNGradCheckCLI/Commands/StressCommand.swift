import Foundation
import RNNGradCheck
import RNNGradCheckKit

/// `rnn-gradcheck stress`: many random correct networks through the checker, counting false alarms.
enum StressCommand {
    static let spec = CommandSpec(
        name: "stress",
        abstract: "Check many random correct networks and count false alarms (a correct gradient called wrong).",
        discussion: """
            For each notation, draws --networks random networks (sizes up to --largest-size, sequences \
            up to --longest-sequence, weights scaled log-uniformly between 0.1 and --largest-weight-scale, \
            so small, saturated and exploding networks are all drawn; half drawn with a truncation where the \
            notation has one, which is full BPTT when it reaches the first step; every model option), checks each with its notation's own BPTT under \
            central differences, Richardson and the complex step in turn, and counts the networks where \
            a block fails: each is a false alarm, since the gradient is right. An unresolved block (the \
            numerical oracles disagree with each other) is counted apart: it is not a pass, but it calls \
            no gradient wrong. Each network has its own seed, printed for every false alarm, so it can be \
            rebuilt alone. The exit status is 0 only with no false alarm. Build with -c release: 10,000 \
            networks take about a minute.
            """,
        usage: "rnn-gradcheck stress [--networks <n>] [--seed <seed>] [--notation <notation>] [--json]",
        options: [
            OptionSpec("networks", value: "n", help: "Random networks per notation.", default: "2500"),
            OptionSpec("seed", value: "seed", help: "Seed of the sweep.", default: "1"),
            OptionSpec.notation(help: "Only this notation.", default: "all"),
            OptionSpec("largest-weight-scale", value: "scale", help: "The largest weight scale drawn (log-uniform from 0.1).", default: "20"),
            OptionSpec("largest-size", value: "n", help: "The largest size drawn for every size but T.", default: "5"),
            OptionSpec("longest-sequence", value: "T", help: "The longest sequence drawn.", default: "12"),
            OptionSpec("json", help: "Write the result as JSON."),
        ])

    static func run(_ arguments: ParsedArguments, console: Console) throws(RNNGradCheckError) -> ExitStatus {
        try arguments.noPositionals()
        let settings = FalseAlarmSweep.Settings(
            networksPerNotation: try arguments.integer("networks", in: 1...1_000_000) ?? 2_500,
            seed: try arguments.seed("seed") ?? 1,
            weightScales: 0.1...max(0.1, try arguments.positiveReal("largest-weight-scale") ?? 20),
            largestSize: try arguments.integer("largest-size", in: 1...50) ?? 5,
            longestSequence: try arguments.integer("longest-sequence", in: 1...1_000) ?? 12)
        let notations = try arguments.notations() ?? NotationRegistry.all
        let start = ContinuousClock.now
        let sweep = FalseAlarmSweep.run(settings, notations: notations, progress: { done, total in
            console.progress("stress: \(done) of \(total) networks", done: done, total: total)
        })
        let seconds = (ContinuousClock.now - start).seconds
        if arguments.flag("json") {
            console.write(JSONWriter.write(sweep.json(seconds: seconds)))
        } else {
            console.print(console.styled("rnn-gradcheck stress: random correct networks through the checker", .bold))
            console.print("sizes up to \(settings.largestSize), T up to \(settings.longestSequence), weights ×\(Format.setting(settings.weightScales.lowerBound))…×\(Format.setting(settings.weightScales.upperBound)) (log-uniform), seed \(settings.seed)")
            console.print()
            var rows = [["notation", "networks", "pass", "unresolved", "false alarms", "truncated", "central", "richardson", "complex-step"]]
            for tally in sweep.tallies {
                let counts: [Int] = [tally.networks, tally.passed, tally.unresolved, tally.falseAlarms, tally.truncated]
                let methods: [Int] = DifferenceScheme.allCases.map { tally.byMethod[$0.rawValue, default: 0] }
                rows.append([tally.notation] + (counts + methods).map { String($0) })
            }
            for (i, line) in Format.table(rows).enumerated() { console.print(i == 0 ? console.styled(line, .dim) : line) }
            for tally in sweep.tallies where !tally.examples.isEmpty {
                console.print()
                console.print("\(tally.notation): false alarms on")
                for example in tally.examples { console.print("  \(example)") }
            }
            console.print()
            let summary = "\(sweep.networks) networks in \(String(format: "%.1f", seconds)) s: \(sweep.falseAlarms) false alarms, \(sweep.unresolved) unresolved"
            console.print(console.styled(summary, sweep.passed ? .green : .red))
        }
        return sweep.passed ? .success : .checkFailed
    }
}

extension Duration {
    /// The duration in seconds.
    var seconds: Double { Double(components.seconds) + Double(components.attoseconds) * 1e-18 }
}
