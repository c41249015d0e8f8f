import Foundation
import RNNGradCheck
import XCTest

@testable import RNNGradCheckCLI
@testable import RNNGradCheckKit

/// `check-external` with real external programs: the package's own executable as a correct program and
/// as a buggy one (`gradients --bug`), and /bin/sh one-liners that crash, hang, print garbage or wrong
/// shapes. No numpy, no python.
final class CheckExternalTests: XCTestCase {
    private func executable() throws -> String { try builtExecutable() }

    private func shell() throws -> String {
        guard FileManager.default.isExecutableFile(atPath: "/bin/sh") else { throw XCTSkip("/bin/sh is missing") }
        return "/bin/sh"
    }

    func testCorrectProgram_PassesInEveryNotation() throws {
        let program = try executable()
        let runs: [[String]] = [
            ["--count", "3"],
            ["--notation", "denominator-layout", "--seed", "7", "--truncate", "2"],
            ["--notation", "index-wise", "--output-activation", "softmax", "--count", "2"],
            ["--fixture", fixturesDirectory.appendingPathComponent("exercises/10-index-wise-unfolding-code.json").path],
        ]
        for options in runs {
            let result = rnnGradcheck(["check-external"] + options + ["--", program, "gradients", "--fixture", "-", "--json"])
            XCTAssertEqual(result.status, .success, "\(options): \(result.out)\(result.err)")
            let count = options.contains("--count") ? Int(options[options.firstIndex(of: "--count")! + 1])! : 1
            XCTAssert(result.out.hasSuffix("\(count) of \(count) fixtures passed\n"), result.out)
            XCTAssertFalse(result.out.contains("FAIL"))
        }
        // Seeds S, S+1, …: one line per passing fixture.
        let three = rnnGradcheck(["check-external", "--count", "3", "--seed", "4", "--", program, "gradients", "--fixture", "-", "--json"])
        for seed in 4...6 { XCTAssert(three.out.contains("fixture \(seed - 3) of 3: wildml K=8 H=4 T=6, seed \(seed), full BPTT: PASS"), three.out) }
    }

    func testBuggyProgram_FailsWithTheParameterNamed() throws {
        let program = try executable()
        let result = rnnGradcheck(["check-external", "--", program, "gradients", "--fixture", "-", "--json", "--bug", "wildml/missing-tanh-derivative"])
        XCTAssertEqual(result.status, .checkFailed)
        XCTAssert(result.out.contains("  FAIL: the gradients of U, W differ from the numerical gradient"), result.out)
        XCTAssert(result.out.contains("relative error 0  PASS"), "the loss itself is right: \(result.out)")
        XCTAssert(result.out.hasSuffix("0 of 1 fixtures passed\n"))
        let truncation = rnnGradcheck([
            "check-external", "--notation", "wildml", "--truncate", "2", "--",
            program, "gradients", "--fixture", "-", "--json", "--bug", "wildml/truncation-one-step-long",
        ])
        XCTAssertEqual(truncation.status, .checkFailed, truncation.out)
    }

    /// A program that never reads its standard input: a right answer still passes (and the unread
    /// input does not kill the checker), a wrong one fails on the loss.
    func testProgramThatNeverReadsItsInput() throws {
        let program = try executable()
        let right = rnnGradcheck(["check-external", "--seed", "3", "--", program, "gradients", "--seed", "3", "--json"])
        XCTAssertEqual(right.status, .success, right.out)
        let wrong = rnnGradcheck(["check-external", "--seed", "3", "--", program, "gradients", "--seed", "4", "--json"])
        XCTAssertEqual(wrong.status, .checkFailed)
        XCTAssert(wrong.out.contains("the loss differs from the forward pass"), wrong.out)
        // A fixture larger than a pipe's buffer, to a program that exits without reading it: the write
        // fails with EPIPE instead of killing the checker with SIGPIPE.
        let sh = try shell()
        let large = rnnGradcheck(["fixture", "--notation", "wildml", "--vocabulary", "400", "--hidden", "40", "--steps", "2"]).out
        XCTAssertGreaterThan(large.utf8.count, 1 << 17)
        let path = try temporaryFile(large, name: "large.json", testCase: self)
        let unread = rnnGradcheck(["check-external", "--fixture", path, "--", sh, "-c", "exit 0"])
        XCTAssertEqual(unread.status, .checkFailed)
        XCTAssert(unread.out.contains("FAIL: the program printed nothing on standard output"), unread.out)
    }

