import Foundation
import RNNGradCheck
import XCTest

@testable import RNNGradCheckCLI
@testable import RNNGradCheckKit

/// Variants (each student's own network, derived with the course secret), the student's and the
/// instructor's view of a grade, and grading a folder of submissions into a gradebook.
final class ExerciseVariantTests: XCTestCase {
    private let students = (1...12).map { "student-\($0)" }

    // MARK: - Variants

    func testVariants_DifferBetweenStudentsAndSecretsAndRepeatExactly() throws {
        for exercise in Exercises.all {
            let alice = Variants.make(exercise, student: "alice", secret: testSecret)
            let bob = Variants.make(exercise, student: "bob", secret: testSecret)
            XCTAssertNotEqual(alice.fixtureText, bob.fixtureText, "exercise \(exercise.number)")
            XCTAssertNotEqual(alice.fixtureText, try exercise.published().fixtureText, "exercise \(exercise.number)")
            XCTAssertEqual(alice.fixtureText, Variants.make(exercise, student: "alice", secret: testSecret).fixtureText)
            guard case .success(let other) = CourseSecret.make("another secret of the right length") else { return XCTFail() }
            XCTAssertNotEqual(alice.fixtureText, Variants.make(exercise, student: "alice", secret: other).fixtureText)
        }
        // Exercise 2 works on exercise 1's network, variants too.
        let one = Variants.make(try XCTUnwrap(Exercises.numbered(1)), student: "alice", secret: testSecret)
        let two = Variants.make(try XCTUnwrap(Exercises.numbered(2)), student: "alice", secret: testSecret)
        XCTAssertEqual(one.problemCase.problem.parameterBlocks.map(\.values), two.problemCase.problem.parameterBlocks.map(\.values))
    }

    /// Same sizes, truncation and options as the published network; the numbers of the published
    /// kind (one decimal, never 0, for the hand exercises); and what the exercise teaches kept: every
    /// mistake the published network tells apart, the variant tells apart too.
    func testVariants_KeepSizesNumbersAndWhatTheExerciseTeaches() throws {
        for exercise in Exercises.all {
            let published = try exercise.published()
            let signature = Variants.signature(published)
            for student in students {
                let variant = Variants.make(exercise, student: student, secret: testSecret)
                let label = "exercise \(exercise.number), \(student)"
                XCTAssertEqual(variant.problemCase.sizesText, published.problemCase.sizesText, label)
                XCTAssertEqual(variant.problemCase.truncation, published.problemCase.truncation, label)
                XCTAssertEqual(variant.problemCase.problem.modelOptions, published.problemCase.problem.modelOptions, label)
                XCTAssert(Variants.acceptable(variant, published: published, signature: signature), "\(label): no acceptable network drawn")
                if exercise.byHand {
                    for value in variant.problemCase.problem.parameterBlocks.flatMap(\.values) {
                        XCTAssertNotEqual(value, 0, label)
                        XCTAssertEqual(String(value).count, value < 0 ? 4 : 3, "\(label): \(value) is not a one-decimal number")
                    }
                }
                // The statement names the variant's own data.
                XCTAssertFalse(exercise.text(for: variant).statement.contains("{{"), label)
            }
        }
    }

    /// The properties the exercises are about, on every variant: the softmax trap shows in every
    /// gradient, min-char-rnn's clipping bites, both answers to "does it vanish" occur, and the bug of
    /// find-the-bug is the only candidate that gives the gradient shown.
    func testVariants_KeepTheTrapsTheyTeach() throws {
        let softmaxTrap = try XCTUnwrap(NotationRegistry.bug(named: "index-wise/softmax-jacobian-diagonal"))
        var vanishing: Set<Bool> = []
        var bugs: Set<String> = []
        for student in students {
            let trap = Variants.make(try XCTUnwrap(Exercises.numbered(8)), student: student, secret: testSecret)
            let right = trap.problemCase.problem.gradientBlocks(truncation: nil)
            let wrong = try XCTUnwrap(softmaxTrap.gradients(of: trap.problemCase.problem))
            for (block, values) in zip(right, wrong) {
                XCTAssertFalse(GradingTolerance(relative: 1e-2).matches(values, block.values), "\(student): the trap does not show in \(block.symbol)")
            }
            let clipping = Variants.make(try XCTUnwrap(Exercises.numbered(12)), student: student, secret: testSecret)
            XCTAssert(clipping.problemCase.gradientBlocks.contains { $0.values.contains { abs($0) > 5.5 } }, student)
            let factor = Variants.make(try XCTUnwrap(Exercises.numbered(11)), student: student, secret: testSecret)
            vanishing.insert(try XCTUnwrap(ExerciseReference(factor).booleans["vanishes"]))
            let find = Variants.make(try XCTUnwrap(Exercises.numbered(13)), student: student, secret: testSecret)
            bugs.insert(try XCTUnwrap(find.bug).id)
        }
        XCTAssertEqual(vanishing, [true, false], "both answers occur among the variants")
        XCTAssertGreaterThan(bugs.count, 3, "the variants carry different bugs")
    }

