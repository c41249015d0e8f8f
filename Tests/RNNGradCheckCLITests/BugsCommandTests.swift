import RNNGradCheck
import XCTest

@testable import RNNGradCheckCLI
@testable import RNNGradCheckKit

/// `rnn-gradcheck bugs` and `gradients --bug`.
final class BugsCommandTests: XCTestCase {
    func testBugs_CatchesEveryBugAndPassesTheCorrectImplementations() throws {
        let result = rnnGradcheck(["bugs"])
        XCTAssertEqual(result.status, .success, result.out)
        let count = NotationRegistry.bugs.count
        XCTAssertGreaterThanOrEqual(count, 20)
        XCTAssert(result.out.hasSuffix("\(count) of \(count) bugs caught; 6 of 6 correct implementations pass\n"), result.out)
        for bug in NotationRegistry.bugs {
            let row = result.out.components(separatedBy: "\n").first { $0.hasPrefix("  \(bug.id) ") }
            XCTAssertNotNil(row, bug.id)
            XCTAssert(row?.contains(" caught ") ?? false, "\(bug.id): \(row ?? "")")
        }
        XCTAssertFalse(result.out.contains("MISSED"))

        let json = try JSONParser.parse(rnnGradcheck(["bugs", "--json"]).out)
        XCTAssertEqual(json["caught"], .integer(count))
        XCTAssertEqual(json["bug_count"], .integer(count))
        XCTAssertEqual(json["correct_passed"], json["correct_count"])
        guard case .array(let bugs)? = json["bugs"] else { return XCTFail() }
        for bug in bugs {
            guard case .array(let failing)? = bug["failing"] else { return XCTFail() }
            XCTAssertFalse(failing.isEmpty, "\(String(describing: bug["id"])): caught without a failing parameter")
        }
    }

    func testBugs_OneNotationVerbose() {
        let result = rnnGradcheck(["bugs", "--notation", "index-wise", "--seed", "2", "--verbose"])
        XCTAssertEqual(result.status, .success)
        XCTAssertFalse(result.out.contains("wildml/"))
        XCTAssert(result.out.contains("index-wise ([S001]): classroom network N=3 M=4 O=2 T=6, seed 2"))
        XCTAssert(result.out.contains("      wrong line: deltaK[k] = (d[t][k] - y[t][k]) * y[t][k] * (1 - y[t][k])"))
        XCTAssert(result.out.contains("      missing line: deltaThetaK[k] += deltaK[k]"))
        XCTAssert(result.out.contains("softmax output, full BPTT"))
    }

    func testGradientsOfABug_DifferFromTheCorrectOnes() throws {
        let fixture = rnnGradcheck(["fixture", "--notation", "denominator-layout", "--seed", "5"]).out
        let right = try JSONParser.parse(rnnGradcheck(["gradients", "--fixture", "-", "--json"], input: fixture).out)
        let wrong = try JSONParser.parse(rnnGradcheck(["gradients", "--fixture", "-", "--json", "--bug", "denominator-layout/sum-over-t-only"], input: fixture).out)
        XCTAssertEqual(right["loss"], wrong["loss"])
        XCTAssertEqual(right["gradients"]?["W_out"], wrong["gradients"]?["W_out"])
        XCTAssertNotEqual(right["gradients"]?["W_rec"], wrong["gradients"]?["W_rec"])
        // Without a fixture, the random network is in the bug's notation.
        let text = rnnGradcheck(["gradients", "--bug", "index-wise/no-unfolding"])
        XCTAssertEqual(text.status, .success)
        XCTAssert(text.out.contains("index-wise ([S001])"))
        XCTAssert(text.out.contains("gradients of the bug index-wise/no-unfolding: no unfolding through time"))
        // A bug that changes nothing on this network says so.
        let silent = rnnGradcheck(["gradients", "--bug", "index-wise/softmax-jacobian-diagonal", "--json"])
        XCTAssertEqual(silent.status, .success)
        XCTAssert(silent.err.hasPrefix("note: on this network index-wise/softmax-jacobian-diagonal gives the correct gradients"))
    }

    func testGradientsOfABug_UsageErrors() {
        let unknown = rnnGradcheck(["gradients", "--bug", "wildml/nope"])
        XCTAssertEqual(unknown.status, .usage)
        XCTAssert(unknown.err.hasPrefix("Error: unknown bug 'wildml/nope' ('rnn-gradcheck bugs' lists the ids"), unknown.err)
        let mismatch = rnnGradcheck(["gradients", "--notation", "wildml", "--bug", "index-wise/no-unfolding"])
        XCTAssertEqual(mismatch.status, .usage)
        XCTAssert(mismatch.err.hasPrefix("Error: the bug index-wise/no-unfolding is written in index-wise, but the network is written in wildml"))
    }
}
