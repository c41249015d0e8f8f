import Foundation
import RNNGradCheck
import XCTest

@testable import RNNGradCheckCLI
@testable import RNNGradCheckKit

/// The exercises: fixtures embedded byte for byte, references confirmed by the checker, correct answers
/// graded full marks, and wrong answers (from catalogued bugs and from synthetic mistakes) named.
final class ExerciseTests: XCTestCase {
    // MARK: - The exercises themselves

    func testEmbeddedFixtures_AreTheFilesOnDisk() throws {
        let directory = fixturesDirectory.appendingPathComponent("exercises")
        let files = try FileManager.default.contentsOfDirectory(atPath: directory.path).filter { $0.hasSuffix(".json") }.sorted()
        XCTAssertEqual(files, Exercises.all.map(\.file).sorted(), "every fixture in Fixtures/exercises is an exercise, and the other way round")
        XCTAssertEqual(ExerciseFixtures.embedded.map(\.file).sorted(), files)
        for exercise in Exercises.all {
            let onDisk = try Data(contentsOf: directory.appendingPathComponent(exercise.file))
            XCTAssertEqual(Array(exercise.fixtureText.utf8), Array(onDisk), "\(exercise.file): the embedded text differs from the file")
        }
    }

    func testExercises_CoverTheThreeNotationsFromEasyToHard() throws {
        let exercises = Exercises.all
        XCTAssertGreaterThanOrEqual(exercises.count, 14)
        XCTAssertEqual(exercises.map(\.number), Array(1...exercises.count))
        let notations = try Set(exercises.map { try $0.problemCase().notation })
        XCTAssertEqual(notations, Set(NotationRegistry.all))
        XCTAssertEqual(Set(exercises.map(\.level)), [.easy, .medium, .hard])
        for exercise in exercises {
            let problemCase = try exercise.problemCase()
            let sizes = Dictionary(uniqueKeysWithValues: problemCase.sizes.map { ($0.name, $0.value) })
            if exercise.byHand {
                // Small enough for paper: at most 2 hidden units and 3 steps.
                XCTAssertLessThanOrEqual(sizes["H"] ?? sizes["M"] ?? 0, 2, exercise.file)
                XCTAssertLessThanOrEqual(sizes["T"] ?? 0, 3, exercise.file)
                XCTAssertEqual(exercise.tolerance, Exercises.handTolerance, exercise.file)
            } else {
                XCTAssertEqual(exercise.tolerance, Exercises.codeTolerance, exercise.file)
            }
            // The pinned fixture format, with where the numbers come from.
            let document = try JSONParser.parse(exercise.fixtureText)
            guard case .string(let description)? = document["description"], case .string(let source)? = document["source"] else {
                return XCTFail("\(exercise.file): no description or source")
            }
            XCTAssert(description.hasPrefix("Exercise \(exercise.number):"), exercise.file)
            XCTAssert(source.contains("ExerciseTests"), exercise.file)
            let keys = problemCase.problem.parameterBlocks.map(\.key)
            XCTAssert(exercise.gradients.allSatisfy(keys.contains), exercise.file)
            XCTAssertFalse(exercise.statement.isEmpty)
            XCTAssertFalse(exercise.hints.isEmpty)
            // Every placeholder of the statement and the hints is filled.
            for text in [exercise.statement] + exercise.hints { XCTAssertFalse(text.contains("{{"), "\(exercise.number): \(text)") }
        }
        // The exercises the second pass added: the vanishing factor, min-char-rnn's biases, find the bug,
        // the bias of truncation; numbers 1…10 keep their files.
        XCTAssertEqual(exercises.prefix(10).map { String($0.file.prefix(3)) }, (1...10).map { String(format: "%02d-", $0) })
        XCTAssert(exercises.contains { if case .vanishingFactor = $0.task { return true } else { return false } })
        XCTAssert(exercises.contains { if case .findTheBug = $0.task { return true } else { return false } })
        XCTAssert(exercises.contains { $0.task == .truncationBias })
        XCTAssert(try exercises.contains { try $0.problemCase().notation.name == "min-char-rnn" && $0.gradients.contains("bh") })
        // The exercises a course needs first: a forward pass at T = 1, truncation, the softmax trap, E_3.
        XCTAssert(exercises.contains { $0.gradients.isEmpty })
        XCTAssert(try exercises.contains { try $0.problemCase().truncation == 1 })
        XCTAssert(try exercises.contains { (try $0.problemCase().problem as? IndexWise.Problem<Double>)?.network.g == .softmax })
        XCTAssert(exercises.contains { $0.objective == .output(3) })
    }

