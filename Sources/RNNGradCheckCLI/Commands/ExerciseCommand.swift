import RNNGradCheck
import RNNGradCheckKit

/// `rnn-gradcheck exercise list | show N | grade N ANSWER`: the classroom exercises and their grader.
enum ExerciseCommand {
    static let spec = CommandSpec(
        name: "exercise",
        abstract: "List, show and grade the classroom exercises.",
        discussion: """
            'exercise list' lists the exercises, from a forward pass by hand to truncated BPTT and the \
            softmax trap, in all three notations. 'exercise show N' prints the statement, the network, \
            what to submit and the tolerance ('--hints' adds hints, '--fixture' prints the network as a \
            fixture for your own program instead). 'exercise grade N ANSWER.json' grades an answer in the \
            gradients format (from numpy, a notebook or a hand calculation): per item (the loss, each \
            parameter) a verdict, a score (the fraction of entries within the tolerance), the worst \
            entries and feedback naming the likely mistake: transposed, sign flipped, a constant factor, \
            zero rows, shifted by one time step, truncated, or a catalogued bug ('rnn-gradcheck bugs'). \
            The total score is the mean over the items; the exit status is 0 only when every item is \
            correct. notes/exercises.md and notes/grading.md explain both.
            """,
        usage: "rnn-gradcheck exercise (list | show <n> [--hints] [--fixture] | grade <n> <answer>) [--json]",
        options: [
            OptionSpec("hints", help: "With 'show': also print the hints."),
            OptionSpec("fixture", help: "With 'show': print the exercise's fixture (JSON) only."),
            OptionSpec("json", help: "With 'list' or 'grade': write JSON."),
        ],
        arguments: [
            ("action", "list, show or grade."),
            ("n", "The exercise number (1…\(Exercises.all.count))."),
            ("answer", "With 'grade': the answer file, in the gradients format ('-' reads standard input)."),
        ])

    static func run(_ arguments: ParsedArguments, console: Console) throws(RNNGradCheckError) -> ExitStatus {
        let words = arguments.positionals
        guard let action = words.first else {
            throw .usage("missing the action: expected list, show or grade", command: spec.name)
        }
        switch action {
        case "list":
            try expect(arguments, positionals: 1, flags: ["json"], action: action)
            list(json: arguments.flag("json"), console: console)
            return .success
        case "show":
            try expect(arguments, positionals: 2, flags: ["hints", "fixture"], action: action)
            let exercise = try numbered(words)
            if arguments.flag("fixture") {
                try arguments.forbid(["hints"], with: "fixture", because: "--fixture prints the fixture alone")
                console.write(exercise.fixtureText)
            } else {
                try show(exercise, hints: arguments.flag("hints"), console: console)
            }
            return .success
        case "grade":
            guard words.count >= 3 else {
                if words.count == 2 {
                    throw .usage("missing the answer file: rnn-gradcheck exercise grade \(words[1]) ANSWER.json ('-' reads standard input)", command: spec.name)
                }
                throw .usage("missing the exercise number (1…\(Exercises.all.count)) and the answer file", command: spec.name)
            }
            try expect(arguments, positionals: 3, flags: ["json"], action: action)
            let exercise = try numbered(words)
            let problemCase = try exercise.problemCase()
            let (bytes, name) = try InputFile.read(words[2], standardInput: console.readInput)
            let answer = try Answer.decode(bytes, source: name, for: exercise, problemCase: problemCase)
            let grade = Grader.grade(exercise, problemCase: problemCase, answer: answer, source: name)
            if arguments.flag("json") {
                console.write(JSONWriter.write(grade.json()))
            } else {
                grade.printText(to: console)
            }
            return grade.passed ? .success : .checkFailed
        default:
            throw .usage("unknown action '\(Echo.capped(action))' (expected list, show or grade)", command: spec.name)
        }
    }

    /// Refuses extra words and the flags another action takes.
    private static func expect(_ arguments: ParsedArguments, positionals count: Int, flags: [String], action: String) throws(RNNGradCheckError) {
        if arguments.positionals.count > count {
            throw .usage("unexpected argument '\(Echo.capped(arguments.positionals[count]))'", command: spec.name)
        }
        if arguments.positionals.count < count {
            throw .usage("missing the exercise number (1…\(Exercises.all.count))", command: spec.name)
        }
        for option in spec.options.map(\.name) where arguments.has(option) && !flags.contains(option) {
            throw .usage("'--\(option)' does not apply to 'exercise \(action)'", command: spec.name)
        }
    }

    private static func numbered(_ words: [String]) throws(RNNGradCheckError) -> Exercise {
        guard let number = Int(words[1]), let exercise = Exercises.numbered(number) else {
            throw .usage("the exercise number '\(Echo.capped(words[1]))' is invalid: expected an integer in 1…\(Exercises.all.count)", command: spec.name)
        }
        return exercise
    }

    // MARK: - list

    /// How the items of an exercise are printed: "E, ∂E/∂V, ∂E/∂W".
    static func asked(_ exercise: Exercise, notation: AnyNotation, symbols: [String: String]) -> String {
        let L = exercise.lossSymbol(notation)
        let base = notation.lossSymbol
        let wrt = exercise.objective == .sum ? base : L
        return ([L] + exercise.gradients.map { "∂\(wrt)/∂\(symbols[$0] ?? $0)" }).joined(separator: ", ")
    }

