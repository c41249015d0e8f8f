import RNNGradCheck
import RNNGradCheckKit

/// `rnn-gradcheck derive`: every computable statement of the five documents, checked numerically, and
/// the findings that cannot be computed.
enum DeriveCommand {
    static let documentNames = ["000", "001", "002", "002-1", "002-2", "003", "004"]

    static let spec = CommandSpec(
        name: "derive",
        abstract: "Check every statement the five documents make, and name their errata.",
        discussion: """
            Walks the documents [S000], [S001], [S002] (part 1: feedforward BP; part 2: BPTT), [S003] and \
            [S004] (notes/sources.md) in their own notations. Every statement that can be computed (a \
            display equation, an equation in the prose, a line of code or a code comment, an index \
            binding, a name) is a checkpoint: its id, the statement with the document's symbols, what it \
            is compared with and how one network's figure is aggregated, the relative error of each way of \
            reading it, a verdict (holds; holds only under a stated reading; typo; wrong) and a severity \
            (wrong as printed, misleading, typo, convention that holds, holds). [S001] allows two output \
            activations, so each of its equations is checked under g = sigmoid and g = softmax. A wrong, \
            misleading or mistyped statement lists the later checkpoints that use its quantity, with their \
            error when fed the printed quantity and when fed the corrected one. Misspelled terms, names \
            that point at the wrong quantity and other findings that cannot be computed are listed with \
            their severity. Each document ends with its summary line, and the last line counts every \
            finding.

            The references are complex-step derivatives of the right loss with respect to the right \
            variable: exact to rounding, so a reading holds at 1e-9 and a wrong one is off by far more. \
            With --networks N the figures are ranges over N random networks of sizes drawn so that no \
            figure is forced by a size; a verdict that changes between networks is an internal error. \
            notes/errata.md is the output of --networks 30 --errata.
            """,
        usage: "rnn-gradcheck derive [--document <document>] [--seed <seed>] [--networks <count>] [--json | --errata]",
        options: [
            OptionSpec("document", value: "document", help: "Check one document only (002 means both parts).", default: "all", values: documentNames),
            OptionSpec("seed", value: "seed", help: "Seed of the first random network; network i uses seed + i.", default: "1"),
            OptionSpec("networks", value: "count", help: "Evaluate on this many random networks (1…1000) and report each figure as a range.", default: "1"),
            OptionSpec("json", help: "Write the findings as JSON (schema \(DeriveReport.schema))."),
            OptionSpec("errata", help: "Write notes/errata.md (markdown) from the findings."),
        ])

    static func run(_ arguments: ParsedArguments, console: Console) throws(RNNGradCheckError) -> ExitStatus {
        try arguments.noPositionals()
        try arguments.forbid(["json"], with: "errata", because: "they are two formats of the same report")
        let documents: [SeedDocument]
        switch arguments.string("document") {
        case nil: documents = SeedDocument.allCases
        case "002": documents = [.seed002Part1, .seed002Part2]
        case let name?: documents = SeedDocument(rawValue: name).map { [$0] } ?? []
        }
        let seed = try arguments.seed("seed") ?? 1
        let networks = try arguments.integer("networks", in: 1...1000) ?? 1
        let report = DeriveReport(survey: Survey.run(documents, seed: seed, networks: networks))
        if arguments.flag("json") {
            console.write(JSONWriter.write(report.json()))
        } else if arguments.flag("errata") {
            console.write(report.errata())
        } else {
            report.printText(to: console)
        }
        if report.unresolved > 0 {
            console.printError("Error: \(report.unresolved) checkpoints are unresolved: no reading holds, not even the correction; the verifier is wrong")
            return .internalError
        }
        if !report.survey.unstable.isEmpty {
            console.printError("Error: \(report.survey.unstable.count) verdicts change with the network (\(report.survey.unstable[0])); the verifier is wrong")
            return .internalError
        }
        return .success
    }
}
