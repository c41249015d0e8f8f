import Foundation
import RNNGradCheck
import XCTest

@testable import RNNGradCheckCLI
@testable import RNNGradCheckKit

/// Exercises 11–14: their references against independent computations (central differences of the
/// forward pass), right answers graded full marks, and the typical wrong answers named.
final class ExerciseTasksTests: XCTestCase {
    private func exercise(_ number: Int) throws -> Exercise { try XCTUnwrap(Exercises.numbered(number)) }

    /// J = ∂s_7/∂s_0 against the complex-step derivative of s_7 with respect to s_0, the states
    /// computed by the notation's forward step (W1) from a perturbed s_0: no product of Jacobians
    /// involved, and exact to rounding even where J is 10⁻⁶ small.
    func testVanishingFactor_MatchesTheComplexStepDerivativeOfTheStates() throws {
        let instances = [try exercise(11).published()] + ["alice", "bob", "carol"].map {
            Variants.make(try! exercise(11), student: $0, secret: testSecret)
        }
        for instance in instances {
            let problem = try XCTUnwrap(instance.problemCase.problem as? Wildml.Problem<Double>)
            let rnn = problem.complexified().rnn
            let H = rnn.hiddenDim, h = 1e-20
            let s0 = rnn.state(input: problem.x[0], previous: .zeros(H))
            var complexStep = [Double](repeating: 0, count: H * H)
            for column in 0..<H {
                var s = s0
                s[column] = Complex(s[column].real, h)
                for t in 1...7 { s = rnn.state(input: problem.x[t], previous: s) }
                for row in 0..<H { complexStep[row * H + column] = s[row].imaginary / h }
            }
            let J = ExerciseReference(instance).block("J")!.values
            assertClose(J, complexStep, relative: 1e-12, floor: 1e-300, "\(instance.networkName)")
            XCTAssertEqual(ExerciseReference(instance).booleans["vanishes"], VanishingFactor.norm(complexStep) < 1e-2)
        }
    }

    /// The bias of truncated BPTT against the difference of two numerical gradients: ∂E/∂θ by the
    /// complex step and the gradient of the truncated objective by Richardson extrapolation.
    func testTruncationBias_IsTheDifferenceOfTwoNumericalGradients() throws {
        let instances = [try exercise(14).published(), Variants.make(try exercise(14), student: "alice", secret: testSecret)]
        for instance in instances {
            let problem = try XCTUnwrap(instance.problemCase.problem as? Wildml.Problem<Double>)
            let tau = try XCTUnwrap(problem.truncation)
            let full = NumericalDifferentiation.gradient(of: problem, scheme: .complexStep)
            let truncated = NumericalDifferentiation.truncatedGradient(of: problem, truncation: tau, scheme: .richardson, step: 1e-3)
            let reference = ExerciseReference(instance)
            for (index, key) in ["U", "V", "W"].enumerated() where key != "V" {
                let numerical = zip(full.blocks[index], truncated.blocks[index]).map { $0 - $1 }
                let bias = try XCTUnwrap(reference.block("bias_\(key)")).values
                assertClose(bias, numerical, relative: 1e-6, floor: numerical.map(abs).max()!, "\(key), \(instance.networkName)")
            }
        }
    }

    /// Each candidate bug of find-the-bug sits on the line it claims: the line of the listing and the
    /// bug's right line start with the same statement (dLdW, delta_t, for, return, …).
    func testFindTheBug_EveryCandidateIsOnItsLine() throws {
        func head(_ line: String) -> String {
            var plain = line.lowercased().replacingOccurrences(of: "_", with: "").replacingOccurrences(of: "self.", with: "")
                .trimmingCharacters(in: .whitespaces)
            for keyword in ["var ", "let "] where plain.hasPrefix(keyword) { plain.removeFirst(keyword.count) }
            // A Swift loop standing for one python line: its body.
            if plain.hasPrefix("for "), let brace = plain.firstIndex(of: "{") {
                let body = plain[plain.index(after: brace)...].trimmingCharacters(in: CharacterSet(charactersIn: " }"))
                if !body.isEmpty { plain = body }
            }
            return String(plain.prefix { $0.isLetter || $0.isNumber })
        }
        for candidate in FindTheBug.candidates {
            let bug = try XCTUnwrap(NotationRegistry.bug(named: candidate.id), candidate.id)
            let line = FindTheBug.listing[candidate.line - 1]
            XCTAssertEqual(head(line), head(bug.rightLine), "\(candidate.id): line \(candidate.line) “\(line)” against “\(bug.rightLine)”")
        }
        // The published network shows its bug, and no other candidate gives the same gradient.
        let published = try exercise(13).published()
        XCTAssert(Variants.acceptable(published, published: published, signature: []))
    }

