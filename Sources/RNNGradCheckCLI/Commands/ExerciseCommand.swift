import Foundation
import RNNGradCheck
import RNNGradCheckKit

/// `rnn-gradcheck exercise list | show N | grade N ANSWER`: the classroom exercises and their grader.
enum ExerciseCommand {
    static let spec = CommandSpec(
        name: "exercise",
        abstract: "List, show and grade the classroom exercises.",
        discussion: """
            'exercise list' lists the exercises, from a forward pass by hand to truncated BPTT, the \
            softmax trap, the vanishing factor and finding a bug, in all four notations. 'exercise show \
            N' prints the statement, the network, what to submit and the tolerance ('--hints' adds \
            hints, '--fixture' prints the network as a fixture for your own program instead). \
            'exercise grade N ANSWER.json' grades an answer in the gradients format (from numpy, a \
            notebook or a hand calculation): per item (the loss, each parameter) a verdict, a score \
            (the fraction of entries within the tolerance), the worst entries and feedback naming the \
            likely mistake: transposed, sign flipped, a constant factor, zero rows, clipped, shifted by \
            one time step, truncated, or a catalogued bug ('rnn-gradcheck bugs'). The total score is the \
            mean over the items; the exit status is 0 only when every item is correct.

            Variants: with --student ID and a course secret (--secret or RNN_GRADCHECK_SECRET), 'show' \
            prints the student's own network (same sizes and difficulty, different numbers) and 'grade' \
            grades against it; an answer computed on another network (the published one, or another \
            student's) scores 0 and is told so. Without a secret no variant is made: a variant derived \
            from the id alone could be computed by anyone.

            A student's grade (the default) names the mistake, the entry and a coarse relative error, \
            never an expected value; --reveal (for instructors) prints the expected and the given \
            values. --submissions DIR grades one answer per student (a file ID.json or a folder ID/ \
            holding answer.json), on every core, and writes a gradebook CSV. --format gradescope writes \
            Gradescope's results.json, --format junit JUnit XML. notes/exercises.md and notes/grading.md \
            explain all of it.
            """,
        usage: "rnn-gradcheck exercise (list | show <n> [--hints] [--fixture] | grade <n> (<answer> | --submissions <dir>)) [--student <id>] [--secret <secret>] [--reveal] [--format <format>]",
        options: [
            OptionSpec("hints", help: "With 'show': also print the hints."),
            OptionSpec("fixture", help: "With 'show': print the exercise's fixture (JSON) only."),
            .student,
            .secret,
            OptionSpec("reveal", help: "With 'grade': the instructor's report, with the expected and the given values of wrong entries."),
            OptionSpec("submissions", value: "dir", help: "With 'grade': grade every submission in the folder (ID.json or ID/answer.json) into a gradebook CSV on standard output."),
            .format,
            .points,
            OptionSpec("json", help: "With 'list' or 'grade': write JSON (the same as --format json)."),
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
            try expect(arguments, positionals: 2, flags: ["hints", "fixture", "student", "secret"], action: action)
            let exercise = try numbered(words)
            let instance = try instance(exercise, arguments, console: console)
            if arguments.flag("fixture") {
                try arguments.forbid(["hints"], with: "fixture", because: "--fixture prints the fixture alone")
                console.write(instance.fixtureText)
            } else {
                show(instance, hints: arguments.flag("hints"), console: console)
            }
            return .success
        case "grade":
            if arguments.has("submissions") {
                try expect(arguments, positionals: 2, flags: ["submissions", "secret"], action: "grade --submissions")
                return try gradebook(try numbered(words), arguments, console: console)
            }
            guard words.count >= 3 else {
                if words.count == 2 {
                    throw .usage("missing the answer file: rnn-gradcheck exercise grade \(words[1]) ANSWER.json ('-' reads standard input)", command: spec.name)
                }
                throw .usage("missing the exercise number (1…\(Exercises.all.count)) and the answer file", command: spec.name)
            }
            try expect(arguments, positionals: 3, flags: ["json", "format", "points", "student", "secret", "reveal"], action: action)
            let format = try arguments.outputFormat()
            let points = try arguments.points()
            let start = DispatchTime.now()
            let exercise = try numbered(words)
            let instance = try instance(exercise, arguments, console: console)
            let (bytes, name) = try InputFile.read(words[2], standardInput: console.readInput)
            let answer = try Answer.decode(bytes, source: name, for: instance)
            let others = try otherNetworks(instance, answer: answer, arguments, console: console)
            let grade = Grader.grade(instance, answer: answer, source: name, otherNetworks: others)
            let audience: GradeAudience = arguments.flag("reveal") ? .instructor : .student
            switch format {
            case .text: grade.printText(to: console, audience: audience)
            case .json: console.write(JSONWriter.write(grade.json(audience: audience)))
            case .gradescope, .junit:
                let seconds = Double(DispatchTime.now().uptimeNanoseconds - start.uptimeNanoseconds) / 1e9
                console.write(grade.autograderReport(audience: audience, points: points, seconds: seconds), as: format)
            }
            return grade.passed ? .success : .checkFailed
        default:
            throw .usage("unknown action '\(Echo.capped(action))' (expected list, show or grade)", command: spec.name)
        }
    }

