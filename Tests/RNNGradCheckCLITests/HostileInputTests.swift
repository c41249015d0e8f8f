import Foundation
import RNNGradCheck
import XCTest

@testable import RNNGradCheckCLI
@testable import RNNGradCheckKit

/// Input from a hostile or unlucky user: every one gets one clear line and its exit status, nothing
/// traps, nothing runs forever, nothing is left running.
final class HostileInputTests: XCTestCase {
    private func shell() throws -> String {
        guard FileManager.default.isExecutableFile(atPath: "/bin/sh") else { throw XCTSkip("/bin/sh is missing") }
        return "/bin/sh"
    }

    /// A truncation from about 2⁶³ up used to trap converting a double to Int; any τ ≥ T − 1 is full BPTT.
    func testHugeTruncate_IsFullBPTT() throws {
        let written = rnnGradcheck(["fixture", "--truncate", "9223372036854775807"])
        XCTAssertEqual(written.status, .success)
        XCTAssertEqual(rnnGradcheck(["check", "--fixture", "-"], input: written.out).status, .success)
        let fixture = written.out.replacingOccurrences(of: "\"targets\"", with: "\"truncate\": 9223372036854775807, \"targets\"")
        let checked = rnnGradcheck(["check", "--fixture", "-"], input: fixture)
        XCTAssertEqual(checked.status, .success, checked.err)
        XCTAssert(checked.out.contains("full BPTT"))
        let huge = fixture.replacingOccurrences(of: "9223372036854775807", with: "1e300")
        XCTAssertEqual(rnnGradcheck(["check", "--fixture", "-"], input: huge).status, .success)
    }

    func testOversizedInput_IsRefusedAtTheLimit() {
        let limit = InputFile.sizeLimit
        let result = rnnGradcheck(["check", "--fixture", "-"], input: String(repeating: " ", count: limit + 1))
        XCTAssertEqual(result.status, .dataError)
        XCTAssertEqual(result.err, "Error: standard input is larger than 64 MB, the limit for a fixture, gradients document or answer (the tutorial-size network, K=8000 H=100, is a 35 MB fixture)\n")
    }

    func testEndlessFile_EndsAtTheLimit() throws {
        guard FileManager.default.fileExists(atPath: "/dev/zero") else { throw XCTSkip("no /dev/zero") }
        let start = Date()
        let result = rnnGradcheck(["check", "--fixture", "/dev/zero"])
        XCTAssertEqual(result.status, .dataError)
        XCTAssert(result.err.hasPrefix("Error: /dev/zero is larger than 64 MB"), result.err)
        XCTAssertLessThan(Date().timeIntervalSince(start), 10)
    }

    func testOtherEncodings_AreNamed() throws {
        let text = rnnGradcheck(["fixture"]).out
        let cases: [(String.Encoding, String)] = [
            (.utf16LittleEndian, "UTF-16 (little-endian)"), (.utf16BigEndian, "UTF-16 (big-endian)"),
            (.utf32LittleEndian, "UTF-32 (little-endian)"), (.utf32BigEndian, "UTF-32 (big-endian)"),
        ]
        for (encoding, name) in cases {
            let url = FileManager.default.temporaryDirectory.appendingPathComponent("rnn-gradcheck-\(UUID().uuidString).json")
            try XCTUnwrap(text.data(using: encoding)).write(to: url)
            defer { try? FileManager.default.removeItem(at: url) }
            let result = rnnGradcheck(["check", "--fixture", url.path])
            XCTAssertEqual(result.status, .dataError, name)
            XCTAssert(result.err.contains("the text is \(name), but JSON documents must be UTF-8"), "\(name): \(result.err)")
        }
        // With a byte order mark (what Windows editors write) too.
        let url = FileManager.default.temporaryDirectory.appendingPathComponent("rnn-gradcheck-\(UUID().uuidString).json")
        try (Data([0xFF, 0xFE]) + XCTUnwrap(text.data(using: .utf16LittleEndian))).write(to: url)
        defer { try? FileManager.default.removeItem(at: url) }
        XCTAssert(rnnGradcheck(["check", "--fixture", url.path]).err.contains("UTF-16 (little-endian)"))
    }

