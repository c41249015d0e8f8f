import Foundation
import RNNGradCheck
import XCTest

@testable import RNNGradCheckKit

/// The inputs the fuzzer kept (FuzzCorpus.base64), replayed through every reader of untrusted input:
/// each one is read, or refused with one line naming the problem and status 65. None traps.
final class FuzzCorpusTests: XCTestCase {
    private func corpus() throws -> [[UInt8]] {
        let url = URL(fileURLWithPath: #filePath).deletingLastPathComponent().appendingPathComponent("FuzzCorpus.base64")
        let text = try String(contentsOf: url, encoding: .utf8)
        return text.split(separator: "\n").filter { !$0.hasPrefix("#") }.compactMap { Data(base64Encoded: String($0)).map { [UInt8]($0) } }
    }

    private func assertOneLine(_ error: RNNGradCheckError, _ input: [UInt8], file: StaticString = #filePath, line: UInt = #line) {
        XCTAssertEqual(error.status, .dataError, error.message, file: file, line: line)
        XCTAssertFalse(error.message.contains("\n"), "a message of more than one line for \(input.prefix(40))", file: file, line: line)
        XCTAssertLessThan(error.message.count, 600, "an overlong message: \(error.message.prefix(200))", file: file, line: line)
    }

    func testTheFuzzerCorpus_IsReadOrRefusedInOneLine() throws {
        let inputs = try corpus()
        XCTAssertGreaterThan(inputs.count, 1000)
        let answerCase = ProblemCase.random(NotationRegistry.all[0], seed: 1)
        let exercise = Exercises.all[2]
        let exerciseCase = try exercise.problemCase()
        var fixtures = 0, refused = 0
        for input in inputs {
            do {
                let problemCase = try Fixture.decode(input, source: "corpus")
                fixtures += 1
                let entries = problemCase.problem.parameterBlocks.reduce(0) { $0 + $1.values.count }
                if entries * problemCase.problem.steps <= 4096 { _ = problemCase.gradientBlocks }
            } catch {
                refused += 1
                assertOneLine(error, input)
            }
            do { _ = try GradientsDocument.decode(input, source: "corpus", for: answerCase) } catch { assertOneLine(error, input) }
            do { _ = try Answer.decode(input, source: "corpus", for: exercise, problemCase: exerciseCase) } catch { assertOneLine(error, input) }
        }
        XCTAssertGreaterThan(fixtures, 10, "some corpus inputs are fixtures")
        XCTAssertGreaterThan(refused, 500)
    }
}