    func testRightAnswers_AndNamedMistakes() throws {
        let ex11 = try exercise(11).published(), ex12 = try exercise(12).published()
        let ex13 = try exercise(13).published(), ex14 = try exercise(14).published()
        let problem11 = try XCTUnwrap(ex11.problemCase.problem as? Wildml.Problem<Double>)
        let W7 = VanishingFactor.chain(Array(repeating: problem11.rnn.W.storage, count: 7), size: 3)
        let problem14 = ex14.problemCase.problem
        let truncated14 = problem14.gradientBlocks(truncation: 2)
        let shorter14 = TruncationBiasExercise.bias(problem14, keys: ["U", "W"], truncation: 1)
        let cases: [(name: String, instance: ExerciseInstance, text: String, kind: String, phrase: String)] = [
            ("W^7", ex11, try referenceAnswer(ex11, only: "J") { _, _ in W7 }, "missing-tanh-derivative", "the tanh factors diag(1 − s_j²) are left out"),
            ("reversed", ex11, try referenceAnswer(ex11, only: "J") { _, _ in
                let s = VanishingFactor.states(problem11)
                return VanishingFactor.chain((1...7).map { VanishingFactor.factor(problem11.rnn.W, state: s[$0 + 1]) }, size: 3)
            }, "reversed-product", "the reverse order"),
            ("J transposed", ex11, try referenceAnswer(ex11, only: "J") { _, values in transpose(values, rows: 3, columns: 3) }, "transposed", "Transposed"),
            ("clipped at 5", ex12, try referenceAnswer(ex12) { _, values in values.map { min(max($0, -5), 5) } }, "clipped", "Clipped: every entry beyond ±5 is cut to ±5"),
            ("truncated gradient as the bias", ex14, try referenceAnswer(ex14) { key, _ in truncated14.first { "bias_\($0.key)" == key }!.values },
             "truncated-gradient", "truncated BPTT's gradient itself"),
            ("bias of τ = 1", ex14, try referenceAnswer(ex14) { key, _ in shorter14.first { $0.key == key }!.values }, "truncation-off-by-one", "the bias of τ = 1 instead of τ = 2"),
            ("bias negated", ex14, try referenceAnswer(ex14) { _, values in values.map { -$0 } }, "sign-flipped", "Sign flipped"),
            ("another bug", ex13, try referenceAnswer(ex13, values: ["bug": .string("wildml/missing-tanh-derivative"), "step": .integer(11)]), "other-bug",
             "wildml/missing-tanh-derivative gives another gradient on this network"),
            ("another line", ex13, try referenceAnswer(ex13, values: ["step": .integer(13)]), "other-line", "the bug you name is not on line 13"),
            ("an unknown bug", ex13, try referenceAnswer(ex13, values: ["bug": .string("wildml/no-such-bug")]), "unknown-bug", "is not a catalogued wildml bug"),
        ]
        for (name, instance, text, kind, phrase) in cases {
            let number = String(instance.exercise.number)
            let path = try temporaryFile(text, name: "answer.json", testCase: self)
            let result = rnnGradcheck(["exercise", "grade", number, path])
            XCTAssertEqual(result.status, .checkFailed, "\(name): \(result.out)\(result.err)")
            let report = try JSONParser.parse(rnnGradcheck(["exercise", "grade", number, path, "--json"]).out)
            guard case .array(let items) = report["items"] else { return XCTFail(name) }
            let feedback = items.compactMap { item -> String? in if case .string(let text)? = item["feedback"] { return text } else { return nil } }
            XCTAssert(feedback.contains { $0.lowercased().contains(phrase.lowercased()) }, "\(name): expected “\(phrase)” in \(feedback)")
            let kinds = items.flatMap { item -> [JSONValue] in
                guard case .array(let mistakes) = item["mistakes"] else { return [] }
                return mistakes.compactMap { $0["kind"] }
            }
            XCTAssert(kinds.contains(.string(kind)), "\(name): \(kinds)")
        }
        // Clipping is named only at a round bound: cut at ±4.37 the same entries are wrong, unexplained.
        let odd = try referenceAnswer(ex12) { _, values in values.map { min(max($0, -4.37), 4.37) } }
        let oddReport = try JSONParser.parse(rnnGradcheck(["exercise", "grade", "12", "-", "--json"], input: odd).out)
        XCTAssertFalse(JSONWriter.write(oddReport).contains("\"clipped\""), "4.37 is no one's clipping bound")
        // The Boolean follows J: right J, wrong verdict, and the feedback says to compare the norm.
        let flipped = try referenceAnswer(ex11, values: ["vanishes": .bool(!(ExerciseReference(ex11).booleans["vanishes"]!))])
        let verdict = rnnGradcheck(["exercise", "grade", "11", try temporaryFile(flipped, testCase: self)])
        XCTAssertEqual(verdict.status, .checkFailed)
        XCTAssert(verdict.out.contains("Your J is right; it vanishes when ‖J‖_F < 10⁻²"), verdict.out)
        XCTAssert(verdict.out.contains("score 0.50 (1 of 2 items correct)"), verdict.out)
    }

