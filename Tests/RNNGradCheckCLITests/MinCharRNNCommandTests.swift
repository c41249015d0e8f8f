import Foundation
import RNNGradCheck
import XCTest

@testable import RNNGradCheckCLI
@testable import RNNGradCheckKit

/// The fourth notation through every command that takes a notation, with nothing in the command line
/// that names it.
final class MinCharRNNCommandTests: XCTestCase {
    func testCheck_PassesAndComparesWithWildml() {
        let result = rnnGradcheck(["check", "--notation", "min-char-rnn"])
        XCTAssertEqual(result.status, .success, result.out)
        XCTAssert(result.out.contains("min-char-rnn ([MCR]): Wxh/Whh/Why with biases bh/by"))
        for symbol in ["Wxh", "Whh", "Why", "bh", "by"] { XCTAssert(result.out.contains("  \(symbol) "), symbol) }
        XCTAssert(result.out.contains("min-char-rnn ≡ wildml on the same network (U=Wxh, W=Whh, V=Why, when both biases are zero)"))
        XCTAssert(result.out.hasSuffix("6 passed, 0 failed\n"), result.out)
    }

    func testTruncate_IsRefusedWithTheReason() {
        let result = rnnGradcheck(["check", "--notation", "min-char-rnn", "--truncate", "2"])
        XCTAssertEqual(result.status, .usage)
        XCTAssert(result.err.hasPrefix("Error: '--truncate' does not apply to min-char-rnn: its BPTT always reaches the first step of the sequence\n"), result.err)
        let fixture = rnnGradcheck(["fixture", "--notation", "min-char-rnn"]).out
            .replacingOccurrences(of: "\"targets\"", with: "\"truncate\": 1, \"targets\"")
        let decoded = rnnGradcheck(["check", "--fixture", "-"], input: fixture)
        XCTAssertEqual(decoded.status, .dataError)
        XCTAssertEqual(decoded.err, "Error: standard input: truncate: min-char-rnn has no truncation (its BPTT always reaches the first step of the sequence); remove the key\n")
    }

    /// The fixture's shapes are read from the registry: a wrong bias length is named with where the
    /// size comes from.
    func testFixture_ShapeErrorsNameTheBlocks() {
        let fixture = #"{"notation": "min-char-rnn", "parameters": {"Wxh": [[0.1, 0.2]], "Whh": [[0.3]], "Why": [[0.4], [0.5]], "bh": [0, 0], "by": [0, 0]}, "inputs": [0, 1], "targets": [1, 0]}"#
        let result = rnnGradcheck(["check", "--fixture", "-"], input: fixture)
        XCTAssertEqual(result.status, .dataError)
        XCTAssertEqual(result.err, "Error: standard input: parameters.bh must have H=1 entries (Wxh is 1×2: H=1, K=2), found 2\n")
    }

    func testGradientsAndCheckExternal_RoundTrip() throws {
        let fixture = rnnGradcheck(["fixture", "--notation", "min-char-rnn", "--seed", "5"]).out
        let document = try JSONParser.parse(rnnGradcheck(["gradients", "--fixture", "-", "--json"], input: fixture).out)
        XCTAssertEqual(document["notation"], .string("min-char-rnn"))
        guard case .object(let gradients)? = document["gradients"] else { return XCTFail("no gradients") }
        XCTAssertEqual(gradients.map(\.key), ["Wxh", "Whh", "Why", "bh", "by"])
        // The executable itself as the external program: its own gradients pass, a catalogued bug fails.
        let executable = try builtExecutable()
        let right = rnnGradcheck(["check-external", "--notation", "min-char-rnn", "--count", "2", "--", executable, "gradients", "--fixture", "-", "--json"])
        XCTAssertEqual(right.status, .success, right.out)
        let wrong = rnnGradcheck([
            "check-external", "--notation", "min-char-rnn", "--", executable, "gradients", "--fixture", "-", "--json", "--bug", "min-char-rnn/dhnext-reset",
        ])
        XCTAssertEqual(wrong.status, .checkFailed, wrong.out)
        XCTAssert(wrong.out.contains("0 of 1 fixtures passed"))
    }

    func testBugs_CatchesEveryMinCharRNNBug() {
        let result = rnnGradcheck(["bugs", "--notation", "min-char-rnn"])
        XCTAssertEqual(result.status, .success, result.out)
        let count = MinCharRNN.bugs.count
        XCTAssert(result.out.hasSuffix("\(count) of \(count) bugs caught; 1 of 1 correct implementations pass\n"), result.out)
        XCTAssert(result.out.contains("min-char-rnn/clipped-before-check"))
    }
}
