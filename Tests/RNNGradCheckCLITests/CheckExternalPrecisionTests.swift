import Foundation
import RNNGradCheck
import XCTest

@testable import RNNGradCheckCLI
@testable import RNNGradCheckKit

/// `check-external --precision`, `--method`, `--step` and `--tolerance`, with the package's own
/// executable as the program and, as a float32 stand-in, its answer with every number cut to 7
/// significant digits by awk. No numpy.
final class CheckExternalPrecisionTests: XCTestCase {
    private func executable() throws -> String {
        let candidates = [
            URL(fileURLWithPath: CommandLine.arguments[0]).deletingLastPathComponent().appendingPathComponent("rnn-gradcheck").path,
            fixturesDirectory.deletingLastPathComponent().appendingPathComponent(".build/debug/rnn-gradcheck").path,
        ]
        guard let found = candidates.first(where: FileManager.default.isExecutableFile(atPath:)) else {
            throw XCTSkip("the rnn-gradcheck executable was not found (looked in \(candidates.joined(separator: ", "))): run 'swift build' first")
        }
        return found
    }

    /// The package's gradients for the fixture on standard input, every number printed with 7
    /// significant digits: relative errors up to 5e-7, a float32 program's order of rounding.
    private func sevenDigits(bug: String? = nil) throws -> [String] {
        guard FileManager.default.isExecutableFile(atPath: "/bin/sh") else { throw XCTSkip("/bin/sh is missing") }
        let cut = #"{ out = ""; s = $0; while (match(s, /-?[0-9][0-9.]*([eE][-+]?[0-9]+)?/)) { out = out substr(s, 1, RSTART - 1) sprintf("%.7g", substr(s, RSTART, RLENGTH) + 0); s = substr(s, RSTART + RLENGTH) } print out s }"#
        let bugOption = bug.map { " --bug \($0)" } ?? ""
        return ["/bin/sh", "-c", "'\(try executable())' gradients --fixture - --json\(bugOption) | awk '\(cut)'"]
    }

    func testFloat32Program_PassesAsFloat32AndFailsAsFloat64() throws {
        for notation in ["wildml", "denominator-layout", "index-wise"] {
            let float32 = rnnGradcheck(["check-external", "--notation", notation, "--count", "3", "--precision", "float32", "--"] + (try sevenDigits()))
            XCTAssertEqual(float32.status, .success, "\(notation): \(float32.out)\(float32.err)")
            XCTAssert(float32.out.hasSuffix("3 of 3 fixtures passed\n"), float32.out)
            let float64 = rnnGradcheck(["check-external", "--notation", notation, "--"] + (try sevenDigits()))
            XCTAssertEqual(float64.status, .checkFailed, "\(notation): 7 digits are not float64: \(float64.out)")
            XCTAssert(float64.out.contains("the loss differs from the forward pass"), float64.out)
        }
        let header = rnnGradcheck(["check-external", "--precision", "float32", "--"] + (try sevenDigits()))
        XCTAssert(header.out.contains("loss: relative error ≤ 7.6e-06 from the forward pass; gradients: central differences, h = 1e-05·max(1,|θ|), relative error ≤ 0.0001 (float32: the fixture rounded to float32"), header.out)
    }

    /// A program that computes in float32 but is checked as float64 fails, and the report says why
    /// it might: its numbers are float32 values. A float64 answer that is wrong gets no such hint,
    /// nor does the same float32 answer checked with --precision float32.
    func testFloat32Answer_CheckedAsFloat64_GetsTheHint() throws {
        guard FileManager.default.isExecutableFile(atPath: "/bin/sh") else { throw XCTSkip("/bin/sh is missing") }
        // The package's answer for the default fixture, every number rounded to float32.
        let answer = rnnGradcheck(["gradients", "--json"])
        XCTAssertEqual(answer.status, .success, answer.err)
        func float32(_ value: JSONValue) -> JSONValue {
            switch value {
            case .number(let x, _): return .number(Double(Float(x)))
            case .array(let elements): return .array(elements.map(float32))
            case .object(let members): return .object(members.map { ($0.key, float32($0.value)) })
            default: return value
            }
        }
        let file = try temporaryDirectory(testCase: self).appendingPathComponent("float32-answer.json")
        try JSONWriter.write(float32(try JSONParser.parse(answer.out))).write(to: file, atomically: true, encoding: .utf8)
        let program = ["/bin/sh", "-c", "cat >/dev/null; cat '\(file.path)'"]

        let asFloat64 = rnnGradcheck(["check-external", "--"] + program)
        XCTAssertEqual(asFloat64.status, .checkFailed, asFloat64.out)
        XCTAssert(asFloat64.out.contains("warning: the loss the program printed, 12.762609481811523, is a float32 value: if it computes in float32, check it with --precision float32"), asFloat64.out)
        let json = try JSONParser.parse(rnnGradcheck(["check-external", "--json", "--"] + program).out)
        guard case .array(let fixtures)? = json["fixtures"], case .array(let warnings)? = fixtures.first?["warnings"] else { return XCTFail("no warnings array: \(JSONWriter.write(json))") }
        XCTAssertEqual(warnings.count, 1)

        let asFloat32 = rnnGradcheck(["check-external", "--precision", "float32", "--"] + program)
        XCTAssertEqual(asFloat32.status, .success, asFloat32.out)
        XCTAssertFalse(asFloat32.out.contains("warning"), asFloat32.out)
        let wrong64 = rnnGradcheck(["check-external", "--", try executable(), "gradients", "--fixture", "-", "--json", "--bug", "wildml/averaged-loss"])
        XCTAssertEqual(wrong64.status, .checkFailed)
        XCTAssertFalse(wrong64.out.contains("float32 value"), wrong64.out)

        XCTAssertNil(ExternalCheck.float32Hint(loss: 12.762609499067528, gradients: [[0.2794820234149188, 0]]))
        XCTAssertNotNil(ExternalCheck.float32Hint(loss: 3, gradients: [[Double(Float(0.1)), 0, Double(Float(-0.3))]]))
        XCTAssertNil(ExternalCheck.float32Hint(loss: 3, gradients: [[Double(Float(0.1)), 0.3]]), "one float64 entry: not a float32 program")
        XCTAssertNil(ExternalCheck.float32Hint(loss: 3, gradients: [[0, 1, -2]]), "integers are float32 values of any program")
    }