    /// notes/exercises.md holds every statement and hint as the program prints them.
    func testNote_HoldsEveryStatementAndHint() throws {
        let note = try String(
            contentsOf: fixturesDirectory.deletingLastPathComponent().appendingPathComponent("notes/exercises.md"), encoding: .utf8)
        for exercise in Exercises.all {
            XCTAssert(note.contains("## Exercise \(exercise.number): \(exercise.title)\n"), "exercise \(exercise.number): heading")
            XCTAssert(note.contains("```text\n\(exercise.statement)\n```"), "exercise \(exercise.number): the statement differs from the note")
            for hint in exercise.hints { XCTAssert(note.contains("- \(hint)\n"), "exercise \(exercise.number): hint “\(hint)” not in the note") }
        }
    }

    /// The reference answer is the package's BPTT; the checker confirms it against numerical
    /// gradients of the objective each fixture poses, independently of that BPTT.
    func testEveryReference_PassesTheChecker() throws {
        for exercise in Exercises.all where exercise.objective == .sum && exercise.asksForGradients {
            let problemCase = try exercise.problemCase()
            let reference = ExerciseReference(exercise, problemCase: problemCase)
            let check = problemCase.problem.checkBlocks(reference.blocks.map(\.values), settings: CheckSettings())
            XCTAssert(check.passed, "\(exercise.file): \(check.blocks.map { "\($0.symbol) \($0.maxRelativeError)" })")
            XCTAssertEqual(reference.loss, problemCase.problem.loss())
        }
    }

    /// Exercise 6's E_3 reference (the complex step of E_3 alone) against BPTT: ∂E_3/∂θ is ∂E/∂θ of
    /// the four-step sentence minus ∂E/∂θ of its first three steps, since E_0, E_1, E_2 do not see step 3.
    func testE3Reference_EqualsTheDifferenceOfTwoBPTTs() throws {
        let exercise = try XCTUnwrap(Exercises.all.first { $0.objective == .output(3) })
        let problemCase = try exercise.problemCase()
        let problem = try XCTUnwrap(problemCase.problem as? Wildml.Problem<Double>)
        XCTAssertEqual(problem.steps, 4)
        let prefix = Wildml.Problem(rnn: problem.rnn, x: Array(problem.x.prefix(3)), y: Array(problem.y.prefix(3)))
        let reference = ExerciseReference(exercise, problemCase: problemCase)
        let whole = gradientBlocksOf(problem), first3 = gradientBlocksOf(prefix)
        for (index, block) in reference.blocks.enumerated() {
            let difference = zip(whole[index], first3[index]).map { $0 - $1 }
            XCTAssertLessThan(Equivalence.relativeDifference(difference, block.values), 1e-13, block.symbol)
            // And E_3 is not E: the exercise asks for something else than ∂E/∂θ.
            XCTAssertGreaterThan(Equivalence.relativeDifference(whole[index], block.values), 1e-2, block.symbol)
        }
        XCTAssertEqual(reference.loss, problem.loss() - prefix.loss(), accuracy: 1e-13 * reference.loss)
    }

    // MARK: - Grading

    func testCorrectAnswers_GetFullMarks() throws {
        for exercise in Exercises.all {
            let path = try temporaryFile(try referenceAnswer(exercise.published()), name: "answer.json", testCase: self)
            let result = rnnGradcheck(["exercise", "grade", String(exercise.number), path])
            XCTAssertEqual(result.status, .success, "\(exercise.file): \(result.out)")
            XCTAssert(result.out.hasSuffix("score 1.00 (\(exercise.items.count) of \(exercise.items.count) items correct)\n"), result.out)
            XCTAssertFalse(result.out.contains("wrong"))
            let json = rnnGradcheck(["exercise", "grade", String(exercise.number), path, "--json"])
            XCTAssertEqual(json.status, .success)
            let report = try JSONParser.parse(json.out)
            XCTAssertEqual(report["score"], .number(1))
            XCTAssertEqual(report["passed"], .bool(true))
            XCTAssertEqual(report["items_total"], .integer(exercise.items.count))
        }
    }