    // MARK: - Cross-grading

    /// An answer computed on another network scores 0 and is told so: the published network's answer
    /// graded as bob, and alice's (naming her, as the template does) graded as bob.
    func testAnswerForAnotherVariant_ScoresZeroWithTheDifferentVariantFeedback() throws {
        for number in [1, 3, 5, 8, 9, 11, 14] {
            let exercise = try XCTUnwrap(Exercises.numbered(number))
            let alice = Variants.make(exercise, student: "alice", secret: testSecret)
            let aliceAnswer = try temporaryFile(try referenceAnswer(alice, student: "alice"), name: "answer.json", testCase: self)
            let own = rnnGradcheck(["exercise", "grade", String(number), aliceAnswer, "--student", "alice", "--secret", testSecretText])
            XCTAssertEqual(own.status, .success, "exercise \(number): \(own.out)")
            for answerPath in [aliceAnswer, try temporaryFile(try referenceAnswer(exercise.published()), name: "published.json", testCase: self)] {
                let crossed = rnnGradcheck(["exercise", "grade", String(number), answerPath, "--student", "bob", "--secret", testSecretText])
                XCTAssertEqual(crossed.status, .checkFailed, "exercise \(number)")
                XCTAssert(crossed.out.contains("This looks like the answer to a different variant"), "exercise \(number): \(crossed.out)")
                XCTAssert(crossed.out.hasSuffix("score 0.00 (0 of \(exercise.items.count) items correct)\n"), crossed.out)
                XCTAssertFalse(crossed.out.contains("student alice's variant"), "a student's report does not name the other student: \(crossed.out)")
            }
            let json = try JSONParser.parse(rnnGradcheck(["exercise", "grade", String(number), aliceAnswer, "--student", "bob", "--secret", testSecretText, "--json", "--reveal"]).out)
            XCTAssertEqual(json["different_variant"]?["student"], .string("alice"), "the instructor's report names the student")
            XCTAssertEqual(json["score"], .number(0))
        }
    }

    func testVariantsNeedASecret_UsageErrors() throws {
        let cases: [([String], String)] = [
            (["exercise", "show", "3", "--student", "alice"], "Error: --student alice needs the course secret: --secret S or the environment variable RNN_GRADCHECK_SECRET"),
            (["exercise", "grade", "3", "a.json", "--student", "alice"], "Error: --student alice needs the course secret"),
            (["fixture", "--student", "alice"], "Error: --student alice needs the course secret"),
            (["exercise", "show", "3", "--student", "alice", "--secret", "short"], "Error: the course secret is 5 characters long; it needs at least 16"),
            (["exercise", "show", "3", "--secret", testSecretText], "Error: '--secret' derives a student's variant: it needs '--student <id>'"),
            (["exercise", "show", "3", "--student", "", "--secret", testSecretText], "Error: the student id is empty"),
            (["fixture", "--student", "alice", "--seed", "3", "--secret", testSecretText], "Error: '--seed' cannot be combined with '--student'"),
        ]
        for (arguments, message) in cases {
            let result = rnnGradcheck(arguments)
            XCTAssertEqual(result.status, .usage, "\(arguments)")
            XCTAssert(result.err.hasPrefix(message), "\(arguments): \(result.err)")
        }
        // The environment variable is the secret too.
        let viaEnvironment = rnnGradcheck(["exercise", "show", "3", "--student", "alice", "--fixture"], environment: ["RNN_GRADCHECK_SECRET": testSecretText])
        XCTAssertEqual(viaEnvironment.status, .success, viaEnvironment.err)
        XCTAssertEqual(viaEnvironment.out, rnnGradcheck(["exercise", "show", "3", "--student", "alice", "--fixture", "--secret", testSecretText]).out)
        // A student's fixture for check-external: derived, repeatable, not the default seed's.
        let fixture = rnnGradcheck(["fixture", "--student", "alice", "--secret", testSecretText])
        XCTAssertEqual(fixture.status, .success)
        XCTAssertEqual(fixture.out, rnnGradcheck(["fixture", "--student", "alice", "--secret", testSecretText]).out)
        XCTAssertNotEqual(fixture.out, rnnGradcheck(["fixture", "--student", "bob", "--secret", testSecretText]).out)
        XCTAssertNotEqual(fixture.out, rnnGradcheck(["fixture"]).out)
    }

