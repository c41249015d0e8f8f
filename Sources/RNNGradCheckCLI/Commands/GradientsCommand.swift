import RNNGradCheck

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
            OptionSpec("notation", value: "notation", help: "Notation of the random network (without --fixture).", default: "wildml", values: Notation.allCases.map(\.rawValue)),
            OptionSpec("seed", value: "seed", help: "Seed of the random network and sequence.", default: "1"),
        ] + OptionSpec.randomNetwork + [
            OptionSpec("truncate", value: "tau", help: "Truncate BPTT at τ steps (overrides a fixture's).", default: "full BPTT"),
            OptionSpec("bug", value: "id", help: "Print the gradients this catalogued bug computes instead of the correct ones."),
            OptionSpec("json", help: "Write the gradients document (JSON)."),
        ])

    static func run(_ arguments: ParsedArguments, console: Console) throws(CLIError) -> ExitStatus {
        try arguments.noPositionals()
        let bug = try catalogBug(arguments)
        let problemCase = try singleCase(arguments, console: console, notation: bug?.notation)
        var blocks = problemCase.problem.gradientBlocks(truncation: problemCase.problem.truncation)
        if let bug {
            guard bug.notation == problemCase.notation, let wrong = bug.gradientBlocks(problemCase.problem) else {
                throw .usage("the bug \(bug.id) is written in \(bug.notation.rawValue), but the network is written in \(problemCase.notation.rawValue)", command: spec.name)
            }
            if wrong.map(\.values) == blocks.map(\.values) {
                console.printError("note: on this network \(bug.id) gives the correct gradients (see 'rnn-gradcheck bugs' for the network that shows it)")
            }
            blocks = wrong
        }
        let document = GradientsDocument.encode(problemCase, blocks: blocks)
        if arguments.flag("json") {
            console.write(JSONWriter.write(document))
            return .success
        }
        let problem = problemCase.problem
        let notation = problemCase.notation
        let sizes = problemCase.sizes.map { "\($0.name)=\($0.value)" }.joined(separator: " ")
        let truncation = problem.truncation.map { "\(notation.truncationName) τ=\($0)" } ?? "full BPTT"
        console.print(console.styled("\(notation.rawValue) (\(notation.sources)): \(notation.model(of: problemCase.problem))", .bold))
        console.print("\(sizes), \(problemCase.origin), \(truncation)")
        if let bug { console.print("gradients of the bug \(bug.id): \(bug.title)") }
        let L = notation.lossSymbol
        console.print("loss \(L) = \(Format.value(problem.loss(), digits: 17))")
        for block in blocks {
            console.print()
            console.print("∂\(L)/∂\(block.symbol) (\(block.shape)):")
            let rows: [[String]]
            switch block.shape {
            case .matrix(let r, let c):
                rows = (0..<r).map { i in (0..<c).map { j in Format.value(block.values[i * c + j], digits: 12) } }
            case .vector:
                rows = [block.values.map { Format.value($0, digits: 12) }]
            }
            for line in Format.table(rows.map { $0.map(rightAlignedNumber) }) { console.print(line) }
        }
        return .success
    }

    /// Negative and positive numbers line up: positives get a leading space.
    private static func rightAlignedNumber(_ s: String) -> String { s.hasPrefix("-") ? s : " " + s }

    /// --bug: a catalogued bug, by id.
    static func catalogBug(_ arguments: ParsedArguments) throws(CLIError) -> CatalogBug? {
        guard let id = arguments.string("bug") else { return nil }
        guard let bug = CatalogBug.named(id) else {
            throw .usage("unknown bug '\(id)' ('rnn-gradcheck bugs' lists the ids, e.g. \(CatalogBug.all[0].id))", command: arguments.command.name)
        }
        return bug
    }

    /// The fixture, or one random case (default notation: `notation`, else wildml).
    static func singleCase(_ arguments: ParsedArguments, console: Console, notation defaultNotation: Notation? = nil) throws(CLIError) -> ProblemCase {
        if arguments.has("fixture") { return try CheckCommand.problemCases(arguments, console: console)[0] }
        let notation = arguments.string("notation").flatMap(Notation.init(rawValue:)) ?? defaultNotation ?? .wildml
        let size = try CheckCommand.networkSize(arguments, notations: [notation])
        let seed = try arguments.seed("seed") ?? 1
        let scale = try arguments.positiveReal("weight-scale") ?? 1
        let truncate = try arguments.integer("truncate", in: 0...Int.max)
        let g = try CheckCommand.outputActivation(arguments, notations: [notation])
        return ProblemCase.random(notation, size: size, seed: seed, weightScale: scale, truncate: truncate, outputActivation: g)
    }
}

/// `rnn-gradcheck fixture`: a seeded random fixture, to edit or to feed another program.
enum FixtureCommand {
    static let spec = CommandSpec(
        name: "fixture",
        abstract: "Write a seeded random fixture (JSON) to standard output.",
        discussion: """
            The network and sequence are the ones 'check --seed <seed>' uses. Edit the file, check it \
            with 'rnn-gradcheck check --fixture FILE', or give it to your own BPTT code.
            """,
        usage: "rnn-gradcheck fixture [--notation <notation>] [--seed <seed>] [<sizes>] [--truncate <tau>]",
        options: GradientsCommand.spec.options.filter { !["fixture", "json", "bug"].contains($0.name) })

    static func run(_ arguments: ParsedArguments, console: Console) throws(CLIError) -> ExitStatus {
        try arguments.noPositionals()
        let problemCase = try GradientsCommand.singleCase(arguments, console: console)
        let sizes = problemCase.sizes.map { "\($0.name)=\($0.value)" }.joined(separator: " ")
        let description = "rnn-gradcheck fixture: \(problemCase.notation.rawValue), \(sizes), \(problemCase.origin), weights uniform in ±scale/√fan-in"
        console.write(JSONWriter.write(Fixture.encode(problemCase, description: description)))
        return .success
    }
}
