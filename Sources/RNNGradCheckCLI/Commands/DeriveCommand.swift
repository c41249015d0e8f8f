import RNNGradCheck
import RNNGradCheckKit

/// `rnn-gradcheck derive`: every computable equation of the five documents, checked numerically.
enum DeriveCommand {
    static let documentNames = ["000", "001", "002", "002-1", "002-2", "003", "004"]

    static let spec = CommandSpec(
        name: "derive",
        abstract: "Check every equation the five documents state, and name their errata.",
        discussion: """
            Walks seeds 000, 001, 002 (part 1: feedforward BP; part 2: BPTT), 003 and 004 in their own \
            notations. For every equation that can be computed it prints a checkpoint id, the equation \
            with the document's symbols, what it is compared with, the relative error of each way of \
            reading it, and a verdict: holds; holds only under a stated reading; typo (the repaired \
            formula holds); or wrong (with the corrected formula and its error).

            The references are complex-step derivatives of the right loss with respect to the right \
            variable (a weight, a weight untied at one time step, or an intermediate such as s_k or \
            net_j(t), perturbed and the forward pass rerun from there): exact to rounding, so a reading \
            holds at 1e-9 and a wrong one is off by far more. notes/errata.md is written from these results.
            """,
        usage: "rnn-gradcheck derive [--document <document>] [--seed <seed>] [--json]",
        options: [
            OptionSpec("document", value: "document", help: "Check one document only (002 means both parts).", default: "all", values: documentNames),
            OptionSpec("seed", value: "seed", help: "Seed of the random networks the equations are evaluated on.", default: "1"),
            OptionSpec("json", help: "Write the checkpoints as JSON."),
        ])

    static func run(_ arguments: ParsedArguments, console: Console) throws(RNNGradCheckError) -> ExitStatus {
        try arguments.noPositionals()
        let documents: [SeedDocument]
        switch arguments.string("document") {
        case nil: documents = SeedDocument.allCases
        case "002": documents = [.seed002Part1, .seed002Part2]
        case let name?: documents = SeedDocument(rawValue: name).map { [$0] } ?? []
        }
        let seed = try arguments.seed("seed") ?? 1
        let report = DeriveReport(documents: Derivation.check(documents, seed: seed), seed: seed)
        if arguments.flag("json") {
            console.write(JSONWriter.write(report.json()))
        } else {
            report.printText(to: console)
        }
        if report.unresolved > 0 {
            console.printError("Error: \(report.unresolved) checkpoints are unresolved: no reading holds, not even the correction; the verifier is wrong")
            return .internalError
        }
        return .success
    }
}
