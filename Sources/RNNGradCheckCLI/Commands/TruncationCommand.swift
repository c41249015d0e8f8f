import RNNGradCheck
import RNNGradCheckKit

/// `rnn-gradcheck truncation`: the bias of truncated BPTT against τ.
enum TruncationCommand {
    /// The registered notations whose code has no truncation.
    static var untruncated: String { NotationRegistry.all.filter { $0.truncationName == nil }.map(\.name).joined(separator: ", ") }

    static let spec = CommandSpec(
        name: "truncation",
        abstract: "Show how far truncated BPTT is from ∂E/∂θ for every truncation τ = 0 … T−1.",
        discussion: """
            Truncated BPTT keeps the terms of ∂E/∂θ = Σ_t Σ_k ∂E_t/∂θ_k with k ≥ t−τ and drops the rest \
            (seed 000's bptt_truncate, seed 001's unfolding depth). For each τ and each parameter the \
            report gives ‖g_τ − g‖₂ / ‖g‖₂, g = ∂E/∂θ by the complex step and g_τ the notation's truncated \
            BPTT. Where gradients vanish ('rnn-gradcheck dynamics') the bias falls fast with τ; output-layer \
            parameters have none. A notation whose code has no truncation (\(untruncated)) is shown with the \
            complex-step gradient of the truncated objective, what a truncated BPTT would compute.
            """,
        usage: "rnn-gradcheck truncation [--notation <notation>] [--fixture <file>] [--seed <seed>] [<sizes>] [--svg <file>] [--json]",
        options: [
            OptionSpec.notation(help: "The notation of the random network.", default: "all"),
            OptionSpec("fixture", value: "file", help: "Use the network and sequence of a fixture file ('-' reads standard input); its truncation is ignored."),
            OptionSpec("seed", value: "seed", help: "Seed of the random network and sequence.", default: "1"),
        ] + OptionSpec.randomNetwork + [
            OptionSpec("svg", value: "file", help: "Also draw the bias against τ into an SVG file (one chart per network)."),
            OptionSpec("json", help: "Write the report as JSON."),
        ])

    static func run(_ arguments: ParsedArguments, console: Console) throws(RNNGradCheckError) -> ExitStatus {
        try arguments.noPositionals()
        let svg = try OutputFile(arguments, option: "svg")
        let cases = try arguments.problemCases(defaultNotations: NotationRegistry.all, console: console).map { $0.withTruncation(nil) }
        let analyses = cases.map { CaseAnalysis.run($0, kinds: [.truncation]) }
        if arguments.flag("json") {
            console.write(JSONWriter.write(.object([
                ("schema", .string("rnn-gradcheck/truncation/1")),
                ("cases", .array(analyses.map { $0.json() })),
            ])))
        } else {
            printText(analyses, console: console)
        }
        if let svg {
            let charts = analyses.compactMap { analysis in
                analysis.truncationBias.map { AnalysisCharts.truncationBias($0, subtitle: "\(analysis.problemCase.notation.name), \(analysis.problemCase.sizesText), \(analysis.problemCase.origin)") }
            }
            try svg.write(Figure(title: "rnn-gradcheck truncation", charts: charts).svgDocument(), what: "the truncation-bias picture", console: console)
        }
        return .success
    }

    private static func printText(_ analyses: [CaseAnalysis], console: Console) {
        console.print(console.styled("rnn-gradcheck truncation: truncated BPTT against ∂E/∂θ, for every τ", .bold))
        console.print("each entry: ‖g_τ − g‖₂ / ‖g‖₂ for one parameter, g = ∂E/∂θ by the complex step")
        for analysis in analyses {
            let problemCase = analysis.problemCase
            let notation = problemCase.notation
            console.print()
            console.print(console.styled("\(notation.name) (\(notation.sources)): \(problemCase.sizesText), \(problemCase.origin)", .bold))
            guard let bias = analysis.truncationBias else {
                console.print("  not run: \(analysis.notes["truncation"] ?? "")")
                continue
            }
            if bias.source == .numerical {
                console.print("  \(notation.name)'s code has no truncation: g_τ is the complex-step gradient of the truncated objective, what a truncated BPTT would compute")
            } else {
                console.print("  g_τ: \(notation.name)'s truncated BPTT (\(notation.truncationName ?? "truncation") = τ)")
            }
            console.printTable(AnalysisText.truncationTable(bias))
            console.print("  τ = \(problemCase.problem.steps - 1) = T − 1 is full BPTT: what remains there is rounding.")
        }
    }
}
