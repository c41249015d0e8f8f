import Foundation
import RNNGradCheck
import XCTest

@testable import RNNGradCheckCLI
@testable import RNNGradCheckKit

/// Feedback for students' programs: check-external's diagnosis of catalogued bugs through external
/// programs, a program kept running across fixtures (fixture-lines), a folder of programs into a
/// gradebook, and check-model's diagnosis of a program that names its notation. The programs are the
/// package's own executable and /bin/sh scripts around it: no python.
final class ProgramFeedbackTests: XCTestCase {
    private func executable() throws -> String { try builtExecutable() }

    /// What the published schema `name` finds wrong in `document` (JSONSchemaTests' validator).
    private func schemaErrors(_ document: JSONValue, _ name: String) throws -> [String] {
        let url = fixturesDirectory.deletingLastPathComponent().appendingPathComponent("notes/schemas/\(name).schema.json")
        return SchemaValidator(root: try JSONParser.parse(Array(Data(contentsOf: url)))).errors(in: document)
    }

    /// A /bin/sh program that answers check-external one fixture per start, or, once it has advertised
    /// fixture-lines, one fixture per line; its gradients are the package's (with `--bug ID` after it,
    /// a catalogued bug's). With `exitAfter N` it exits after N answers of the running kind.
    private func persistentProgram(exitAfter limit: Int? = nil) throws -> String {
        let script = """
            #!/bin/sh
            RG="$1"; shift
            count=0
            IFS= read -r first
            case "$first" in
              '{"op": "fixture"'*)
                line="$first"
                while :; do
                  printf '%s\\n' "$line" | sed 's/^{"op": "fixture", "fixture": //; s/}$//' | "$RG" gradients --fixture - --json "$@" | tr -d '\\n'
                  echo
                  count=$((count + 1))
                  \(limit.map { "[ $count -ge \($0) ] && exit 3" } ?? ":")
                  IFS= read -r line || break
                done ;;
              *)
                { printf '%s\\n' "$first"; cat; } | "$RG" gradients --fixture - --json "$@" | sed '1s/^{$/{"extensions": ["fixture-lines"],/' ;;
            esac
            """
        let path = try temporaryFile(script, name: "persistent.sh", testCase: self)
        try FileManager.default.setAttributes([.posixPermissions: 0o755], ofItemAtPath: path)
        return path
    }

    // MARK: - The diagnosis