    func testFloat32Program_WithABug_StillFails() throws {
        let result = rnnGradcheck(["check-external", "--precision", "float32", "--"] + (try sevenDigits(bug: "wildml/missing-tanh-derivative")))
        XCTAssertEqual(result.status, .checkFailed)
        XCTAssert(result.out.contains("FAIL: the gradients of U, W differ from the numerical gradient"), result.out)
    }

    func testFloat32_RoundsTheFixtureTheProgramGets() throws {
        let program = [try executable(), "gradients", "--fixture", "-", "--json"]
        let result = rnnGradcheck(["check-external", "--json", "--precision", "float32", "--"] + program)
        let report = try JSONParser.parse(result.out)
        XCTAssertEqual(report["passed"], .bool(true), result.out)
        XCTAssertEqual(report["settings"]?["precision"], .string("float32"))
        XCTAssertEqual(report["loss_tolerance"], .number(64 * 0x1p-23), "64·ε, a power of two: exact")
        // What the program gets: every real number a float32 number, token ids unchanged; the checker
        // checks that same point.
        for notation in NotationRegistry.all {
            let original = ProblemCase.random(notation, sizes: [:], seed: 2)
            let bytes = Array(JSONWriter.write(Fixture.encode(original)).utf8)
            let (problemCase, rounded) = try ExternalCheck.rounded(bytes, problemCase: original, to: .float32)
            var numbers: [Double] = []
            func collect(_ value: JSONValue) {
                switch value {
                case .number(let x, _): numbers.append(x)
                case .array(let elements): elements.forEach(collect)
                case .object(let members): members.forEach { collect($0.value) }
                default: break
                }
            }
            collect(try JSONParser.parse(rounded))
            XCTAssert(numbers.allSatisfy { Double(Float($0)) == $0 }, notation.name)
            XCTAssertEqual(
                Array(JSONWriter.write(Fixture.encode(problemCase)).utf8), rounded,
                "\(notation.name): the checker's problem is the fixture the program reads")
        }
        let rounded = ExternalCheck.rounded(.array([.number(0.1), .integer(3), .number(0.5)]), to: .float32)
        XCTAssertEqual(rounded.changed, 1)
        XCTAssertEqual(rounded.fixture, .array([.number(Double(Float(0.1))), .integer(3), .number(0.5)]))
    }

    func testMethodStepAndTolerance_AreUsed() throws {
        let program = [try executable(), "gradients", "--fixture", "-", "--json"]
        // A gradient without the tanh derivative is off by up to 100 %: it passes a tolerance of 10.
        let buggy = program + ["--bug", "wildml/missing-tanh-derivative"]
        XCTAssertEqual(rnnGradcheck(["check-external", "--tolerance", "10", "--"] + buggy).status, .success)
        XCTAssertEqual(rnnGradcheck(["check-external", "--"] + buggy).status, .checkFailed)
        // The package's own gradient agrees with the complex step to about 1e-15.
        let exact = rnnGradcheck(["check-external", "--method", "complex-step", "--tolerance", "1e-12", "--"] + program)
        XCTAssertEqual(exact.status, .success, exact.out)
        XCTAssert(exact.out.contains("gradients: complex step, h = 1e-20, relative error ≤ 1e-12"), exact.out)
        let richardson = try JSONParser.parse(rnnGradcheck(["check-external", "--json", "--method", "richardson", "--step", "0.002", "--"] + program).out)
        XCTAssertEqual(richardson["settings"]?["method"], .string("richardson"))
        XCTAssertEqual(richardson["settings"]?["step"], .number(0.002))
        XCTAssertEqual(richardson["settings"]?["precision"], .string("float64"))
        XCTAssertEqual(richardson["passed"], .bool(true))
        let bad = rnnGradcheck(["check-external", "--precision", "float16", "--"] + program)
        XCTAssertEqual(bad.status, .usage)
    }
}
