import Foundation
import RNNGradCheck
import RNNGradCheckKit

/// `rnn-gradcheck dynamics`: vanishing and exploding gradients, measured on one network and sequence.
enum DynamicsCommand {
    static let spec = CommandSpec(
        name: "dynamics",
        abstract: "Measure how far back the error reaches: vanishing and exploding gradients on a network.",
        discussion: """
            For the network at hand (a seeded random one per notation, or --fixture), computes the norm of \
            ∂E_t/∂s_k against the lag t−k (largest over the outputs t), the spectral norm of each one-step \
            Jacobian ∂s_j/∂s_{j−1} and of their products (seed 004's ∏ ∂h^(j)/∂h^(j−1), its 004.7), the \
            spectral norm of the recurrent matrix and the bound ‖diag f′‖₂·‖W‖₂ on each step (tanh′ ≤ 1, \
            sigmoid′ ≤ 1/4), and the per-step factor ρ the product over the sequence amounts to. The verdict: \
            vanishing (ρ < e^−0.05), stable, or exploding (ρ > e^0.05), with the lag at which contributions \
            fall below 1e-8 of the largest (measured, or extrapolated at ρ beyond the sequence).

            The random network is wider and longer than check's classroom network (H = 32, T = 30 by \
            default): the recurrence needs steps to show, and a few units saturate together. Every number \
            is computed on the forward pass, not argued: large weights do not always explode, because \
            saturated units have small slopes (try --hidden 4 --steps 6 --scales 0.5,1,3). Compare \
            weight scales with --scales 0.5,1,3. notes/dynamics.md explains the numbers.
            """,
        usage: "rnn-gradcheck dynamics [--notation <notation>] [--fixture <file>] [--seed <seed>] [<sizes>] [--weight-scale <scale> | --scales <list>] [--svg <file>] [--json]",
        options: [
            OptionSpec.notation(help: "The notation of the random network.", default: "all"),
            OptionSpec("fixture", value: "file", help: "Measure the network and sequence of a fixture file ('-' reads standard input)."),
            OptionSpec("seed", value: "seed", help: "Seed of the random network and sequence.", default: "1"),
        ] + OptionSpec.randomNetwork(defaults: defaultSizes) + [
            OptionSpec("scales", value: "list", help: "Compare several weight scales on the same seed, e.g. 0.5,1,3 (instead of --weight-scale)."),
            OptionSpec("svg", value: "file", help: "Also draw the curves against the lag into an SVG file."),
            OptionSpec("json", help: "Write the report as JSON."),
        ])

    /// The random network is wider and longer than the classroom one: with 4 hidden units the
    /// recurrence saturates as a group at large weights (×3 vanishes in 9 of 10 runs at H = 4), and
    /// 6 steps cannot show how far back the error reaches; at H = 32, T = 30, ×0.5 and ×1 vanish and ×3
    /// explodes on every seed tried (notes/dynamics.md).
    static let defaultSizes = ["hidden": 32, "steps": 30]

    static func run(_ arguments: ParsedArguments, console: Console) throws(RNNGradCheckError) -> ExitStatus {
        try arguments.noPositionals()
        let svg = try OutputFile(arguments, option: "svg")
        let cases = try scaledCases(arguments, console: console)
        let measured: [(problemCase: ProblemCase, dynamics: GradientDynamics)] = cases.compactMap { problemCase in
            GradientDynamics.of(problemCase.problem).map { (problemCase, $0) }
        }
        if arguments.flag("json") {
            console.write(JSONWriter.write(.object([
                ("schema", .string("rnn-gradcheck/dynamics/1")),
                ("negligible_ratio", .number(GradientDynamics.negligibleRatio)),
                ("stable_band", .number(GradientDynamics.stableBand)),
                ("cases", .array(measured.map { item in
                    .object([
                        ("notation", .string(item.problemCase.notation.name)),
                        ("origin", .string(item.problemCase.origin)),
                        ("sizes", .object(item.problemCase.sizes.map { ($0.name, .integer($0.value)) })),
                        ("dynamics", item.dynamics.json()),
                    ])
                })),
            ])))
        } else {
            printText(measured, console: console)
        }
        if let svg {
            let labelled = measured.map { (label: caseLabel($0.problemCase, among: measured.map(\.problemCase)), dynamics: $0.dynamics) }
            let figure = Figure(title: "rnn-gradcheck dynamics", charts: AnalysisCharts.dynamics(labelled, subtitle: subtitle(measured.map(\.problemCase))))
            try svg.write(figure.svgDocument(), what: "the dynamics picture", console: console)
        }
        return .success
    }