    /// Refuses extra words and the options another action takes.
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

    /// The published network, or with --student the student's variant (which needs the secret).
    private static func instance(_ exercise: Exercise, _ arguments: ParsedArguments, console: Console) throws(RNNGradCheckError) -> ExerciseInstance {
        guard let student = try arguments.student() else {
            if arguments.has("secret") {
                throw .usage("'--secret' derives a student's variant: it needs '--student <id>'", command: spec.name)
            }
            return try exercise.published()
        }
        let secret = try arguments.requiredSecret(console: console, for: "--student \(Echo.capped(student))")
        return Variants.make(exercise, student: student, secret: secret)
    }

    /// The networks an answer may have been computed on instead: the published one (for a variant),
    /// and the variant of the student the answer names (when there is a secret).
    private static func otherNetworks(
        _ instance: ExerciseInstance, answer: Answer, _ arguments: ParsedArguments, console: Console
    ) throws(RNNGradCheckError) -> [VariantCandidate] {
        var others: [ExerciseInstance] = []
        if instance.isVariant { others.append(try instance.exercise.published()) }
        if let named = answer.student, named != instance.student, Variants.validate(student: named) == nil,
            let secret = try arguments.secret(console: console)
        {
            others.append(Variants.make(instance.exercise, student: named, secret: secret))
        }
        return others.map(VariantCandidate.init)
    }

    // MARK: - grade --submissions

    private static func gradebook(_ exercise: Exercise, _ arguments: ParsedArguments, console: Console) throws(RNNGradCheckError) -> ExitStatus {
        let submissions = try Submissions.list(arguments.string("submissions")!)
        let secret = try arguments.secret(console: console)
        let book = Gradebook.grade(exercise, submissions: submissions, secret: secret)
        console.write(book.csv())
        let graded = book.rows.filter { $0.grade != nil }.count
        let correct = book.rows.filter { $0.grade?.passed ?? false }.count
        let against = book.variants ? "each against the student's own variant" : "against the published network (no course secret: no variants)"
        console.printError(String(
            format: "exercise %d: %d submissions, %d graded (%d fully correct), %@; %.2f s on %d threads",
            exercise.number, book.rows.count, graded, correct, against, book.seconds, book.threads))
        return book.passed ? .success : .checkFailed
    }

    // MARK: - list

