import RNNGradCheck
import XCTest

@testable import RNNGradCheckCLI
@testable import RNNGradCheckKit

/// Fixtures and gradients documents: round trips, and one clear error for every malformed input.
final class FixtureTests: XCTestCase {
    func testFixture_RoundTripsForEveryNotation() throws {
        for notation in NotationRegistry.all {
            for truncate in (notation.truncationName == nil ? [nil] : [nil, 2]) as [Int?] {
                let original = ProblemCase.random(notation, seed: 21, truncation: truncate)
                let text = JSONWriter.write(Fixture.encode(original, description: "round trip"))
                let decoded = try Fixture.decode(Array(text.utf8), source: "round-trip.json")
                XCTAssertEqual(decoded.notation, notation)
                XCTAssertEqual(decoded.truncation, truncate)
                // Bit for bit: the writer prints the shortest literal that reads back to the same double.
                XCTAssertEqual(decoded.problem.parameterBlocks.map(\.values), original.problem.parameterBlocks.map(\.values))
                XCTAssertEqual(decoded.problem.loss(), original.problem.loss())
            }
        }
    }

    func testSoftmaxOutputActivation_RoundTripsAndIsRefusedOutsideIndexWise() throws {
        let original = ProblemCase.random(.indexWise, seed: 2, options: ["output_activation": "softmax"])
        let text = JSONWriter.write(Fixture.encode(original))
        XCTAssert(text.contains(#""output_activation": "softmax""#))
        let decoded = try Fixture.decode(Array(text.utf8), source: "s.json")
        XCTAssertEqual((decoded.problem as? IndexWise.Problem<Double>)?.network.g, .softmax)
        XCTAssertEqual(decoded.problem.loss(), original.problem.loss())
        let wildml = JSONWriter.write(Fixture.encode(ProblemCase.random(.wildml, seed: 2)))
            .replacingOccurrences(of: #""notation": "wildml","#, with: #""notation": "wildml", "output_activation": "softmax","#)
        XCTAssertThrowsError(try Fixture.decode(Array(wildml.utf8), source: "w.json")) { error in
            XCTAssertEqual((error as! RNNGradCheckError).message, "w.json: output_activation applies to index-wise only, not to wildml")
        }
    }

    func testGradientsDocument_RoundTripsAndMatchesTheNotation() throws {
        for notation in NotationRegistry.all {
            let problemCase = ProblemCase.random(notation, seed: 4)
            let text = JSONWriter.write(GradientsDocument.encode(problemCase))
            let document = try GradientsDocument.decode(Array(text.utf8), source: "g.json", for: problemCase)
            XCTAssertEqual(document.loss, problemCase.problem.loss())
            let expected = problemCase.problem.gradientBlocks(truncation: nil)
            XCTAssertEqual(document.gradients.map(\.key), notation.parameterKeys)
            XCTAssertEqual(document.gradients.map(\.values), expected.map(\.values))
        }
    }

    func testGradientsDocument_NamesWrongShapesAndKeys() {
        let problemCase = ProblemCase.random(.denominatorLayout, sizes: ["K": 3, "H": 2, "T": 2], seed: 1)
        let cases: [(String, String)] = [
            (#"{"notation": "wildml", "loss": 1, "gradients": {}}"#, "notation is \"wildml\" but the problem is written in denominator-layout"),
            (#"{"loss": 1, "gradients": {"W_in": [[0,0,0],[0,0,0]], "W_rec": [[0,0],[0,0]]}}"#, "missing key \"W_out\" in gradients"),
            (#"{"loss": 1, "gradients": {"W_in": [[0,0],[0,0]], "W_rec": [[0,0],[0,0]], "W_out": [[0,0],[0,0],[0,0]]}}"#, "gradients.W_in must be 2×3 like parameters.W_in, found 2×2"),
            (#"{"loss": "1", "gradients": {}}"#, "loss must be a number, found the string \"1\""),
            (#"{"loss": 1, "gradients": {"U": 1}}"#, "unknown key \"U\" in gradients (expected \"W_in\", \"W_rec\" or \"W_out\")"),
        ]
        for (text, message) in cases {
            XCTAssertThrowsError(try GradientsDocument.decode(Array(text.utf8), source: "answer.json", for: problemCase)) { error in
                let error = error as! RNNGradCheckError
                XCTAssertEqual(error.status, .dataError)
                XCTAssertEqual(error.message, "answer.json: \(message)")
            }
        }
    }

    /// Every kind of malformed fixture, with the message it must give (status 65).
    func testMalformedFixtures_GetOneLineNamingTheProblem() throws {
        let parameters = #""U": [[0.1, 0.2, 0.3], [0.1, 0.2, 0.3]], "V": [[0.1, 0.2], [0.1, 0.2], [0.3, 0.4]], "W": [[0.1, 0.2], [0.3, 0.4]]"#
        func wildml(_ rest: String, parameters p: String = parameters) -> String {
            #"{"notation": "wildml", "parameters": {"# + p + "}, " + rest + "}"
        }
        let cases: [(String, String, String)] = [
            ("invalid JSON", #"{"notation": "wildml", "parameters": {"#, "invalid JSON at line 1, column 39: unexpected end of file inside an object"),
            ("not an object", "[1, 2]", "the document must be an object, found an array"),
            ("unknown notation", #"{"notation": "elman"}"#, "unknown notation \"elman\" (expected \(JSONReader.list(NotationRegistry.all.map(\.name))))"),
            ("missing key", #"{"notation": "wildml", "inputs": [0], "targets": [0]}"#, "missing key \"parameters\""),
            ("missing parameter", wildml(#""inputs": [0], "targets": [0]"#, parameters: #""U": [[1]], "W": [[1]]"#), "missing key \"V\" in parameters"),
            ("unknown parameter", wildml(#""inputs": [0], "targets": [0]"#, parameters: parameters + #", "X": [[1]]"#), "unknown key \"X\" in parameters (expected \"U\", \"V\" or \"W\")"),
            ("wrong type", wildml(#""inputs": [0], "targets": [0]"#, parameters: #""U": "abc", "V": [[1]], "W": [[1]]"#), "parameters.U must be a matrix (an array of rows), found the string \"abc\""),
            ("wrong entry type", wildml(#""inputs": [0], "targets": [0]"#, parameters: #""U": [[1, null]], "V": [[1]], "W": [[1]]"#), "parameters.U[0][1] must be a number, found null"),
            ("ragged matrix", wildml(#""inputs": [0], "targets": [0]"#, parameters: #""U": [[0.1, 0.2, 0.3], [0.1, 0.2]], "V": [[1]], "W": [[1]]"#), "parameters.U is ragged: row 1 has 2 entries, row 0 has 3"),
            ("shape mismatch", wildml(#""inputs": [0], "targets": [0]"#, parameters: #""U": [[0.1, 0.2, 0.3], [0.1, 0.2, 0.3]], "V": [[0.1, 0.2], [0.1, 0.2]], "W": [[0.1, 0.2], [0.3, 0.4]]"#), "parameters.V must be K×H = 3×2 (U is 2×3: H=2, K=3), found 2×2"),
            ("token out of range", wildml(#""inputs": [0, 3], "targets": [1, 1]"#), "inputs[1] = 3 is out of range: expected a token id in 0..<3 (U has K=3 columns)"),
            ("negative token", wildml(#""inputs": [0, 1], "targets": [-1, 1]"#), "targets[0] = -1 is out of range: expected a token id in 0..<3 (U has K=3 columns)"),
            ("fractional token", wildml(#""inputs": [0, 1.5], "targets": [1, 1]"#), "inputs[1] must be a token id in 0..<3 (U has K=3 columns), found 1.5"),
            ("empty sequence", wildml(#""inputs": [], "targets": []"#), "inputs is empty: a sequence needs at least one step"),
            ("length mismatch", wildml(#""inputs": [0, 1], "targets": [1]"#), "inputs has 2 steps but targets has 1: they must have the same length T"),
            ("negative truncate", wildml(#""inputs": [0, 1], "targets": [1, 1], "truncate": -1"#), "truncate = -1 is out of range: expected a non-negative integer (the truncation τ, bptt_truncate)"),
            ("fractional truncate", wildml(#""inputs": [0, 1], "targets": [1, 1], "truncate": 1.5"#), "truncate must be a non-negative integer (the truncation τ, bptt_truncate), found 1.5"),
            ("NaN", wildml(#""inputs": [0], "targets": [0]"#, parameters: #""U": [[NaN]], "V": [[1]], "W": [[1]]"#), "invalid JSON at line 1, column 46: NaN is not a JSON number (non-finite values are not accepted; write a finite number)"),
            ("Infinity", wildml(#""inputs": [0], "targets": [0]"#, parameters: #""U": [[1]], "V": [[Infinity]], "W": [[1]]"#), "invalid JSON at line 1, column 58: Infinity is not a JSON number (non-finite values are not accepted; write a finite number)"),
            ("overflowing number", wildml(#""inputs": [0], "targets": [0]"#, parameters: #""U": [[1e999]], "V": [[1]], "W": [[1]]"#), "parameters.U[0][0] = 1e999 is out of the range of a double (about ±1.8e308)"),
            ("huge number", wildml(#""inputs": [0], "targets": [0]"#, parameters: #""U": [[1]], "V": [[-3e7]], "W": [[1]]"#), "parameters.V[0][0] = -3e7 is outside the accepted range ±1e6"),
            ("flat matrix", wildml(#""inputs": [0], "targets": [0]"#, parameters: #""U": [1, 2], "V": [[1]], "W": [[1]]"#), "parameters.U must be a matrix (an array of rows), found a flat array of numbers: write [[…], […]]"),
            ("empty matrix", wildml(#""inputs": [0], "targets": [0]"#, parameters: #""U": [], "V": [[1]], "W": [[1]]"#), "parameters.U is empty: a matrix needs at least one row"),
            ("empty file", "", "invalid JSON at line 1, column 1: the document is empty"),
            ("index-wise input width", #"{"notation": "index-wise", "parameters": {"V": [[1, 2]], "U": [[1]], "W": [[1]], "theta_j": [0], "theta_k": [0]}, "inputs": [[1]], "targets": [[0]]}"#, "inputs rows must have N=2 entries (V is 1×2: M=1, N=2), found 1"),
            ("index-wise bias length", #"{"notation": "index-wise", "parameters": {"V": [[1, 2]], "U": [[1]], "W": [[1]], "theta_j": [0, 1], "theta_k": [0]}, "inputs": [[1, 1]], "targets": [[0]]}"#, "parameters.theta_j must have M=1 entries (V is 1×2: M=1, N=2), found 2"),
            ("index-wise bias as matrix", #"{"notation": "index-wise", "parameters": {"V": [[1, 2]], "U": [[1]], "W": [[1]], "theta_j": [[0]], "theta_k": [0]}, "inputs": [[1, 1]], "targets": [[0]]}"#, "parameters.theta_j must be a vector (a flat array of numbers), found nested arrays"),
            ("denominator W_out shape", #"{"notation": "denominator-layout", "parameters": {"W_in": [[1, 2]], "W_rec": [[1]], "W_out": [[1, 2]]}, "inputs": [0], "targets": [0]}"#, "parameters.W_out must be K×H = 2×1 (W_in is 1×2: H=1, K=2), found 1×2"),
        ]
        for (name, text, message) in cases {
            let path = try temporaryFile(text, name: "bad.json", testCase: self)
            let result = rnnGradcheck(["check", "--fixture", path])
            XCTAssertEqual(result.status, .dataError, name)
            XCTAssertEqual(result.err, "Error: \(path): \(message)\n", name)
            XCTAssertEqual(result.out, "", "\(name): nothing on standard output")
        }
    }

    func testUnreadableFiles_Exit66() throws {
        let missing = rnnGradcheck(["check", "--fixture", "/nonexistent/rnn-gradcheck.json"])
        XCTAssertEqual(missing.status, .noInput)
        XCTAssertEqual(missing.err, "Error: cannot read /nonexistent/rnn-gradcheck.json: no such file\n")
        let directory = FileManager.default.temporaryDirectory.path
        let isDirectory = rnnGradcheck(["gradients", "--fixture", directory])
        XCTAssertEqual(isDirectory.status, .noInput)
        XCTAssertEqual(isDirectory.err, "Error: cannot read \(directory): it is a directory, not a file\n")
    }

    func testFixtureFromStandardInput_IsRead() {
        let fixture = rnnGradcheck(["fixture", "--notation", "index-wise", "--seed", "3"])
        XCTAssertEqual(fixture.status, .success)
        let checked = rnnGradcheck(["check", "--fixture", "-"], input: fixture.out)
        XCTAssertEqual(checked.status, .success, checked.err)
        XCTAssert(checked.out.contains("standard input"))
    }
}