    /// check-external names the mistake of a program with a catalogued bug, in the text and in the
    /// JSON, for bugs of every notation: the grader's own words, as exercise grade gives them.
    func testCheckExternal_NamesTheMistakeOfCatalogBugs() throws {
        let program = try executable()
        let exercise12 = fixturesDirectory.appendingPathComponent("exercises/12-min-char-rnn-biases.json").path
        let cases: [(options: [String], bug: String, phrase: String)] = [
            ([], "wildml/missing-tanh-derivative", "(wildml/missing-tanh-derivative)"),
            ([], "wildml/current-state-in-dLdW", "Shifted by one time step"),
            ([], "wildml/averaged-loss", "Off by a constant factor 1/T (T = 6)"),
            ([], "wildml/transposed-outer-product", "Transposed"),
            (["--truncate", "2"], "wildml/truncation-one-step-long", "Truncated at τ = 3 instead of τ = 2: the bptt_truncate is one step too far"),
            (["--notation", "denominator-layout"], "denominator-layout/dropped-superscript", "(denominator-layout/dropped-superscript)"),
            (["--notation", "index-wise"], "index-wise/derivative-at-output", "(index-wise/derivative-at-output)"),
            (["--notation", "min-char-rnn"], "min-char-rnn/dhnext-reset", "(min-char-rnn/dhnext-reset)"),
            (["--fixture", exercise12], "min-char-rnn/clipped-before-check", "Clipped: every entry beyond ±5 is cut to ±5"),
        ]
        XCTAssertGreaterThanOrEqual(Set(cases.map(\.bug)).count, 5)
        for (options, bug, phrase) in cases {
            let command = ["--", program, "gradients", "--fixture", "-", "--json", "--bug", bug]
            let text = rnnGradcheck(["check-external"] + options + command)
            XCTAssertEqual(text.status, .checkFailed, bug)
            XCTAssert(text.out.contains("diagnosis (the grader's, against the package's BPTT on this fixture):"), "\(bug): \(text.out)")
            XCTAssert(text.out.contains(phrase), "\(bug): expected “\(phrase)” in\n\(text.out)")
            let json = try JSONParser.parse(rnnGradcheck(["check-external", "--json"] + options + command).out)
            guard case .array(let fixtures)? = json["fixtures"], case .array(let items)? = fixtures[0]["feedback"]?["items"] else {
                return XCTFail("\(bug): no feedback in the JSON")
            }
            let named = items.flatMap { item -> [JSONValue] in
                guard case .array(let bugs)? = item["matching_bugs"] else { return [] }
                return bugs.compactMap { $0["id"] }
            }
            XCTAssert(named.contains(.string(bug)), "\(bug): \(named)")
        }
        // Truncation ignored: a program that computes full BPTT where the fixture truncates.
        let ignored = rnnGradcheck(["check-external", "--truncate", "2", "--", program, "gradients", "--fixture", "-", "--json", "--truncate", "5"])
        XCTAssert(ignored.out.contains("Not truncated: this is full BPTT, but the fixture sets the bptt_truncate τ = 2"), ignored.out)
        // A right program gets no diagnosis.
        let right = rnnGradcheck(["check-external", "--", program, "gradients", "--fixture", "-", "--json"])
        XCTAssertEqual(right.status, .success)
        XCTAssertFalse(right.out.contains("diagnosis"))
    }

    // MARK: - A program kept running

    func testFixtureLines_OneStartForManyFixtures() throws {
        let program = try persistentProgram(), rg = try executable()
        let result = rnnGradcheck(["check-external", "--count", "4", "--", program, rg])
        XCTAssertEqual(result.status, .success, result.out)
        XCTAssert(result.out.contains("program: started 2 times for 4 fixtures (fixture 1 on its own, fixtures 2–4 by one running program, fixture-lines)"), result.out)
        XCTAssert(result.out.hasSuffix("4 of 4 fixtures passed\n"))
        let json = try JSONParser.parse(rnnGradcheck(["check-external", "--count", "3", "--json", "--", program, rg]).out)
        XCTAssertEqual(try schemaErrors(json, "check-external-2"), [])
        XCTAssertEqual(json["protocol"]?["starts"], .integer(2))
        XCTAssertEqual(json["protocol"]?["persistent_from_fixture"], .integer(2))
        guard case .array(let fixtures)? = json["fixtures"] else { return XCTFail() }
        XCTAssertEqual(fixtures.map { $0["program"]?["persistent"] }, [.bool(false), .bool(true), .bool(true)])
        // A bug is diagnosed through the running program too.
        let buggy = rnnGradcheck(["check-external", "--count", "3", "--", program, rg, "--bug", "wildml/missing-tanh-derivative"])
        XCTAssertEqual(buggy.out.components(separatedBy: "(wildml/missing-tanh-derivative)").count - 1, 6, "U and W of three fixtures: \(buggy.out)")
        // An ordinary program (no extensions) is started once per fixture, as before.
        let oneShot = rnnGradcheck(["check-external", "--count", "3", "--", rg, "gradients", "--fixture", "-", "--json"])
        XCTAssert(oneShot.out.contains("program: started 3 times for 3 fixtures (one program per fixture)"), oneShot.out)
    }