    /// How the items of an exercise are printed: "E, ∂E/∂V, ∂E/∂W".
    static func asked(_ exercise: Exercise, notation: AnyNotation, symbols: [String: String]) -> String {
        guard exercise.asksForGradients else {
            switch exercise.task {
            case .vanishingFactor(let t, let k): return "∂s_\(t)/∂s_\(k), vanishes"
            case .findTheBug: return "bug, step"
            case .truncationBias: return exercise.gradients.map { "bias(\(symbols[$0] ?? $0))" }.joined(separator: ", ")
            case .gradients: return ""
            }
        }
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

    private static func show(_ instance: ExerciseInstance, hints: Bool, console: Console) {
        let exercise = instance.exercise
        let problemCase = instance.problemCase
        let notation = problemCase.notation
        let problem = problemCase.problem
        let blocks = problem.parameterBlocks
        let symbols = Dictionary(uniqueKeysWithValues: blocks.map { ($0.key, $0.symbol) })
        let text = exercise.text(for: instance)
        let solve = exercise.byHand ? "by hand" : "in code"
        console.print(console.styled("exercise \(exercise.number) (\(exercise.level.rawValue), \(solve)): \(exercise.title)", .bold))
        console.print("\(notation.name) (\(notation.sources)): \(notation.model(of: problem))")
        if let student = instance.student { console.print("the variant of student \(student): your own network; grade it with --student \(student)") }
        console.print()
        for line in text.statement.components(separatedBy: "\n") { console.print(line) }
        console.print()

        let sizes = problemCase.sizes.map { "\($0.name)=\($0.value)" }.joined(separator: " ")
        let source = instance.isVariant ? "'--fixture' prints it as a fixture" : "the fixture \(exercise.fixturePath)"
        console.print(console.styled("network (\(sizes), \(problemCase.networkLabel)), \(source):", .bold))
        for block in blocks {
            console.print("  \(block.key) (\(block.shape)): \(compact(Fixture.encodeBlock(block.values, shape: block.shape)))")
        }
        let fixture = Fixture.encode(problemCase)
        for key in ["inputs", "targets"] {
            if let value = fixture[key] { console.print("  \(key): \(compact(value))") }
        }
        console.print()
        if let given = instance.givenBlocks {
            console.print(console.styled("the gradient the changed bptt printed (loss \(String(problem.loss()))):", .bold))
            for block in given {
                console.print("  dLd\(block.key) (\(block.shape)): \(compact(Fixture.encodeBlock(block.values, shape: block.shape)))")
            }
            console.print()
        }

        console.print(console.styled("submit (\(exercise.asksForGradients ? "the gradients format, with these keys and shapes" : "\"values\", with these keys and shapes")):", .bold))
        console.print("{")
        console.print("  \"notation\": \(JSONWriter.quote(notation.name)),")
        if let student = instance.student { console.print("  \"student\": \(JSONWriter.quote(student)),") }
        if exercise.asksForGradients {
            // A template to fill in, each matrix on one line.
            let zeros = exercise.gradients.compactMap { key in blocks.first { $0.key == key } }.map { block in
                "    \(JSONWriter.quote(block.key)): \(compact(Fixture.encodeBlock(block.values, shape: block.shape).integerZeros))"
            }
            console.print("  \"loss\": 0\(zeros.isEmpty ? "" : ",")")
            if !zeros.isEmpty {
                console.print("  \"gradients\": {")
                console.print(zeros.joined(separator: ",\n"))
                console.print("  }")
            }
        } else {
            let reference = ExerciseReference(instance)
            let lines: [String] = exercise.items.map { key in
                if let block = reference.block(key) {
                    return "    \(JSONWriter.quote(key)): \(compact(Fixture.encodeBlock(block.values, shape: block.shape).integerZeros))"
                }
                if reference.booleans[key] != nil { return "    \(JSONWriter.quote(key)): false" }
                if key == "bug" { return "    \"bug\": \"\(notation.name)/…\"" }
                return "    \(JSONWriter.quote(key)): 0"
            }
            console.print("  \"values\": {")
            console.print(lines.joined(separator: ",\n"))
            console.print("  }")
        }
        console.print("}")
        let items = asked(exercise, notation: notation, symbols: symbols)
        if !exercise.asksForGradients {
            console.print("graded items: \(items)")
        } else if exercise.gradients.isEmpty {
            console.print("graded item: the loss \(items)")
        } else {
            console.print("graded items: \(items) (each gradient with its own sign, not the update −η ∂\(notation.lossSymbol)/∂θ)")
        }
        if case .findTheBug = exercise.task {
            console.print("graded: the bug is right when it computes the gradient above on this network; the step, when it is that bug's line")
        } else {
            let digits = exercise.byHand ? "; give at least 4 significant digits" : ""
            console.print("tolerance: \(exercise.toleranceText) relative\(digits)")
        }
        let student = instance.student.map { " --student \($0)" } ?? ""
        console.print("grade: rnn-gradcheck exercise grade \(exercise.number) answer.json\(student)")
        if hints {
            console.print()
            console.print(console.styled("hints:", .bold))
            for hint in text.hints {
                let lines = Format.wrap(hint, width: 94)
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