    func testFailingPrograms_AreReportedInOneLine() throws {
        let sh = try shell()
        let wrongShapes = #"cat >/dev/null; echo '{"loss": 12.762609499067528, "gradients": {"U": [[1]], "V": [[1]], "W": [[1]]}}'"#
        let cases: [(script: String, message: String)] = [
            ("kill -SEGV $$", "FAIL: the program was killed by signal 11 (SIGSEGV)"),
            ("exit 3", "FAIL: the program exited with status 3"),
            ("cat >/dev/null; echo hello", "FAIL: the program's standard output starts with a line that is not JSON: \"hello\" (debug output belongs on standard error)"),
            (wrongShapes, "FAIL: standard output: gradients.U must be 4×8 like parameters.U, found 1×1"),
            (#"echo '{"loss": NaN}'"#, "FAIL: standard output: loss is NaN: a NaN or an infinity is never a pass (every entry must be finite)"),
            ("cat >/dev/null", "FAIL: the program printed nothing on standard output (expected the gradients JSON)"),
            ("echo 'Traceback: something broke' >&2; exit 1", "FAIL: the program exited with status 1"),
            ("yes", "FAIL: the program wrote more than 16 MB to standard output and was stopped"),
        ]
        for (script, message) in cases {
            let result = rnnGradcheck(["check-external", "--", sh, "-c", script])
            XCTAssertEqual(result.status, .checkFailed, script)
            XCTAssert(result.out.contains("  \(message)"), "\(script): expected “\(message)” in\n\(result.out)")
            XCTAssert(result.out.hasSuffix("0 of 1 fixtures passed\n"), script)
            XCTAssertEqual(result.err, "", script)
        }
        let traceback = rnnGradcheck(["check-external", "--", sh, "-c", "echo 'Traceback: something broke' >&2; exit 1"])
        XCTAssert(traceback.out.contains("    | Traceback: something broke"), "the end of standard error is shown: \(traceback.out)")
    }

    func testHangingProgram_IsStoppedAtTheTimeout() throws {
        let sh = try shell()
        let start = Date()
        let result = rnnGradcheck(["check-external", "--timeout", "1", "--", sh, "-c", "sleep 30"])
        let elapsed = Date().timeIntervalSince(start)
        XCTAssertEqual(result.status, .checkFailed)
        XCTAssert(result.out.contains("FAIL: the program did not finish within 1 s and was stopped"), result.out)
        XCTAssertLessThan(elapsed, 5, "the timeout was not enforced")
        // A background process holding standard output is stopped with it (the whole process group).
        let background = Date()
        let held = rnnGradcheck(["check-external", "--timeout", "1", "--", sh, "-c", "sleep 30 & echo '{}'"])
        XCTAssertEqual(held.status, .checkFailed)
        XCTAssertLessThan(Date().timeIntervalSince(background), 5)
    }

    func testJSONReport_CarriesTheProgramAndTheBlocks() throws {
        let sh = try shell()
        let crashed = try JSONParser.parse(rnnGradcheck(["check-external", "--json", "--", sh, "-c", "kill -SEGV $$"]).out)
        XCTAssertEqual(crashed["schema"], .string("rnn-gradcheck/check-external/2"))
        XCTAssertEqual(crashed["passed"], .bool(false))
        XCTAssertEqual(crashed["fixtures_passed"], .integer(0))
        guard case .array(let fixtures)? = crashed["fixtures"] else { return XCTFail() }
        XCTAssertEqual(fixtures[0]["program"]?["signal"], .string("SIGSEGV"))
        XCTAssertEqual(fixtures[0]["error"], .string("the program was killed by signal 11 (SIGSEGV)"))
        XCTAssertEqual(fixtures[0]["blocks"], .null)

        let program = try executable()
        let passed = try JSONParser.parse(rnnGradcheck(["check-external", "--json", "--count", "2", "--", program, "gradients", "--fixture", "-", "--json"]).out)
        XCTAssertEqual(passed["passed"], .bool(true))
        XCTAssertEqual(passed["fixtures_passed"], .integer(2))
        XCTAssertEqual(passed["fixtures_total"], .integer(2))
        guard case .array(let both)? = passed["fixtures"], case .array(let blocks)? = both[1]["blocks"] else { return XCTFail() }
        XCTAssertEqual(blocks.map { $0["verdict"] }, [.string("pass"), .string("pass"), .string("pass")])
        XCTAssertEqual(both[1]["origin"], .string("seed 2"))
        XCTAssertEqual(both[1]["program"]?["exit_status"], .integer(0))
    }

    func testCommandsThatCannotStart_Exit66AndUsage64() throws {
        let missing = rnnGradcheck(["check-external", "--", "rnn-gradcheck-no-such-program"])
        XCTAssertEqual(missing.status, .noInput)
        XCTAssertEqual(missing.err, "Error: cannot run 'rnn-gradcheck-no-such-program': not found in PATH\n")
        let notExecutable = try temporaryFile("{}", name: "answer.json", testCase: self)
        let refused = rnnGradcheck(["check-external", "--", notExecutable])
        XCTAssertEqual(refused.status, .noInput)
        XCTAssert(refused.err.hasPrefix("Error: cannot run \(notExecutable): not executable"), refused.err)
        let noCommand = rnnGradcheck(["check-external", "--count", "2"])
        XCTAssertEqual(noCommand.status, .usage)
        XCTAssert(noCommand.err.hasPrefix("Error: missing the program to run: put it after '--'"), noCommand.err)
        let clash = rnnGradcheck(["check-external", "--fixture", notExecutable, "--count", "2", "--", "true"])
        XCTAssertEqual(clash.status, .usage)
        let badTimeout = rnnGradcheck(["check-external", "--timeout", "0", "--", "true"])
        XCTAssertEqual(badTimeout.status, .usage)
    }
}