    func testInvalidUTF8_IsNamedNotMistakenForAnUnknownNotation() {
        var bytes = Array(#"{"notation": "wild"#.utf8) + [0xFF, 0xFE] + Array(#"ml"}"#.utf8)
        let text = String(decoding: bytes, as: UTF8.self)
        XCTAssert(text.contains("\u{FFFD}"))  // what a lenient reader would have seen
        bytes = Array(bytes)
        let url = FileManager.default.temporaryDirectory.appendingPathComponent("rnn-gradcheck-\(UUID().uuidString).json")
        try? Data(bytes).write(to: url)
        defer { try? FileManager.default.removeItem(at: url) }
        let result = rnnGradcheck(["check", "--fixture", url.path])
        XCTAssertEqual(result.status, .dataError)
        XCTAssertEqual(result.err, "Error: \(url.path): invalid JSON at line 1, column 19: invalid UTF-8 (byte 0xFF) inside a string: JSON documents must be UTF-8\n")
    }

    func testHugeUnknownKey_IsNotEchoedWhole() {
        let key = String(repeating: "k", count: 10_000_000)
        let result = rnnGradcheck(["check", "--fixture", "-"], input: "{\"\(key)\": 1}")
        XCTAssertEqual(result.status, .dataError)
        XCTAssertLessThan(result.err.utf8.count, 400)
        XCTAssert(result.err.contains("… (10000000 characters)"), String(result.err.prefix(300)))
        let option = rnnGradcheck(["check", "--" + String(repeating: "x", count: 100_000)])
        XCTAssertEqual(option.status, .usage)
        XCTAssertLessThan(option.err.utf8.count, 600)
    }

    func testProgramsThatCannotStart_SayWhy() throws {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("rnn-gradcheck-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: directory) }
        let text = directory.appendingPathComponent("notes.txt")
        try "just some text\n".write(to: text, atomically: true, encoding: .utf8)
        let script = directory.appendingPathComponent("bptt.py")
        try "#!/usr/bin/python-that-is-not-installed\nprint(1)\n".write(to: script, atomically: true, encoding: .utf8)
        for url in [text, script] { try FileManager.default.setAttributes([.posixPermissions: 0o755], ofItemAtPath: url.path) }

        let notAProgram = rnnGradcheck(["check-external", "--", text.path])
        XCTAssertEqual(notAProgram.status, .noInput)
        XCTAssert(notAProgram.err.hasPrefix("Error: cannot run \(text.path): it is not a program (no '#!' line naming an interpreter, and not an executable binary)"), notAProgram.err)
        let noInterpreter = rnnGradcheck(["check-external", "--", script.path])
        XCTAssertEqual(noInterpreter.status, .noInput)
        XCTAssert(noInterpreter.err.hasPrefix("Error: cannot run \(script.path): its interpreter /usr/bin/python-that-is-not-installed (from its '#!' line) does not exist"), noInterpreter.err)
    }

    /// A program that answers and exits 0 but leaves a background child holding its output passes at
    /// once, with a warning; the child is stopped.
    func testLeftoverChildren_AreAWarningAndAreStopped() throws {
        let sh = try shell()
        let executable = try builtExecutable()
        let marker = "61.\(Int.random(in: 100_000...999_999))"  // a sleep no other process runs
        let file = "/tmp/rnn-gradcheck-leftover-\(marker).json"
        let script = "cat > \(file); sleep \(marker) & \(executable) gradients --fixture \(file) --json; rm -f \(file)"
        let start = Date()
        let result = rnnGradcheck(["check-external", "--timeout", "20", "--json", "--", sh, "-c", script])
        XCTAssertLessThan(Date().timeIntervalSince(start), 10, "waited for the background child")
        XCTAssertEqual(result.status, .success, result.out)
        let report = try JSONParser.parse(result.out)
        let program = report["fixtures"]?.arrayFirst?["program"]
        XCTAssertEqual(program?["timed_out"], .bool(false))
        XCTAssertEqual(program?["left_running_children"], .bool(true))
        XCTAssertEqual(program?["exit_status"], .integer(0))
        XCTAssertFalse(processExists(named: marker), "the background child is still running")
    }

    /// A descendant that left the process group with setsid is stopped too (Linux).
    func testSetsidDescendants_AreStopped() throws {
        #if os(Linux)
            let sh = try shell()
            guard FileManager.default.isExecutableFile(atPath: "/usr/bin/setsid") else { throw XCTSkip("no setsid") }
            let executable = try builtExecutable()
            let marker = "62.\(Int.random(in: 100_000...999_999))"  // a sleep no other process runs
            let file = "/tmp/rnn-gradcheck-setsid-\(marker).json"
            let script = "cat > \(file); setsid sleep \(marker) </dev/null >/dev/null 2>&1 & sleep 0.2; \(executable) gradients --fixture \(file) --json; rm -f \(file)"
            let result = rnnGradcheck(["check-external", "--", sh, "-c", script])
            XCTAssertEqual(result.status, .success, result.out)
            XCTAssert(result.out.contains("warning: the program exited but left processes running"), result.out)
            usleep(200_000)
            XCTAssertFalse(processExists(named: marker), "the setsid descendant outlived the run")
        #else
            throw XCTSkip("Linux only")
        #endif
    }

    func testDebugOutputBeforeTheAnswer_IsShownWithAHint() throws {
        let sh = try shell()
        let result = rnnGradcheck(["check-external", "--", sh, "-c", "cat >/dev/null; echo 'debug: U has shape (4, 8)'; echo '{}'"])
        XCTAssertEqual(result.status, .checkFailed)
        XCTAssert(result.out.contains(#"FAIL: the program's standard output starts with a line that is not JSON: "debug: U has shape (4, 8)" (debug output belongs on standard error)"#), result.out)
        let after = rnnGradcheck(["check-external", "--", sh, "-c", "cat >/dev/null; echo '{\"loss\": 1}'; echo 'done'"])
        XCTAssert(after.out.contains("after the end of the document (debug output belongs on standard error)"), after.out)
    }

    func testNaNGradientFromAProgram_IsNamedByEntry() throws {
        let sh = try shell()
        let answer = #"{"loss": 12.762609499067528, "gradients": {"U": [[0, 0, 0, 0, 0, 0, 0, 0], [0, 0, 0, NaN, 0, 0, 0, 0], [0, 0, 0, 0, 0, 0, 0, 0], [0, 0, 0, 0, 0, 0, 0, 0]], "V": [], "W": []}}"#
        let result = rnnGradcheck(["check-external", "--", sh, "-c", "cat >/dev/null; echo '\(answer)'"])
        XCTAssertEqual(result.status, .checkFailed)
        XCTAssert(result.out.contains("FAIL: standard output: gradients.U[1][3] is NaN: a NaN or an infinity is never a pass"), result.out)
    }

    /// `gradients` writes no document for a gradient that is not finite (JSON has no literal for it).
    func testNonFiniteGradients_AreNamedAndNotWritten() {
        let finite = NamedBlock(key: "W", symbol: "W", shape: .matrix(rows: 2, columns: 2), values: [1, 2, 3, 4])
        var broken = finite
        broken.values[2] = .nan
        XCTAssertNil(GradientsCommand.firstNonFinite(loss: 1, blocks: [finite]))
        XCTAssertEqual(GradientsCommand.firstNonFinite(loss: 1, blocks: [finite, broken]), "W[1,0] = NaN")
        XCTAssertEqual(GradientsCommand.firstNonFinite(loss: .infinity, blocks: [finite]), "the loss is inf")
    }

    /// Found by the fuzzer: a word longer than a message echoes once put the error's column before
    /// the start of its line (a trap).
    func testLongWords_AreReportedAtTheirStart() {
        for text in ["[" + String(repeating: "N", count: 200), "{\"a\": " + String(repeating: "I", count: 100) + "}", String(repeating: "x", count: 500)] {
            XCTAssertThrowsError(try JSONParser.parse(text)) { error in
                let syntax = error as! JSONSyntaxError
                XCTAssertEqual(syntax.line, 1)
                XCTAssertLessThanOrEqual(syntax.column, 8)
                XCTAssertLessThan(syntax.description.count, 200)
            }
        }
    }

    private func processExists(named name: String) -> Bool {
        guard let entries = try? FileManager.default.contentsOfDirectory(atPath: "/proc") else { return false }
        return entries.contains { entry in
            guard Int(entry) != nil, let command = try? String(contentsOfFile: "/proc/\(entry)/cmdline", encoding: .utf8) else { return false }
            return command.contains(name)
        }
    }
}