    /// An answer produced by a catalogued bug gets feedback naming that bug.
    func testAnswersFromCatalogBugs_NameTheBug() throws {
        let cases: [(exercise: Int, bug: String)] = [
            (3, "wildml/missing-tanh-derivative"),
            (3, "wildml/no-propagation-through-time"),
            (4, "denominator-layout/dropped-superscript"),
            (5, "index-wise/derivative-at-output"),
            (5, "index-wise/document-delta-as-gradient"),
            (7, "wildml/truncation-one-step-long"),
            (8, "index-wise/softmax-jacobian-diagonal"),
            (9, "denominator-layout/W-rec-not-transposed"),
            (9, "denominator-layout/current-hidden-in-dEdWrec"),
            (10, "index-wise/no-hidden-bias-gradient"),
            (10, "index-wise/u-not-transposed"),
        ]
        XCTAssertGreaterThanOrEqual(Set(cases.map(\.bug)).count, 5)
        for (number, id) in cases {
            let exercise = try XCTUnwrap(Exercises.numbered(number))
            // The bug's answer as a student program would print it.
            let printed = rnnGradcheck(["gradients", "--fixture", "-", "--json", "--bug", id], input: exercise.fixtureText)
            XCTAssertEqual(printed.status, .success, printed.err)
            let path = try temporaryFile(printed.out, name: "bug.json", testCase: self)
            let text = rnnGradcheck(["exercise", "grade", String(number), path])
            XCTAssertEqual(text.status, .checkFailed, "\(id) on exercise \(number) got full marks")
            XCTAssert(text.out.contains("(\(id))"), "exercise \(number): the feedback does not name \(id):\n\(text.out)")
            let json = try JSONParser.parse(rnnGradcheck(["exercise", "grade", String(number), path, "--json"]).out)
            guard case .array(let items) = json["items"] else { return XCTFail("no items") }
            let named = items.flatMap { item -> [JSONValue] in
                guard case .array(let bugs) = item["matching_bugs"] else { return [] }
                return bugs.compactMap { $0["id"] }
            }
            XCTAssert(named.contains(.string(id)), "\(id) not in matching_bugs of exercise \(number)")
        }
    }

    func testSyntheticMistakes_AreNamed() throws {
        let ex3 = try XCTUnwrap(Exercises.numbered(3)), ex5 = try XCTUnwrap(Exercises.numbered(5)), ex9 = try XCTUnwrap(Exercises.numbered(9))
        let ex10 = try XCTUnwrap(Exercises.numbered(10)), ex6 = try XCTUnwrap(Exercises.numbered(6)), ex1 = try XCTUnwrap(Exercises.numbered(1))
        let ex9Case = try ex9.problemCase()
        let truncated = ex9Case.problem.gradientBlocks(truncation: 1)
        let full10 = try ex10.problemCase().problem.gradientBlocks(truncation: nil)
        let whole6 = try ex6.problemCase().problem.gradientBlocks(truncation: nil)
        let cases: [(name: String, exercise: Exercise, text: String, kind: String, phrase: String)] = [
            ("negated", ex5, try answer(ex5) { _, values in values.map { -$0 } }, "sign-flipped", "Sign flipped: every entry has the opposite sign"),
            ("doubled", ex9, try answer(ex9, only: "W_out") { _, values in values.map { 2 * $0 } }, "constant-factor", "Off by a constant factor 2: every entry is 2 ×"),
            ("mean over T", ex9, try answer(ex9) { _, values in values.map { $0 / 5 } }, "constant-factor", "Off by a constant factor 1/T (T = 5)"),
            ("three times", ex9, try answer(ex9, only: "W_in") { _, values in values.map { 3 * $0 } }, "constant-factor", "Off by a constant factor 3: every entry is 3 ×"),
            ("zero row", ex9, try answer(ex9, only: "W_in") { _, values in values.enumerated().map { $0.offset / 4 == 1 ? 0 : $0.element } }, "zero-rows", "Zero rows: row 1 of W_in is 0"),
            ("zero entry", ex10, try answer(ex10, only: "theta_j") { _, values in [values[0], values[1], 0] }, "zero-entries", "Zero entries: θ_j[2] is 0"),
            ("all zero", ex9, try answer(ex9, only: "W_rec") { _, values in values.map { _ in 0 } }, "all-zero", "All zero: every entry of W_rec is 0"),
            ("transposed square", ex9, try answer(ex9, only: "W_rec") { _, values in transpose(values, rows: 3, columns: 3) }, "transposed", "Transposed: your W_rec gradient is the transpose"),
            ("transposed shape", ex3, try answer(ex3, only: "U", transposed: true), "transposed-shape", "Transposed: you gave U as a 2×1 matrix, the transpose of its 1×2 shape; transposed back, every entry is right"),
            ("truncated", ex9, try answer(ex9) { key, _ in truncated.first { $0.key == key }!.values }, "truncated", "Truncated: this is truncated BPTT with τ = 1"),
            ("not truncated", ex10, try answer(ex10) { key, _ in full10.first { $0.key == key }!.values }, "not-truncated", "Not truncated: this is full BPTT, but the fixture sets the unfolding depth τ = 2"),
            ("whole E for E_3", ex6, try answer(ex6) { key, _ in whole6.first { $0.key == key }!.values }, "whole-loss", "not of E_3 alone"),
            ("log10 loss", ex1, try answer(ex1, loss: { $0 / M_LN10 }), "constant-factor", "Off by a constant factor 1/ln 10"),
        ]
        for (name, exercise, text, kind, phrase) in cases {
            let path = try temporaryFile(text, name: "\(name).json", testCase: self)
            let result = rnnGradcheck(["exercise", "grade", String(exercise.number), path])
            XCTAssertEqual(result.status, .checkFailed, name)
            let report = try JSONParser.parse(rnnGradcheck(["exercise", "grade", String(exercise.number), path, "--json"]).out)
            guard case .array(let items) = report["items"] else { return XCTFail(name) }
            let feedback = items.compactMap { item -> String? in if case .string(let text)? = item["feedback"] { return text } else { return nil } }
            XCTAssert(feedback.contains { $0.contains(phrase) }, "\(name): expected “\(phrase)” in \(feedback)")
            let kinds = items.flatMap { item -> [JSONValue] in
                guard case .array(let mistakes) = item["mistakes"] else { return [] }
                return mistakes.compactMap { $0["kind"] }
            }
            XCTAssert(kinds.contains(.string(kind)), "\(name): \(kinds)")
        }
    }