    /// min-char-rnn's catalogued bugs, through exercise 12.
    func testMinCharRNNBugs_AreNamed() throws {
        let exercise12 = try exercise(12)
        for id in ["min-char-rnn/missing-dby", "min-char-rnn/dhnext-reset", "min-char-rnn/bias-gradient-before-tanh-derivative"] {
            let printed = rnnGradcheck(["gradients", "--fixture", "-", "--json", "--bug", id], input: exercise12.fixtureText)
            XCTAssertEqual(printed.status, .success, printed.err)
            let result = rnnGradcheck(["exercise", "grade", "12", "-"], input: printed.out)
            XCTAssertEqual(result.status, .checkFailed)
            XCTAssert(result.out.contains("(\(id))"), "\(id):\n\(result.out)")
        }
    }

    func testMalformedValues_Exit65WithOneLine() throws {
        let cases: [(String, String, String)] = [
            ("11", #"{"loss": 1}"#, "missing key \"values\" (exercise 11 asks for J or vanishes)"),
            ("11", #"{"values": {"J": [[0, 0, 0], [0, 0, 0], [0, 0, 0]]}}"#, "missing key \"vanishes\" in values (exercise 11 asks for J or vanishes)"),
            ("11", #"{"values": {"J": [[0, 0, 0], [0, 0, 0], [0, 0, 0]], "vanishes": "yes"}}"#, "values.vanishes must be true or false, found the string \"yes\""),
            ("11", #"{"values": {"J": [[0, 0], [0, 0]], "vanishes": true}}"#, "values.J must be 3×3 like ∂s_7/∂s_0 (3×3), found 2×2"),
            ("13", #"{"values": {"bug": "wildml/averaged-loss", "step": 17}}"#, "values.step = 17 is out of range: expected a line of the listing, 1…16"),
            ("14", #"{"values": {"bias_U": [[0]], "bias_W": [[0]], "extra": 1}}"#, "unknown key \"extra\" in values (expected \"bias_U\" or \"bias_W\")"),
        ]
        for (number, text, message) in cases {
            let path = try temporaryFile(text, name: "answer.json", testCase: self)
            let result = rnnGradcheck(["exercise", "grade", number, path])
            XCTAssertEqual(result.status, .dataError, message)
            XCTAssert(result.err.hasPrefix("Error: \(path): "), result.err)
            XCTAssert(result.err.contains(message), "expected “\(message)” in \(result.err)")
        }
    }
}

/// The secret the tests derive variants with (not a course's).
let testSecret: CourseSecret = {
    guard case .success(let secret) = CourseSecret.make("rnn-gradcheck test secret, not a course's") else { preconditionFailure() }
    return secret
}()
let testSecretText = "rnn-gradcheck test secret, not a course's"