    /// The cases to measure: one per notation (or the fixture), once per weight scale of --scales.
    static func scaledCases(_ arguments: ParsedArguments, console: Console) throws(RNNGradCheckError) -> [ProblemCase] {
        guard let list = arguments.string("scales") else {
            let cases = try arguments.problemCases(defaultNotations: NotationRegistry.all, console: console, defaultSizes: defaultSizes)
            guard let scale = try arguments.positiveReal("weight-scale"), scale != 1 else { return cases }
            return cases.map { ProblemCase(notation: $0.notation, problem: $0.problem, origin: "\($0.origin), weights ×\(String(format: "%g", scale))") }
        }
        try arguments.forbid(["weight-scale"], with: "scales", because: "--scales lists the weight scales to compare")
        try arguments.forbid(["fixture"], with: "scales", because: "a fixture fixes the weights; --scales draws random ones")
        var scales: [Double] = []
        for text in list.split(separator: ",", omittingEmptySubsequences: false).map({ $0.trimmingCharacters(in: .whitespaces) }) {
            guard let scale = Double(text), scale.isFinite, scale > 0, scale <= 100 else {
                throw .usage("the value '\(list)' is invalid for '--scales <list>': '\(text)' is not a number in (0, 100]", command: spec.name)
            }
            scales.append(scale)
        }
        let base = try arguments.problemCases(defaultNotations: NotationRegistry.all, console: console, defaultSizes: defaultSizes)
        let seed = try arguments.seed("seed") ?? 1
        return scales.flatMap { scale in
            base.map { problemCase in
                let sizes = Dictionary(uniqueKeysWithValues: problemCase.sizes.map { ($0.name, $0.value) })
                let problem = problemCase.notation.random(
                    sizes: sizes, seed: seed, weightScale: scale, truncation: problemCase.truncation, options: problemCase.problem.modelOptions)
                return ProblemCase(notation: problemCase.notation, problem: problem, origin: "seed \(seed), weights ×\(String(format: "%g", scale))")
            }
        }
    }

    /// "×3" among cases of one notation, "wildml ×3" among several.
    static func caseLabel(_ problemCase: ProblemCase, among cases: [ProblemCase]) -> String {
        let notations = Set(cases.map(\.notation.name))
        let origins = Set(cases.map(\.origin))
        if notations.count == 1 { return origins.count == 1 ? problemCase.notation.name : problemCase.origin }
        return origins.count == 1 ? problemCase.notation.name : "\(problemCase.notation.name), \(problemCase.origin)"
    }

    /// The sizes and origin the cases share, for a picture's subtitle.
    static func subtitle(_ cases: [ProblemCase]) -> String? {
        guard let first = cases.first else { return nil }
        let notations = Set(cases.map(\.notation.name))
        var parts: [String] = []
        if notations.count == 1 { parts.append(first.notation.name) }
        if Set(cases.map(\.sizesText)).count == 1 { parts.append(first.sizesText) }
        if Set(cases.map(\.origin)).count == 1 { parts.append(first.origin) }
        return parts.isEmpty ? nil : parts.joined(separator: ", ")
    }

    private static func printText(_ measured: [(problemCase: ProblemCase, dynamics: GradientDynamics)], console: Console) {
        console.print(console.styled("rnn-gradcheck dynamics: how far back the error of each output reaches", .bold))
        console.print(Format.wrap(AnalysisText.dynamicsSources, width: 100).joined(separator: "\n"))
        for (problemCase, dynamics) in measured {
            console.print()
            let notation = problemCase.notation
            console.print(console.styled("\(notation.name) (\(notation.sources)): \(problemCase.sizesText), \(problemCase.origin)", .bold))
            for line in AnalysisText.dynamicsLegend(dynamics) { console.print("  \(line)") }
            if !dynamics.stepJacobians.isEmpty {
                console.printTable(AnalysisText.stepTable(dynamics))
                console.printTable(AnalysisText.lagTable(dynamics))
            }
            if let factor = AnalysisText.perStepFactor(dynamics) { console.print("  \(factor)") }
            let style: TextStyle = dynamics.regime == .exploding ? .red : (dynamics.regime == .vanishing ? .yellow : .green)
            console.print("  " + console.styled(AnalysisText.verdict(dynamics), style))
            if let why = AnalysisText.explanation(dynamics) { console.print("  why: \(why)") }
        }
        guard measured.count > 1 else { return }
        console.print()
        console.print(console.styled("summary", .bold))
        var rows = [["network", "‖W‖₂", "sup f′·‖W‖₂", "ρ", "regime", "below 1e-8 at lag"]]
        for (problemCase, dynamics) in measured {
            rows.append([
                "\(problemCase.notation.name), \(problemCase.origin)", AnalysisText.norm(dynamics.recurrentNorm),
                AnalysisText.norm(dynamics.uniformStepBound), dynamics.perStepFactor.map(AnalysisText.norm) ?? "-", dynamics.regime.rawValue,
                dynamics.negligibleLag.map { "\($0.lag)\($0.extrapolated ? " (extrapolated)" : "")" } ?? "never",
            ])
        }
        console.printTable(rows)
    }
}
