import RNNGradCheck
import RNNGradCheckKit

/// `rnn-gradcheck gradients`: the loss and the hand-derived gradients of a fixture (or a random network).
enum GradientsCommand {
    static let spec = CommandSpec(
        name: "gradients",
        abstract: "Print the loss and the hand-derived BPTT gradients.",
        discussion: """
            Reads a fixture (or makes a seeded random network, as 'check' does) and prints E and \
            ∂E/∂θ for every parameter, computed by the notation's own BPTT with the fixture's \
            truncation. With --json the output is the gradients format of the README, the format \
            'exercise grade' and 'check-external' read.

            With --bug ID the gradients are the ones a catalogued bug computes ('rnn-gradcheck bugs' \
            lists the ids): a student program with a known mistake, for 'check-external' or 'exercise \
            grade'. Without --fixture and --notation the random network is in the bug's notation.
            """,
        usage: "rnn-gradcheck gradients (--fixture <file> | [--notation <notation>] [--seed <seed>] [<sizes>]) [--truncate <tau>] [--bug <id>] [--json]",
        options: [
            OptionSpec("fixture", value: "file", help: "The fixture to differentiate ('-' reads standard input)."),
            OptionSpec.notation(help: "Notation of the random network (without --fixture).", default: NotationRegistry.all[0].name),
            OptionSpec("seed", value: "seed", help: "Seed of the random network and sequence.", default: "1"),
        ] + OptionSpec.randomNetwork + [
            OptionSpec("truncate", value: "tau", help: "Truncate BPTT at τ steps (overrides a fixture's).", default: "full BPTT"),
            OptionSpec("bug", value: "id", help: "Print the gradients this catalogued bug computes instead of the correct ones."),
            OptionSpec("per-step", help: "With --json, add \"per_step\": the contribution of each output and lag, split by running the code on prefixes and truncations (what 'check-external' attributes)."),
            OptionSpec("json", help: "Write the gradients document (JSON)."),
        ])

    static func run(_ arguments: ParsedArguments, console: Console) throws(RNNGradCheckError) -> ExitStatus {
        try arguments.noPositionals()
        let bug = try catalogBug(arguments)
        let problemCase = try singleCase(arguments, console: console, notation: bug.flatMap { NotationRegistry.named($0.notation) })
        var blocks = problemCase.gradientBlocks
        var implementation = "computed by \(problemCase.implementation.description)"
        if let bug {
            guard bug.notation == problemCase.notation.name, let wrong = bug.gradients(of: problemCase.problem) else {
                throw .usage("the bug \(bug.id) is written in \(bug.notation), but the network is written in \(problemCase.notation.name)", command: spec.name)
            }
            if wrong == blocks.map(\.values) {
                console.printError("note: on this network \(bug.id) gives the correct gradients (see 'rnn-gradcheck bugs' for the network that shows it)")
            }
            for index in blocks.indices { blocks[index].values = wrong[index] }
            implementation = "gradients of the bug \(bug.id): \(bug.title)"
        }
        // A NaN or an infinity has no JSON literal, and is never a valid answer: no document is written.
        let nonFinite = firstNonFinite(loss: problemCase.problem.loss(), blocks: blocks)
        var document = GradientsDocument.encode(problemCase, blocks: blocks)
        if arguments.flag("per-step") {
            guard arguments.flag("json") else { throw .usage("'--per-step' adds a member to the JSON document: add --json", command: spec.name) }
            let source: GradientSource = bug.map { .bug($0) } ?? .own
            if let steps = StepAttribution.contributions(of: problemCase.problem, implementation: source.gradients(of:)),
                case .object(var members) = document
            {
                members.append(("per_step", GradientsDocument.encodeSteps(steps, problem: problemCase.problem)))
                document = .object(members)
            }
        }
        if arguments.flag("json") {
            if let nonFinite {
                console.printError("Error: the gradient is not finite (\(nonFinite)): a NaN or an infinity is never a valid answer, and JSON cannot hold it; no document was written")
                return .checkFailed
            }
            console.write(JSONWriter.write(document))
            return .success
        }
        let problem = problemCase.problem
        let notation = problemCase.notation
        console.print(console.styled("\(notation.name) (\(notation.sources)): \(notation.model(of: problem))", .bold))
        console.print("\(problemCase.sizesText), \(problemCase.origin), \(problemCase.truncationLabel)")
        console.print(implementation)
        let L = notation.lossSymbol
        console.print("\(L == "loss" ? "loss" : "loss \(L)") = \(Format.value(problem.loss(), digits: 17))")
        for block in blocks {
            console.print()
            console.print("∂\(L)/∂\(block.symbol) (\(block.shape)):")
            let rows: [[String]]
            switch block.shape {
            case .matrix(let r, let c):
                rows = (0..<r).map { i in (0..<c).map { j in Format.value(block.values[i * c + j], digits: 12) } }
            default:
                rows = [block.values.map { Format.value($0, digits: 12) }]
            }
            for line in Format.table(rows.map { $0.map(rightAlignedNumber) }) { console.print(line) }
        }
        if let nonFinite {
            console.printError("Error: the gradient is not finite (\(nonFinite)): a NaN or an infinity is never a valid answer")
            return .checkFailed
        }
        return .success
    }

    /// "W[1,2] = NaN" or "the loss is inf" for the first value that is not finite; nil when all are.
    static func firstNonFinite(loss: Double, blocks: [NamedBlock]) -> String? {
        if !loss.isFinite { return "the loss is \(Format.value(loss))" }
        for block in blocks {
            if let entry = block.values.firstIndex(where: { !$0.isFinite }) {
                return "\(block.label(ofEntry: entry)) = \(Format.value(block.values[entry]))"
            }
        }
        return nil
    }

    /// Negative and positive numbers line up: positives get a leading space.
    private static func rightAlignedNumber(_ s: String) -> String { s.hasPrefix("-") ? s : " " + s }

    /// --bug: a catalogued bug, by id.
    static func catalogBug(_ arguments: ParsedArguments) throws(RNNGradCheckError) -> AnyBPTTBug? {
        guard let id = arguments.string("bug") else { return nil }
        guard let bug = NotationRegistry.bug(named: id) else {
            throw .usage("unknown bug '\(Echo.capped(id))' ('rnn-gradcheck bugs' lists the ids, e.g. \(NotationRegistry.bugs[0].id))", command: arguments.command.name)
        }
        return bug
    }

    /// The fixture, or one random case (default notation: `notation`, else the first registered one).
    static func singleCase(_ arguments: ParsedArguments, console: Console, notation defaultNotation: AnyNotation? = nil) throws(RNNGradCheckError) -> ProblemCase {
        let fallback = defaultNotation ?? NotationRegistry.all[0]
        return try arguments.problemCases(defaultNotations: [fallback], console: console)[0]
    }
}