    /// A running program that stops answering fails that fixture with the session's message; the
    /// fixtures after it go back to one program per fixture.
    func testFixtureLines_ARunningProgramThatExits() throws {
        let program = try persistentProgram(exitAfter: 1), rg = try executable()
        let result = rnnGradcheck(["check-external", "--count", "5", "--", program, rg])
        XCTAssertEqual(result.status, .checkFailed)
        XCTAssert(result.out.contains("FAIL: the program exited with status 3 before answering {\"op\": \"fixture\"}"), result.out)
        XCTAssert(result.out.contains("program: started 4 times for 5 fixtures (fixture 1 on its own, fixtures 2–3 by one running program (fixture-lines) until it stopped, the others one program each)"), result.out)
        XCTAssertFalse(result.out.contains("warning"), result.out)
        XCTAssert(result.out.hasSuffix("4 of 5 fixtures passed\n"), result.out)
    }

    // MARK: - A folder of programs

    func testCheckExternalSubmissions_AGradebookOfPrograms() throws {
        let rg = try executable()
        let directory = try temporaryDirectory(testCase: self)
        let scripts = [
            "alice": "exec \(rg) gradients --fixture - --json",
            "bob": "exec \(rg) gradients --fixture - --json --bug wildml/missing-tanh-derivative",
            "carol": "kill -SEGV $$",
            "dave, jr": "exec \(rg) gradients --fixture - --json --bug wildml/averaged-loss",
        ]
        for (name, body) in scripts {
            try ("#!/bin/sh\n" + body + "\n").write(to: directory.appendingPathComponent("\(name).sh"), atomically: true, encoding: .utf8)
        }
        let result = rnnGradcheck(["check-external", "--count", "2", "--submissions", directory.path, "--", "/bin/sh", "{}"])
        XCTAssertEqual(result.status, .checkFailed)
        let rows = parseCSV(result.out)
        XCTAssertEqual(rows.first, ["student", "fixture_1", "fixture_2", "fixtures_passed", "score", "status", "likely_mistake"])
        XCTAssertEqual(rows.dropFirst().map { $0[0] }, ["alice", "bob", "carol", "dave, jr"])
        XCTAssertEqual(rows[1], ["alice", "1", "1", "2", "1", "passed", ""])
        XCTAssertEqual(Array(rows[2].prefix(6)), ["bob", "0", "0", "0", "0", "failed"])
        XCTAssertEqual(rows[2][6], "U, W: wildml/missing-tanh-derivative (2 of 2 fixtures)")
        XCTAssertEqual(rows[3][6], "the program was killed by signal 11 (SIGSEGV) (2 of 2 fixtures)")
        XCTAssert(rows[4][6].contains("wildml/averaged-loss"), rows[4][6])
        XCTAssert(result.out.contains("\"dave, jr\""), "a field with a comma is quoted: \(result.out)")
        XCTAssert(result.err.contains("4 submissions on 2 fixtures each, 1 passed every fixture"), result.err)
        let missing = rnnGradcheck(["check-external", "--submissions", directory.path, "--", "/bin/sh", "script.sh"])
        XCTAssertEqual(missing.status, .usage)
        XCTAssert(missing.err.hasPrefix("Error: with --submissions, the command needs {} where each submission's path goes"), missing.err)
    }

    /// Programs that end at once (their descendants are then looked for) while others are being
    /// started on the other thread: a program that has just started is never taken for an orphan
    /// and killed, and no pipe end leaks from one program into another.
    func testCheckExternalSubmissions_ProgramsStartingWhileOthersEnd() throws {
        let rg = try executable()
        let directory = try temporaryDirectory(testCase: self)
        for index in 0..<16 {
            let body = index.isMultiple(of: 2) ? "exec \(rg) gradients --fixture - --json" : "exit 3"
            try ("#!/bin/sh\n" + body + "\n").write(
                to: directory.appendingPathComponent(String(format: "s%02d.sh", index)), atomically: true, encoding: .utf8)
        }
        let result = rnnGradcheck(["check-external", "--count", "2", "--submissions", directory.path, "--", "/bin/sh", "{}"])
        let rows = parseCSV(result.out).dropFirst()
        XCTAssertEqual(rows.count, 16, result.out)
        for (index, row) in rows.enumerated() {
            XCTAssertEqual(row[5], index.isMultiple(of: 2) ? "passed" : "failed", row.joined(separator: ","))
            XCTAssertFalse(row[6].contains("SIGKILL") || row[6].contains("did not finish"), row.joined(separator: ","))
        }
    }