    func testShowAndGradeAVariant() throws {
        let show = rnnGradcheck(["exercise", "show", "5", "--student", "alice", "--secret", testSecretText])
        XCTAssertEqual(show.status, .success)
        XCTAssert(show.out.contains("the variant of student alice"), show.out)
        XCTAssert(show.out.contains("\"student\": \"alice\""), "the template names the student: \(show.out)")
        let variant = Variants.make(try XCTUnwrap(Exercises.numbered(5)), student: "alice", secret: testSecret)
        XCTAssert(show.out.contains(try XCTUnwrap(Exercises.numbered(5)).text(for: variant).statement))
        // The fixture a program reads, graded back through the package's own BPTT.
        let fixture = rnnGradcheck(["exercise", "show", "5", "--student", "alice", "--secret", testSecretText, "--fixture"]).out
        let gradients = rnnGradcheck(["gradients", "--fixture", "-", "--json"], input: fixture).out
        let graded = rnnGradcheck(["exercise", "grade", "5", "-", "--student", "alice", "--secret", testSecretText], input: gradients)
        XCTAssertEqual(graded.status, .success, graded.out)
        XCTAssert(graded.out.contains("graded against the variant of student alice"))
    }

    // MARK: - Student and instructor

    /// A student's report, in every format, holds no expected value of a graded item: the expected
    /// numbers are searched for at 4 to 8 significant digits and not found. The instructor's report
    /// (--reveal) holds them: the search finds what it looks for.
    func testStudentMode_NeverPrintsAnExpectedValue() throws {
        let cases: [(number: Int, bug: String)] = [
            (3, "wildml/missing-tanh-derivative"), (4, "denominator-layout/dropped-superscript"), (5, "index-wise/derivative-at-output"),
            (8, "index-wise/softmax-jacobian-diagonal"), (9, "denominator-layout/current-hidden-in-dEdWrec"), (12, "min-char-rnn/dhnext-reset"),
        ]
        for (number, bug) in cases {
            let exercise = try XCTUnwrap(Exercises.numbered(number))
            let variant = Variants.make(exercise, student: "alice", secret: testSecret)
            let reference = ExerciseReference(variant)
            let wrong = rnnGradcheck(["gradients", "--fixture", "-", "--json", "--bug", bug], input: variant.fixtureText).out
            let wrongValues = try JSONParser.parse(wrong)
            // The expected numbers that differ from the answer's (the right ones a student gave are
            // theirs to see).
            var hidden: [Double] = [reference.loss]
            for block in reference.blocks {
                guard case .object(let gradients)? = wrongValues["gradients"], let given = gradients.first(where: { $0.key == block.key })?.value
                else { continue }
                let givenValues = flatten(given)
                for (e, g) in zip(block.values, givenValues) where abs(e - g) > 1e-3 * max(abs(e), 1e-3) { hidden.append(e) }
            }
            hidden = hidden.filter { abs($0) > 1e-3 }
            XCTAssertFalse(hidden.isEmpty)
            let base = ["exercise", "grade", String(number), "-", "--student", "alice", "--secret", testSecretText]
            for format in ["text", "json", "gradescope", "junit"] {
                let student = rnnGradcheck(base + ["--format", format], input: wrong)
                XCTAssertEqual(student.status, .checkFailed)
                for value in hidden {
                    for text in renderings(value) {
                        XCTAssertFalse(student.out.contains(text), "exercise \(number), \(format): the expected \(value) appears as “\(text)”")
                    }
                }
            }
            let instructor = rnnGradcheck(base + ["--reveal"], input: wrong)
            XCTAssert(hidden.contains { value in renderings(value).contains { instructor.out.contains($0) } }, "--reveal shows the expected values: \(instructor.out)")
        }
    }

    /// "0.2316832" and the like: 4 to 8 significant digits (%g), and the shortest round-trip form.
    /// (Three digits would find scores: 0.166 is the start of 1/6 = 0.1666… as well.)
    private func renderings(_ value: Double) -> [String] {
        var texts = (4...8).map { String(format: "%#.\($0)g", value) }
        texts.append(String(value))
        // A leading minus is dropped: a sign flip is a mistake the grader may name.
        return Set(texts.map { $0.hasPrefix("-") ? String($0.dropFirst()) : $0 }).filter { $0.count >= 5 }.sorted()
    }

    private func flatten(_ value: JSONValue) -> [Double] {
        switch value {
        case .array(let elements): return elements.flatMap(flatten)
        case .number(let x, _): return [x]
        default: return []
        }
    }

    func testCoarseRelativeErrors() {
        XCTAssertEqual(CoarseError(1.2345).text, "1.2e+00")
        XCTAssertEqual(CoarseError(0.1).text, "1.0e-01")
        XCTAssertEqual(CoarseError(0.0023).text, "below 1e-02")
        XCTAssertEqual(CoarseError(0.0023).value, 0.01, accuracy: 1e-15)
        XCTAssert(CoarseError(0.0023).isBound)
        XCTAssertEqual(CoarseError(2e-6).text, "below 1e-05")
        XCTAssertEqual(CoarseError(.infinity).text, "not finite")
    }
}
