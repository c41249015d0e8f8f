import Foundation
import RNNGradCheck
import XCTest

@testable import RNNGradCheckCLI
@testable import RNNGradCheckKit

/// `check-model` with real programs and no numpy: a /bin/sh loop that hands each request to awk,
/// whose model has a scalar, a vector, a matrix and a 3-D tensor, in float64 (17 digits) and as a
/// float32 stand-in (its numbers printed with 7 significant digits); planted bugs; and one /bin/sh
/// program per failure mode.
final class CheckModelTests: XCTestCase {
    /// The model, by hand:
    ///
    ///     parameters  a = 0.75, w = [0.5, −1.25, 2], M = [[0.3, −0.7], [1.1, 0.2]],
    ///                 T = [[[0.4, −0.1]], [[0.9, −1.3]]]  (2×1×2), θ_i their entries in this order
    ///     loss        L = Σ_i i·(sin θ_i + θ_i²/2), i = 1 … 12
    ///     gradient    ∂L/∂θ_i = i·(cos θ_i + θ_i)
    ///
    /// Bugs: "factor" doubles ∂L/∂M; "nudge" multiplies ∂L/∂T[1,0,0] (i = 11, the largest entry,
    /// 16.7) by 1.001; "drop" leaves the cos term out of ∂L/∂w[1] (i = 3).
    private static let model = #"""
        function out(x) { return sprintf(fmt, x) }
        BEGIN { fmt = (digits ? "%." digits "g" : "%.17g") }
        {
          if (index($0, "\"op\": \"parameters\"")) {
            print "{\"parameters\": {\"a\": 0.75, \"w\": [0.5, -1.25, 2.0], \"M\": [[0.3, -0.7], [1.1, 0.2]], \"T\": [[[0.4, -0.1]], [[0.9, -1.3]]]}}"
            next
          }
          gradients = index($0, "\"op\": \"gradients\"") > 0
          p = substr($0, index($0, "\"parameters\":") + 13)
          gsub(/"[^"]*":/, " ", p); gsub(/[][{},]/, " ", p)
          n = split(p, v, " ")
          L = 0
          for (i = 1; i <= n; i++) { L += i * (sin(v[i]) + v[i] * v[i] / 2); g[i] = i * (cos(v[i]) + v[i]) }
          if (bug == "factor") { for (i = 5; i <= 8; i++) g[i] *= 2 }
          if (bug == "nudge") g[11] *= 1.001
          if (bug == "drop") g[3] = 3 * v[3]
          if (bug == "loss") L *= 2
          if (!gradients) { print "{\"loss\": " out(L) "}"; next }
          if (bug == "loss") L /= 2
          printf "{\"loss\": %s, \"gradients\": {\"a\": %s, \"w\": [%s, %s, %s], \"M\": [[%s, %s], [%s, %s]], \"T\": [[[%s, %s]], [[%s, %s]]]}}\n", out(L), out(g[1]), out(g[2]), out(g[3]), out(g[4]), out(g[5]), out(g[6]), out(g[7]), out(g[8]), out(g[9]), out(g[10]), out(g[11]), out(g[12])
        }
        """#

    /// `sh -c LOOP`: one awk per request (awk itself may buffer its input, which would deadlock).
    private func modelCommand(digits: Int? = nil, bug: String? = nil) throws -> [String] {
        let awk = try temporaryFile(Self.model, name: "model.awk", testCase: self)
        let loop = #"while IFS= read -r line; do printf '%s\n' "$line" | awk -v digits='\#(digits.map(String.init) ?? "")' -v bug='\#(bug ?? "")' -f '\#(awk)'; done"#
        return [try shell(), "-c", loop]
    }

    private func shell() throws -> String {
        guard FileManager.default.isExecutableFile(atPath: "/bin/sh") else { throw XCTSkip("/bin/sh is missing") }
        return "/bin/sh"
    }

    /// A /bin/sh program answering each op with a fixed line.
    private func canned(parameters: String = #"{"parameters": {"w": [1.0, 2.0], "M": [[1.0, 2.0], [3.0, 4.0]]}}"#, gradients: String, loss: String = #"{"loss": 7.5}"#) throws -> [String] {
        func quoted(_ text: String) -> String { "'" + text.replacingOccurrences(of: "'", with: #"'\''"#) + "'" }
        let script = """
            while IFS= read -r line; do
              case "$line" in
                *'"op": "parameters"'*) printf '%s\\n' \(quoted(parameters)) ;;
                *'"op": "gradients"'*) printf '%s\\n' \(quoted(gradients)) ;;
                *) printf '%s\\n' \(quoted(loss)) ;;
              esac
            done
            """
        return [try shell(), "-c", script]
    }

    private func checkModel(_ options: [String], _ command: [String]) -> Run {
        rnnGradcheck(["check-model"] + options + ["--"] + command)
    }

    // MARK: - Correct programs pass

    func testCorrectProgram_PassesInFloat64AndFloat32() throws {
        let float64 = checkModel([], try modelCommand())
        XCTAssertEqual(float64.status, .success, float64.out + float64.err)
        XCTAssert(float64.out.contains("point: the program's parameters, 4 parameters, 12 entries (a scalar, w 3, M 2×2, T 2×1×2)"), float64.out)
        XCTAssert(float64.out.contains("numerical: central differences, h = 6e-06·max(1,|θ|)"), float64.out)
        XCTAssert(float64.out.contains("PASS: every gradient agrees with the numerical one within the tolerance and float64 rounding"), float64.out)
        for row in ["a      scalar", "w      3", "M      2×2", "T      2×1×2"] { XCTAssert(float64.out.contains(row), "\(row): \(float64.out)") }
        XCTAssert(float64.out.contains("checked: all 12 entries"))
        XCTAssertEqual(float64.err, "")

        let float32 = checkModel(["--precision", "float32"], try modelCommand(digits: 7))
        XCTAssertEqual(float32.status, .success, float32.out)
        XCTAssert(float32.out.contains("numerical: central differences, h = 0.005·max(1,|θ|)"), float32.out)
        XCTAssert(float32.out.contains("second oracle for failing entries: Richardson extrapolation, h = 0.02·max(1,|θ|)"), float32.out)
        XCTAssert(float32.out.contains("within the tolerance and float32 rounding"), float32.out)
        // The points sent are float32 numbers: the 7-digit program's answers stay within its rounding.
        XCTAssert(float32.out.contains("entries rounded to float32"), float32.out)

        // A loss printed with 6 digits is noisier than float64: the noise along the line sets the step.
        let sixDigits = checkModel([], try modelCommand(digits: 6))
        XCTAssertEqual(sixDigits.status, .success, sixDigits.out)
        XCTAssert(sixDigits.out.contains("the line σ is used: the loss is noisier than its rounding"), sixDigits.out)
        XCTAssertFalse(sixDigits.out.contains("h = 6e-06"), sixDigits.out)

        let richardson = checkModel(["--precision", "float32", "--method", "richardson"], try modelCommand(digits: 7))
        XCTAssertEqual(richardson.status, .success, richardson.out)
        XCTAssert(richardson.out.contains("numerical: Richardson extrapolation, h = 0.02·max(1,|θ|)"), richardson.out)
    }

    // MARK: - Planted bugs fail

    func testPlantedBugs_FailInFloat64AndFloat32() throws {
        let bugs: [(bug: String, block: String, entry: String)] = [
            ("factor", "M", "M["), ("nudge", "T", "T[1,0,0]"), ("drop", "w", "w[1]"),
        ]
        for (bug, block, entry) in bugs {
            for digits in [nil, 7] {
                let options = digits == nil ? [] : ["--precision", "float32"]
                let result = checkModel(options, try modelCommand(digits: digits, bug: bug))
                let precision = digits == nil ? "float64" : "float32"
                XCTAssertEqual(result.status, .checkFailed, "\(bug) \(precision): \(result.out)")
                XCTAssert(
                    result.out.contains("FAIL: the gradient of \(block) differs from the numerical one by more than \(precision) rounding can explain"),
                    "\(bug) \(precision): \(result.out)")
                XCTAssert(result.out.contains("  \(entry)"), "\(bug) \(precision): the entry is named: \(result.out)")
                XCTAssert(result.out.contains("both oracles agree and the analytic value is off by"), "\(bug) \(precision): \(result.out)")
            }
        }
    }

    func testLossesThatDifferBetweenTheOps_Fail() throws {
        let result = checkModel([], try modelCommand(bug: "loss"))
        XCTAssertEqual(result.status, .checkFailed)
        XCTAssert(result.out.contains("FAIL: the gradients answer and the loss answer give different losses at the same point"), result.out)
    }

    func testOraclesThatDisagree_LeaveTheEntryUnresolved() throws {
        // L = |w − 1e-5| at w = 0, and a "gradient" of 0. Central differences (h = 6e-6) stay left of
        // the kink: −1. Richardson (h = 2.4e-5 and 1.2e-5) straddles it: (4·(−0.8333) + 0.4167)/3 =
        // −0.9722. The two disagree with each other by 2.8e-2: no verdict on the gradient.
        let kink = #"""
            while IFS= read -r line; do
              case "$line" in
                *'"op": "parameters"'*) echo '{"parameters": {"w": 0.0}}' ;;
                *) printf '%s\n' "$line" | awk '{ p = substr($0, index($0, "\"w\": ") + 5); w = p + 0; L = w - 1e-5; if (L < 0) L = -L;
                     if (index($0, "gradients")) printf "{\"loss\": %.17g, \"gradients\": {\"w\": 0}}\n", L; else printf "{\"loss\": %.17g}\n", L }' ;;
              esac
            done
            """#
        let result = checkModel([], [try shell(), "-c", kink])
        XCTAssertEqual(result.status, .checkFailed, result.out)
        XCTAssert(result.out.contains("w: numerically unresolved: central -1.000000000, Richardson -0.9722222222, analytic 0.000000000"), result.out)
        XCTAssert(result.out.contains("UNRESOLVED: w is numerically unresolved"), result.out)
        XCTAssert(result.out.contains("the residuals along the line grow with the spacing, so the loss is not smooth near the point"), result.out)
        let json = try JSONParser.parse(checkModel(["--json"], [try shell(), "-c", kink]).out)
        XCTAssertEqual(json["verdict"], .string("unresolved"))
        guard case .array(let disputed)? = json["oracle_disagreements"] else { return XCTFail("no oracle_disagreements") }
        XCTAssertEqual(disputed.first?["outcome"], .string("unresolved"))
    }

    // MARK: - Sampled entries and the random direction

    func testSampledEntries_CheckSomeEntriesAndOneDirection() throws {
        let sampled = checkModel(["--entries", "1", "--seed", "3"], try modelCommand())
        XCTAssertEqual(sampled.status, .success, sampled.out)
        XCTAssert(sampled.out.contains("checked: 4 of 12 entries (1 random per parameter, seed 3) and the derivative along one random direction through all of them"), sampled.out)
        XCTAssert(sampled.out.contains("along the direction"), sampled.out)
        XCTAssertEqual(checkModel(["--entries", "1", "--seed", "3"], try modelCommand()).out.split(separator: "\n").filter { $0.contains("along the direction") },
                       sampled.out.split(separator: "\n").filter { $0.contains("along the direction") }, "same seed, same direction")
        // A factor on M shows along the direction whichever entry of M is drawn.
        let json = try JSONParser.parse(checkModel(["--entries", "1", "--json"], try modelCommand(bug: "factor")).out)
        XCTAssertEqual(json["directional"]?["verdict"], .string("fail"))
        XCTAssertEqual(json["checked_entries"], .integer(4))
        XCTAssertEqual(json["total_entries"], .integer(12))
    }

    // MARK: - Failure modes: one line, one exit status

    func testFailingPrograms_AreReportedInOneLine() throws {
        let sh = try shell()
        let goodParameters = #"{"parameters": {"w": [1.0, 2.0], "M": [[1.0, 2.0], [3.0, 4.0]]}}"#
        let cases: [(command: [String], message: String)] = [
            ([sh, "-c", "exit 3"], #"the program exited with status 3 before answering {"op": "parameters"} (request 1)"#),
            ([sh, "-c", "echo 'Traceback: model.py line 3' >&2; kill -SEGV $$"], #"the program was killed by signal 11 (SIGSEGV) before answering {"op": "parameters"} (request 1)"#),
            ([sh, "-c", #"read line; echo '{"parameters": {"w": 1.5}}'"#], #"the program exited with status 0 before answering {"op": "gradients"} (request 2)"#),
            ([sh, "-c", "while read line; do echo 'loading the model'; done"], #"the program answered {"op": "parameters"} with a line that is not JSON: "loading the model" (debug output belongs on stderr)"#),
            ([sh, "-c", "while read line; do echo; done"], #"the program answered {"op": "parameters"} with an empty line (debug output belongs on stderr)"#),
            ([sh, "-c", "while read line; do echo '[1, 2]'; done"], #"the answer to {"op": "parameters"} must be a JSON object, found an array"#),
            ([sh, "-c", #"while read line; do echo '{"error": "weights.npz not found"}'; done"#], #"the program answered {"op": "parameters"} with an error: weights.npz not found"#),
            ([sh, "-c", #"while read line; do echo '{"parameters": {"w": [1.0]}, "version": 2}'; done"#], #"the answer to {"op": "parameters"} has an unknown key "version" (expected "parameters")"#),
            ([sh, "-c", #"while read line; do echo '{"parameters": {"w": [[1.0, 2.0], [3.0]]}}'; done"#], #"the answer to {"op": "parameters"}: parameters.w is ragged: parameters.w[1] has 1 entry but parameters.w[0] has 2 entries"#),
            ([sh, "-c", #"while read line; do echo '{"parameters": {"w": [1.0, NaN]}}'; done"#], #"the answer to {"op": "parameters"}: w[1] is NaN: the point to check must be finite"#),
            ([sh, "-c", #"while read line; do echo '{"parameters": {"w": []}}'; done"#], #"the answer to {"op": "parameters"}: parameters.w is an empty array: a parameter needs at least one entry"#),
            (try canned(gradients: #"{"loss": 7.5, "gradients": {"w": [1.0, 2.0]}}"#), #"the answer to {"op": "gradients"}: gradients has no "M": every parameter needs its gradient"#),
            (try canned(gradients: #"{"loss": 7.5, "gradients": {"w": [1.0, 2.0], "M": [[1, 2], [3, 4]], "b": 0}}"#), #"the answer to {"op": "gradients"}: gradients has "b", which is not a parameter (the parameters are "w" and "M")"#),
            (try canned(gradients: #"{"loss": 7.5, "gradients": {"w": [1.0, 2.0], "M": [[1, 2, 3], [3, 4, 5]]}}"#), #"the answer to {"op": "gradients"}: gradients.M has shape 2×3, but the parameter M is 2×2"#),
            (try canned(gradients: #"{"loss": 7.5, "gradients": {"w": 1.0, "M": [[1, 2], [3, 4]]}}"#), #"the answer to {"op": "gradients"}: gradients.w has shape scalar, but the parameter w is 2"#),
            (try canned(gradients: #"{"loss": NaN, "gradients": {"w": [1.0, 2.0], "M": [[1, 2], [3, 4]]}}"#), #"the loss in the answer to {"op": "gradients"} is NaN: the loss at the point must be finite"#),
            (try canned(gradients: #"{"loss": "7.5", "gradients": {"w": [1.0, 2.0], "M": [[1, 2], [3, 4]]}}"#), #""loss" in the answer to {"op": "gradients"} must be a number, found the string "7.5""#),
            (try canned(gradients: #"{"loss": 7.5, "gradients": {"w": [1.0, 2.0], "M": [[1, 2], [3, 4]]}}"#, loss: #"{"loss": Infinity}"#), "the loss is Infinity at the point: its noise cannot be measured"),
            (try canned(gradients: "{\"loss\": 7.5, \"gradients\": {\"w\": [1.0, 2.0], \"M\": [[1, 2], [3, 4]]}}\n{}"), #"the program printed a line nobody asked for, after answering 2 requests: "{}" (exactly one line per request; debug output belongs on stderr)"#),
            (try canned(parameters: goodParameters, gradients: #"{"loss": 7.5, "gradients": {"w": [1.0, 2.0], "M": [[1, 2], [3, 4]]}}"#, loss: #"{"loss": 7.5, "gradients": {}}"#), #"the answer to {"op": "loss"} has an unknown key "gradients" (expected "loss")"#),
        ]
        for (command, message) in cases {
            let result = checkModel(["--timeout", "5"], command)
            XCTAssertEqual(result.status, .checkFailed, "\(command.last!): \(result.out)\(result.err)")
            XCTAssert(result.out.hasSuffix("FAIL: \(message)\n"), "\(command.last!): expected “FAIL: \(message)” at the end of\n\(result.out)")
            XCTAssertEqual(result.err, "", command.last!)
            XCTAssertEqual(result.out.components(separatedBy: message).count, 2, "the message appears once: \(result.out)")
        }
        let crashed = checkModel([], [sh, "-c", "echo 'Traceback: model.py line 3' >&2; kill -SEGV $$"])
        XCTAssert(crashed.out.contains("  standard error (last lines):\n    | Traceback: model.py line 3\n"), crashed.out)
        let long = String(repeating: "x", count: 500)
        let capped = checkModel([], [sh, "-c", "while read line; do echo \(long); done"])
        XCTAssert(capped.out.contains("\"" + String(repeating: "x", count: ModelSession.echoLimit) + "…\""), "an echoed line is capped: \(capped.out)")
    }

    func testAnswers_MayHoldNaNAndInfinityAsPythonWritesThem() throws {
        let parsed = try JSONParser.parse(Array(#"[NaN, Infinity, -Infinity, 1.5]"#.utf8), acceptingNonFinite: true)
        guard case .array(let values) = parsed, values.count == 4, case .number(let nan, _) = values[0],
            case .number(let plus, _) = values[1], case .number(let minus, _) = values[2]
        else { return XCTFail("\(parsed)") }
        XCTAssert(nan.isNaN)
        XCTAssertEqual(plus, .infinity)
        XCTAssertEqual(minus, -.infinity)
        // Files stay strict.
        XCTAssertThrowsError(try JSONParser.parse(Array("[NaN]".utf8)))
        XCTAssertThrowsError(try JSONParser.parse(Array("[-Infinite]".utf8), acceptingNonFinite: true))
    }

    func testNonFiniteGradientEntry_IsNamed() throws {
        let result = checkModel([], try canned(gradients: #"{"loss": 7.5, "gradients": {"w": [0, 0], "M": [[0, 0], [NaN, 0]]}}"#))
        XCTAssertEqual(result.status, .checkFailed)
        XCTAssert(result.out.contains("M: the analytic gradient has NaN at M[1,0]: a NaN or an infinity is never a pass"), result.out)
        XCTAssert(result.out.contains("FAIL: M has a NaN or an infinity"), result.out)
    }

    func testHangingProgram_IsStoppedAtTheTimeout() throws {
        let sh = try shell()
        let start = Date()
        let result = checkModel(["--timeout", "1"], [sh, "-c", "sleep 30"])
        XCTAssertEqual(result.status, .checkFailed)
        XCTAssert(result.out.hasSuffix("FAIL: the program did not answer {\"op\": \"parameters\"} within 1 s (request 1) and was stopped\n"), result.out)
        XCTAssertLessThan(Date().timeIntervalSince(start), 5, "the timeout was not enforced")
        // One that answers, then hangs on the second request.
        let later = checkModel(["--timeout", "1"], [sh, "-c", #"read line; echo '{"parameters": {"w": 1.5}}'; sleep 30"#])
        XCTAssert(later.out.hasSuffix("FAIL: the program did not answer {\"op\": \"gradients\"} within 1 s (request 2) and was stopped\n"), later.out)
        // One that closes its standard output and goes on.
        let closed = checkModel(["--timeout", "1"], [sh, "-c", "read line; exec >&-; sleep 30"])
        XCTAssert(closed.out.hasSuffix("FAIL: the program closed its standard output (and was stopped) before answering {\"op\": \"parameters\"} (request 1)\n"), closed.out)
        // One that ignores SIGTERM (and so does its sleep) is killed half a second later.
        let stubborn = Date()
        let ignoring = checkModel(["--timeout", "1"], [sh, "-c", "trap '' TERM; while :; do sleep 1; done"])
        XCTAssert(ignoring.out.contains("killed by signal 9 (SIGKILL)"), ignoring.out)
        XCTAssertLessThan(Date().timeIntervalSince(stubborn), 5)
    }

    func testProgramsThatCannotStart_Exit66AndUsage64() throws {
        let missing = checkModel([], ["rnn-gradcheck-no-such-model"])
        XCTAssertEqual(missing.status, .noInput)
        XCTAssertEqual(missing.err, "Error: cannot run 'rnn-gradcheck-no-such-model': not found in PATH\n")
        let noCommand = rnnGradcheck(["check-model"])
        XCTAssertEqual(noCommand.status, .usage)
        XCTAssert(noCommand.err.hasPrefix("Error: missing the program to run: put it after '--'"), noCommand.err)
        for (options, message) in [
            (["--method", "complex-step"], "the value 'complex-step' is invalid for '--method <method>' (expected central or richardson)"),
            (["--precision", "float16"], "the value 'float16' is invalid for '--precision <precision>' (expected float64 or float32)"),
            (["--entries", "0"], "the value '0' is invalid for '--entries <all|n>': expected all or an integer ≥ 1"),
            (["--seed", "2"], "'--seed' chooses random entries: it needs '--entries <n>'"),
            (["--precision", "float32", "--step", "1e-7"], "--step 1e-7 is outside 16·ε … 1 for float32 (ε = 1.2e-07): θ ± h would round to θ, or move far from it"),
            (["--timeout", "0"], "the value '0' is invalid for '--timeout <seconds>': expected a positive number"),
        ] {
            let result = checkModel(options, ["true"])
            XCTAssertEqual(result.status, .usage, "\(options)")
            XCTAssert(result.err.hasPrefix("Error: \(message)\n"), "\(options): \(result.err)")
        }
    }

    // MARK: - The point from a file

    func testParametersFile_GivesThePointAndIsValidated() throws {
        // The program refuses {"op": "parameters"}: with --parameters it is never asked.
        let refusing = try canned(
            parameters: #"{"error": "asked for the parameters"}"#,
            gradients: #"{"loss": 0, "gradients": {"w": [0, 0], "M": [[0, 0], [0, 0]]}}"#, loss: #"{"loss": 0}"#)
        let file = try temporaryFile(#"{"w": [0.0, 0.0], "M": [[0.0, 0.0], [0.0, 0.0]]}"#, name: "point.json", testCase: self)
        let result = checkModel(["--parameters", file], refusing)
        XCTAssertEqual(result.status, .success, result.out)
        XCTAssert(result.out.contains("point: the parameters in \(file), 2 parameters, 6 entries (w 2, M 2×2)"), result.out)

        let missing = checkModel(["--parameters", "/nonexistent/point.json"], refusing)
        XCTAssertEqual(missing.status, .noInput)
        XCTAssertEqual(missing.err, "Error: cannot read /nonexistent/point.json: no such file\n")
        let malformed = try temporaryFile(#"{"w": [0.0, "one"]}"#, name: "bad.json", testCase: self)
        let bad = checkModel(["--parameters", malformed], refusing)
        XCTAssertEqual(bad.status, .dataError)
        XCTAssertEqual(bad.err, "Error: \(malformed): w[1] must be a number or an array of numbers, found the string \"one\"\n")
        let huge = try temporaryFile(#"{"w": [1e39]}"#, name: "huge.json", testCase: self)
        let beyond = checkModel(["--parameters", huge, "--precision", "float32"], refusing)
        XCTAssertEqual(beyond.status, .dataError)
        XCTAssertEqual(beyond.err, "Error: \(huge): w[0] = 1e+39 is beyond the range of float32\n")
    }

    // MARK: - JSON

    func testJSONReport_CarriesTheRuleTheBlocksAndTheProgram() throws {
        let json = try JSONParser.parse(checkModel(["--json", "--precision", "float32"], try modelCommand(digits: 7)).out)
        XCTAssertEqual(json["schema"], .string("rnn-gradcheck/check-model/1"))
        XCTAssertEqual(json["verdict"], .string("pass"))
        XCTAssertEqual(json["passed"], .bool(true))
        XCTAssertEqual(json["settings"]?["precision"], .string("float32"))
        XCTAssertEqual(json["settings"]?["step"], .number(0.005))
        XCTAssertEqual(json["settings"]?["step_source"], .string("noise rule"))
        XCTAssertEqual(json["settings"]?["second_method"], .string("richardson"))
        XCTAssertEqual(json["settings"]?["tolerance"], .number(1e-4))
        XCTAssertEqual(json["loss"]?["agree"], .bool(true))
        guard case .array(let blocks)? = json["blocks"] else { return XCTFail("no blocks") }
        XCTAssertEqual(blocks.map { $0["key"] }, [.string("a"), .string("w"), .string("M"), .string("T")])
        XCTAssertEqual(blocks[3]["shape"], .array([.integer(2), .integer(1), .integer(2)]))
        XCTAssertEqual(blocks.map { $0["verdict"] }, Array(repeating: .string("pass"), count: 4))
        XCTAssertEqual(json["program"]?["requests"]?["parameters"], .integer(1))
        XCTAssertEqual(json["program"]?["requests"]?["gradients"], .integer(1))
        XCTAssertEqual(json["program"]?["exit_status"], .integer(0))
        XCTAssertEqual(json["error"], .null)

        let crashed = try JSONParser.parse(checkModel(["--json"], [try shell(), "-c", "exit 4"]).out)
        XCTAssertEqual(crashed["verdict"], .string("fail"))
        XCTAssertEqual(crashed["error"]?["kind"], .string("exited"))
        XCTAssertEqual(crashed["program"]?["exit_status"], .integer(4))
        XCTAssertEqual(crashed["blocks"], .null)
    }
}