    // MARK: - check-model with a notation

    /// A check-model program that names its notation and data in its parameters answer (a /bin/sh
    /// script answering every request through the package's own gradients): a planted bug is
    /// diagnosed by name, a right program passes without one.
    func testCheckModel_DiagnosesAProgramThatNamesItsNotation() throws {
        let rg = try executable()
        let data = #""notation": "wildml", "inputs": [1, 0], "targets": [0, 1]"#
        let point = #"{"U": [[0.3, -0.8]], "V": [[0.6], [-0.4]], "W": [[0.5]]}"#
        func program(_ bug: String?) throws -> String {
            let options = bug.map { " --bug \($0)" } ?? ""
            let script = """
                #!/bin/sh
                while IFS= read -r line; do
                  case "$line" in
                    *'"op": "parameters"}'*) echo '{"parameters": \(point), "fixture": {\(data)}}' ;;
                    *) doc=$(printf '%s\\n' "$line" | sed 's/^{"op": "[a-z]*", "parameters": /{\(data), "parameters": /' | \(rg) gradients --fixture - --json\(options) | tr -d '\\n' | sed 's/"schema": "[^"]*", *//; s/"notation": "[^"]*", *//')
                       case "$line" in
                         *'"op": "gradients"'*) echo "$doc" ;;
                         *) echo "$doc" | sed 's/.*"loss": \\([^,]*\\),.*/{"loss": \\1}/' ;;
                       esac ;;
                  esac
                done
                """
            let path = try temporaryFile(script, name: "model.sh", testCase: self)
            try FileManager.default.setAttributes([.posixPermissions: 0o755], ofItemAtPath: path)
            return path
        }
        let right = rnnGradcheck(["check-model", "--", try program(nil)])
        XCTAssertEqual(right.status, .success, right.out)
        XCTAssert(right.out.contains("notation: the program's fixture is wildml K=2 H=1 T=2, full BPTT; its loss agrees with the notation's forward pass"), right.out)
        let buggy = rnnGradcheck(["check-model", "--", try program("wildml/missing-tanh-derivative")])
        XCTAssertEqual(buggy.status, .checkFailed, buggy.out)
        XCTAssert(buggy.out.contains("diagnosis (the grader's, against the wildml BPTT on the program's fixture):"), buggy.out)
        XCTAssert(buggy.out.contains("(wildml/missing-tanh-derivative)"), buggy.out)
        let json = try JSONParser.parse(rnnGradcheck(["check-model", "--json", "--", try program("wildml/missing-tanh-derivative")]).out)
        XCTAssertEqual(try schemaErrors(json, "check-model-1"), [])
        XCTAssertEqual(json["notation"]?["name"], .string("wildml"))
        XCTAssertEqual(json["notation"]?["loss_agrees"], .bool(true))
        guard case .array(let items)? = json["notation"]?["feedback"]?["items"] else { return XCTFail("no feedback") }
        XCTAssertFalse(items.isEmpty)
        // A fixture that does not fit the parameters is the program's mistake, named.
        let script = "#!/bin/sh\nread line; echo '{\"parameters\": \(point), \"fixture\": {\"notation\": \"index-wise\", \"inputs\": [[1]], \"targets\": [[0]]}}'\n"
        let wrong = try temporaryFile(script, name: "wrong.sh", testCase: self)
        try FileManager.default.setAttributes([.posixPermissions: 0o755], ofItemAtPath: wrong)
        let refused = rnnGradcheck(["check-model", "--", wrong])
        XCTAssertEqual(refused.status, .checkFailed)
        XCTAssert(refused.out.contains("FAIL: the \"fixture\" in the answer to {\"op\": \"parameters\"}: fixture:"), refused.out)
    }
}