    /// Scores: the fraction of right entries per item, the mean over items; a block with noise in every
    /// entry matches no catalogued mistake, and the grader says so instead of inventing one.
    func testScores_AndAnswersNoMistakeExplains() throws {
        let ex9 = try XCTUnwrap(Exercises.numbered(9))
        // W_in: 3 of its 12 entries off by 10 %; W_rec: every entry off by a different amount.
        let text = try answer(ex9) { key, values in
            switch key {
            case "W_in": return values.enumerated().map { $0.offset < 3 ? $0.element * 1.1 : $0.element }
            case "W_rec": return values.enumerated().map { $0.element * (1 + 0.05 * Double($0.offset + 1)) }
            default: return values
            }
        }
        let path = try temporaryFile(text, testCase: self)
        let report = try JSONParser.parse(rnnGradcheck(["exercise", "grade", "9", path, "--json"]).out)
        guard case .array(let items) = report["items"] else { return XCTFail() }
        XCTAssertEqual(items.map { $0["verdict"] }, ["correct", "partially correct", "wrong", "correct"].map { .string($0) })
        XCTAssertEqual(items[1]["score"], .number(0.75))
        XCTAssertEqual(items[1]["entries_right"], .integer(9))
        XCTAssertEqual(items[2]["score"], .number(0))
        XCTAssertEqual(report["score"], .number((1 + 0.75 + 0 + 1) / 4))
        XCTAssertEqual(report["items_correct"], .integer(2))
        XCTAssertEqual(items[2]["mistakes"], .array([]))
        XCTAssertEqual(items[2]["matching_bugs"], .array([]))
        guard case .string(let feedback)? = items[1]["feedback"] else { return XCTFail() }
        XCTAssertEqual(feedback, "9 of 12 entries are right; no catalogued mistake explains the others.")
        guard case .array(let worst)? = items[2]["worst_entries"] else { return XCTFail() }
        XCTAssertEqual(worst.count, 3)
        XCTAssertEqual(worst.first?["label"], .string("W_rec[2,2]"), "the entry off by the most comes first")
        let textReport = rnnGradcheck(["exercise", "grade", "9", path])
        XCTAssert(textReport.out.hasSuffix("score 0.69 (2 of 4 items correct)\n"), textReport.out)
    }

    /// Hand answers: 4 significant digits pass, 2 do not.
    func testHandTolerance_AcceptsFourSignificantDigits() throws {
        let ex3 = try XCTUnwrap(Exercises.numbered(3))
        func rounded(_ digits: Int) -> (Double) -> Double {
            { x in x == 0 ? 0 : Double(String(format: "%.\(digits - 1)e", x))! }
        }
        let four = try temporaryFile(try answer(ex3, transform: { _, values in values.map(rounded(4)) }, loss: rounded(4)), testCase: self)
        XCTAssertEqual(rnnGradcheck(["exercise", "grade", "3", four]).status, .success)
        let two = try temporaryFile(try answer(ex3, transform: { _, values in values.map(rounded(2)) }, loss: rounded(2)), testCase: self)
        XCTAssertEqual(rnnGradcheck(["exercise", "grade", "3", two]).status, .checkFailed)
    }

