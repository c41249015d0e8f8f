import RNNGradCheck
import RNNGradCheckKit

/// What `check` does beyond the verdict: check a catalogued bug (--bug), sweep the step size (--sweep),
/// attribute the error to time steps (--attribute, and always when a check fails), and write the
/// pictures (--svg) or one HTML report with everything (--html).
struct CheckExtras {
    static let options: [OptionSpec] = [
        OptionSpec("bug", value: "id", help: "Check the gradient of a catalogued bug (see 'rnn-gradcheck bugs') instead of the notation's own BPTT: on the bug's classroom network unless the network options say otherwise."),
        OptionSpec("sweep", help: "Also sweep the step h over 1e-1 … 1e-12 (central, Richardson) and 1e-1 … 1e-20 (complex step): the V of truncation and rounding error."),
        OptionSpec("attribute", help: "Also attribute the gradient to outputs and time steps (always done when a check fails)."),
        OptionSpec("svg", value: "file", help: "Draw the sweep and the attribution into an SVG file (with --sweep or --attribute)."),
        OptionSpec("html", value: "file", help: "Write one self-contained HTML report: the check, where it goes wrong, the sweep and the dynamics, with pictures."),
    ]

    let source: GradientSource
    let sweep: Bool
    let attribute: Bool
    let svg: OutputFile?
    let html: OutputFile?

    init(_ arguments: ParsedArguments) throws(RNNGradCheckError) {
        if let id = arguments.string("bug") {
            guard let bug = NotationRegistry.bug(named: id) else {
                throw .usage("unknown bug '\(id)' (the ids are listed by 'rnn-gradcheck bugs', e.g. \(NotationRegistry.bugs[0].id))", command: arguments.command.name)
            }
            if let wanted = arguments.string("notation"), wanted != bug.notation {
                throw .usage("--notation \(wanted) does not match the bug \(id), which is written in \(bug.notation)", command: arguments.command.name)
            }
            source = .bug(bug)
        } else {
            source = .own
        }
        sweep = arguments.flag("sweep")
        attribute = arguments.flag("attribute")
        if arguments.has("svg") && !sweep && !attribute {
            throw .usage("'--svg' draws the step-size sweep or the attribution: add --sweep or --attribute (or use --html for everything)", command: arguments.command.name)
        }
        svg = try OutputFile(arguments, option: "svg")
        html = try OutputFile(arguments, option: "html")
    }

    /// The cases to check: a bug's classroom network when only --bug (and --seed) say what to check.
    func cases(_ arguments: ParsedArguments, console: Console) throws(RNNGradCheckError) -> [ProblemCase] {
        guard case .bug(let bug) = source else {
            return try arguments.problemCases(defaultNotations: NotationRegistry.all, console: console)
        }
        let notation = NotationRegistry.named(bug.notation)!
        let networkOptions = ["fixture", "truncate"] + OptionSpec.randomNetwork.map(\.name)
        guard networkOptions.contains(where: arguments.has) else {
            let seed = try arguments.seed("seed") ?? 1
            return [ProblemCase(notation: notation, problem: bug.classroomProblem(seed: seed), origin: "seed \(seed), the bug's classroom network")]
        }
        let cases = try arguments.problemCases(defaultNotations: [notation], console: console)
        if let other = cases.first(where: { $0.notation != notation }) {
            throw .usage("the fixture is written in \(other.notation.name) but the bug \(bug.id) in \(bug.notation)", command: arguments.command.name)
        }
        return cases
    }

    /// The analyses each case gets: the HTML report has everything; the sweep when asked; the
    /// attribution when asked or when the case fails.
    func analyses(_ report: CheckReport) -> [CaseAnalysis?] {
        report.results.map { result in
            var kinds: Set<CaseAnalysis.Kind> = []
            if html != nil { kinds = [.dynamics, .sweep, .attribution] }
            if sweep { kinds.insert(.sweep) }
            if attribute || !result.passed { kinds.insert(.attribution) }
            guard !kinds.isEmpty else { return nil }
            return CaseAnalysis.run(result.problemCase, source: source, kinds: kinds, settings: report.settings)
        }
    }

    /// Writes the SVG and the HTML report when asked for.
    func writeFiles(_ report: CheckReport, analyses: [CaseAnalysis?], command: [String], console: Console) throws(RNNGradCheckError) {
        if let svg {
            var charts: [Chart] = []
            for (result, analysis) in zip(report.results, analyses) {
                guard let analysis else { continue }
                let problemCase = result.problemCase
                let subtitle = "\(problemCase.notation.name), \(problemCase.sizesText), \(problemCase.origin)"
                if sweep, let s = analysis.sweep { charts.append(AnalysisCharts.sweep(s, subtitle: subtitle)) }
                if attribute, let a = analysis.attribution {
                    charts.append(AnalysisCharts.attribution(a, lossSymbol: problemCase.notation.lossSymbol, subtitle: subtitle))
                }
            }
            try svg.write(Figure(title: "rnn-gradcheck check", charts: charts).svgDocument(), what: "the pictures", console: console)
        }
        if let html {
            let page = HTMLReport.page(
                report, analyses: analyses, command: (["rnn-gradcheck"] + command).joined(separator: " "), version: RNNGradCheckCLI.version)
            try html.write(page, what: "the HTML report", console: console)
        }
    }
}