    private static func list(json: Bool, console: Console) {
        var rows = [["#", "level", "notation", "solve", "asks for", "title"]]
        var entries: [JSONValue] = []
        for exercise in Exercises.all {
            guard let problemCase = try? exercise.problemCase() else { continue }
            let symbols = Dictionary(uniqueKeysWithValues: problemCase.problem.parameterBlocks.map { ($0.key, $0.symbol) })
            let asks = asked(exercise, notation: problemCase.notation, symbols: symbols)
            rows.append([
                String(exercise.number), exercise.level.rawValue, problemCase.notation.name,
                exercise.byHand ? "by hand" : "in code", asks, exercise.title,
            ])
            entries.append(.object([
                ("number", .integer(exercise.number)),
                ("title", .string(exercise.title)),
                ("level", .string(exercise.level.rawValue)),
                ("notation", .string(problemCase.notation.name)),
                ("by_hand", .bool(exercise.byHand)),
                ("items", .array(exercise.items.map { .string($0) })),
                ("tolerance", .number(exercise.tolerance)),
                ("fixture", .string(exercise.fixturePath)),
            ]))
        }
        if json {
            console.write(JSONWriter.write(.object([("schema", .string("rnn-gradcheck/exercises/1")), ("exercises", .array(entries))])))
            return
        }
        console.print(console.styled("rnn-gradcheck exercises: 'exercise show N' for the statement, 'exercise grade N ANSWER.json' to grade", .bold))
        console.print()
        for (i, line) in Format.table(rows).enumerated() { console.print(i == 0 ? console.styled(line, .dim) : line) }
    }

    // MARK: - show

    private static func show(_ exercise: Exercise, hints: Bool, console: Console) throws(RNNGradCheckError) {
        let problemCase = try exercise.problemCase()
        let notation = problemCase.notation
        let problem = problemCase.problem
        let blocks = problem.parameterBlocks
        let symbols = Dictionary(uniqueKeysWithValues: blocks.map { ($0.key, $0.symbol) })
        let solve = exercise.byHand ? "by hand" : "in code"
        console.print(console.styled("exercise \(exercise.number) (\(exercise.level.rawValue), \(solve)): \(exercise.title)", .bold))
        console.print("\(notation.name) (\(notation.sources)): \(notation.model(of: problem))")
        console.print()
        for line in exercise.statement.components(separatedBy: "\n") { console.print(line) }
        console.print()

        let sizes = problemCase.sizes.map { "\($0.name)=\($0.value)" }.joined(separator: " ")
        console.print(console.styled("network (\(sizes), \(problemCase.networkLabel)), the fixture \(exercise.fixturePath):", .bold))
        for block in blocks {
            console.print("  \(block.key) (\(block.shape)): \(compact(Fixture.encodeBlock(block.values, shape: block.shape)))")
        }
        let fixture = Fixture.encode(problemCase)
        for key in ["inputs", "targets"] {
            if let value = fixture[key] { console.print("  \(key): \(compact(value))") }
        }
        console.print()

        console.print(console.styled("submit (the gradients format, with these keys and shapes):", .bold))
        // A template to fill in, each matrix on one line.
        let zeros = exercise.gradients.compactMap { key in blocks.first { $0.key == key } }.map { block in
            "    \(JSONWriter.quote(block.key)): \(compact(Fixture.encodeBlock(block.values, shape: block.shape).integerZeros))"
        }
        console.print("{")
        console.print("  \"notation\": \(JSONWriter.quote(notation.name)),")
        console.print("  \"loss\": 0\(zeros.isEmpty ? "" : ",")")
        if !zeros.isEmpty {
            console.print("  \"gradients\": {")
            console.print(zeros.joined(separator: ",\n"))
            console.print("  }")
        }
        console.print("}")
        let items = asked(exercise, notation: notation, symbols: symbols)
        if exercise.gradients.isEmpty {
            console.print("graded item: the loss \(items)")
        } else {
            console.print("graded items: \(items) (each gradient with its own sign, not the update −η ∂\(notation.lossSymbol)/∂θ)")
        }
        let digits = exercise.byHand ? "; give at least 4 significant digits" : ""
        console.print("tolerance: \(exercise.toleranceText) relative\(digits)")
        console.print("grade: rnn-gradcheck exercise grade \(exercise.number) answer.json")
        if hints {
            console.print()
            console.print(console.styled("hints:", .bold))
            for hint in exercise.hints {
                let lines = Help.wrap(hint, width: 94)
                for (i, line) in lines.enumerated() { console.print((i == 0 ? "  - " : "    ") + line) }
            }
        }
    }

    /// A JSON value on one line: `[[0.5, -0.3], [0.2, 0.4]]`.
    private static func compact(_ value: JSONValue) -> String {
        switch value {
        case .array(let elements): return "[" + elements.map(compact).joined(separator: ", ") + "]"
        default: return JSONWriter.write(value).trimmingCharacters(in: .newlines)
        }
    }
}

extension JSONValue {
    /// The same arrays with every number written as the integer 0 (a template to fill in).
    fileprivate var integerZeros: JSONValue {
        switch self {
        case .array(let elements): return .array(elements.map(\.integerZeros))
        case .number: return .integer(0)
        default: return self
        }
    }
}