    func testLenientReading_VectorsAsColumnsAndLossOnlyAnswers() throws {
        let ex5 = try XCTUnwrap(Exercises.numbered(5))
        // numpy's (M, 1) arrays for the biases.
        let problemCase = try ex5.problemCase()
        let reference = ExerciseReference(ex5, problemCase: problemCase)
        let asColumns = """
            {"loss": \(reference.loss), "gradients": {
              "V": [[\(reference.block("V")!.values[0])]], "U": [[\(reference.block("U")!.values[0])]], "W": [[\(reference.block("W")!.values[0])]],
              "theta_j": [[\(reference.block("theta_j")!.values[0])]], "theta_k": [[\(reference.block("theta_k")!.values[0])]]}}
            """
        let path = try temporaryFile(asColumns, testCase: self)
        let result = rnnGradcheck(["exercise", "grade", "5", path])
        XCTAssertEqual(result.status, .success, result.out + result.err)
        // Exercise 1 asks for the loss only: no gradients needed.
        let ex1 = try XCTUnwrap(Exercises.numbered(1))
        let loss = ExerciseReference(ex1, problemCase: try ex1.problemCase()).loss
        let lossOnly = rnnGradcheck(["exercise", "grade", "1", "-"], input: "{\"loss\": \(loss)}")
        XCTAssertEqual(lossOnly.status, .success, lossOnly.err)
        XCTAssert(lossOnly.out.contains("standard input graded against"))
    }

    func testMalformedAnswers_Exit65WithOneLine() throws {
        let cases: [(String, String, String)] = [
            ("3", #"{"loss": 1, "gradients": {"U": [[0, 0]], "V": [[0], [0]]}}"#, "missing key \"W\" in gradients (exercise 3 asks for loss, U, V or W)"),
            ("3", #"{"gradients": {}}"#, "missing key \"loss\" (exercise 3 asks for loss, U, V or W)"),
            ("3", #"{"loss": 1}"#, "missing key \"gradients\" (exercise 3 asks for loss, U, V or W)"),
            ("3", #"{"loss": 1, "gradients": {"U": [[0, 0, 0]], "V": [[0], [0]], "W": [[0]]}}"#, "gradients.U must be 1×2 like parameters.U, found 1×3"),
            ("3", #"{"loss": "1.2"}"#, "loss must be a number, found the string \"1.2\""),
            ("3", #"{"notation": "index-wise", "loss": 1}"#, "notation is \"index-wise\" but exercise 3 is written in wildml"),
            ("3", #"{"loss": 1, "gradients": {"dLdU": [[0, 0]]}}"#, "unknown key \"dLdU\" in gradients (expected \"U\", \"V\" or \"W\")"),
            ("3", #"{"loss": NaN}"#, "loss is NaN: a NaN or an infinity is never a pass (every entry must be finite)"),
            ("5", #"{"loss": 1, "gradients": {"V": [[0]], "U": [[0]], "W": [[0]], "theta_j": [0, 1], "theta_k": [0]}}"#, "gradients.theta_j must have 1 entries like parameters.theta_j, found 2"),
            ("5", #"{"loss": 1, "gradients": {"V": [[0]], "U": [[0]], "W": [[0]], "theta_j": [[0, 1], [2, 3]], "theta_k": [0]}}"#, "gradients.theta_j must have 1 entries like parameters.theta_j, found a 2×2 matrix"),
        ]
        for (number, text, message) in cases {
            let path = try temporaryFile(text, name: "answer.json", testCase: self)
            let result = rnnGradcheck(["exercise", "grade", number, path])
            XCTAssertEqual(result.status, .dataError, message)
            XCTAssertEqual(result.err, "Error: \(path): \(message)\n")
            XCTAssertEqual(result.out, "")
        }
        let missing = rnnGradcheck(["exercise", "grade", "3", "/nonexistent/answer.json"])
        XCTAssertEqual(missing.status, .noInput)
        XCTAssertEqual(missing.err, "Error: cannot read /nonexistent/answer.json: no such file\n")
    }

    func testExerciseUsageErrors_Exit64() {
        let cases: [([String], String)] = [
            (["exercise"], "Error: missing the action: expected list, show or grade"),
            (["exercise", "solve"], "Error: unknown action 'solve' (expected list, show or grade)"),
            (["exercise", "show"], "Error: missing the exercise number (1…14)"),
            (["exercise", "show", "15"], "Error: the exercise number '15' is invalid: expected an integer in 1…14"),
            (["exercise", "grade", "3"], "Error: missing the answer file: rnn-gradcheck exercise grade 3 ANSWER.json ('-' reads standard input)"),
            (["exercise", "grade", "3", "a.json", "b.json"], "Error: unexpected argument 'b.json'"),
            (["exercise", "list", "--hints"], "Error: '--hints' does not apply to 'exercise list'"),
        ]
        for (arguments, message) in cases {
            let result = rnnGradcheck(arguments)
            XCTAssertEqual(result.status, .usage, "\(arguments)")
            let lines = result.err.split(separator: "\n").map(String.init)
            XCTAssertEqual(lines.first, message, "\(arguments)")
            XCTAssertEqual(lines.count, 3, result.err)
        }
    }

    func testListAndShow() throws {
        let list = rnnGradcheck(["exercise", "list"])
        XCTAssertEqual(list.status, .success)
        for exercise in Exercises.all { XCTAssert(list.out.contains(exercise.title), exercise.title) }
        let listJSON = try JSONParser.parse(rnnGradcheck(["exercise", "list", "--json"]).out)
        guard case .array(let entries)? = listJSON["exercises"] else { return XCTFail() }
        XCTAssertEqual(entries.count, Exercises.all.count)

        for exercise in Exercises.all {
            let show = rnnGradcheck(["exercise", "show", String(exercise.number)])
            XCTAssertEqual(show.status, .success)
            XCTAssert(show.out.contains(exercise.statement), "\(exercise.number): the statement")
            if case .findTheBug = exercise.task {
                XCTAssert(show.out.contains("the gradient the changed bptt printed"), show.out)
            } else {
                XCTAssert(show.out.contains("tolerance: \(exercise.toleranceText) relative"))
            }
            // The template to submit parses and has the asked keys, each with the parameter's shape.
            let lines = show.out.components(separatedBy: "\n")
            let start = try XCTUnwrap(lines.firstIndex(of: "{")), end = try XCTUnwrap(lines.firstIndex(of: "}"))
            let template = try JSONParser.parse(lines[start...end].joined(separator: "\n"))
            let problemCase = try exercise.problemCase()
            // Find-the-bug's template holds the placeholder "step": 0, which a grader refuses.
            if case .findTheBug = exercise.task { continue }
            let answer = try Answer.decode(Array(lines[start...end].joined(separator: "\n").utf8), source: "template", for: exercise, problemCase: problemCase)
            let numeric = exercise.items.filter { ExerciseReference(exercise, problemCase: problemCase).block($0) != nil }
            XCTAssertEqual(Set(answer.blocks.keys), Set(exercise.asksForGradients ? exercise.gradients : numeric))
            XCTAssert(answer.blocks.values.allSatisfy { !$0.transposedShape })
            XCTAssertEqual(template["notation"], .string(problemCase.notation.name))
            XCTAssertFalse(show.out.contains("hints:"))
            XCTAssert(rnnGradcheck(["exercise", "show", String(exercise.number), "--hints"]).out.contains(String(exercise.hints[0].prefix(40))))
            XCTAssertEqual(rnnGradcheck(["exercise", "show", String(exercise.number), "--fixture"]).out, exercise.fixtureText)
        }
    }

    // MARK: - Helpers

    /// The reference answer of `exercise` on its published network, changed by `transform` (per asked
    /// key, or only for `only`); `transposed` writes the matrix `only` with its transposed shape.
    private func answer(
        _ exercise: Exercise, only: String? = nil, transposed: Bool = false,
        transform: (String, [Double]) -> [Double] = { $1 }, loss transformLoss: (Double) -> Double = { $0 }
    ) throws -> String {
        try referenceAnswer(exercise.published(), only: only, transposed: transposed, transform: transform, loss: transformLoss)
    }

    private func gradientBlocksOf<P: BPTTProblem>(_ problem: P) -> [[Double]] {
        problem.gradientBlocks(truncation: nil).map(\.values)
    }
}

/// The rows×columns matrix `values` (row-major), transposed.
func transpose(_ values: [Double], rows: Int, columns: Int) -> [Double] {
    (0..<(rows * columns)).map { index in values[(index % rows) * columns + index / rows] }
}
