import Foundation
import RNNGradCheck
import XCTest

#if canImport(FoundationXML)
    // On Linux, XMLParser lives in its own module of Foundation.
    import FoundationXML
#endif

@testable import RNNGradCheckCLI
@testable import RNNGradCheckKit

/// --format junit parsed back with Foundation's XMLParser (what CI systems and GitHub Classroom
/// read), and the gradebook CSV of a folder of answers.
final class AutograderFormatTests: XCTestCase {
    /// What a JUnit document holds, as XMLParser reads it.
    private final class JUnit: NSObject, XMLParserDelegate {
        struct Case {
            var name = ""
            var failure: String?
            var error: String?
        }
        var suites: [[String: String]] = []
        var cases: [Case] = []
        var properties: [String: String] = [:]
        var text = ""

        func parser(_ parser: XMLParser, didStartElement element: String, namespaceURI: String?, qualifiedName: String?, attributes: [String: String] = [:]) {
            text = ""
            switch element {
            case "testsuite": suites.append(attributes)
            case "testcase": cases.append(Case(name: attributes["name"] ?? ""))
            case "property": properties[attributes["name"] ?? ""] = attributes["value"]
            default: break
            }
        }

        func parser(_ parser: XMLParser, foundCharacters string: String) { text += string }

        func parser(_ parser: XMLParser, didEndElement element: String, namespaceURI: String?, qualifiedName: String?) {
            if element == "failure" { cases[cases.count - 1].failure = text }
            if element == "error" { cases[cases.count - 1].error = text }
        }
    }

    private func parse(_ xml: String, file: StaticString = #filePath, line: UInt = #line) throws -> JUnit {
        let parser = XMLParser(data: Data(xml.utf8))
        let junit = JUnit()
        parser.delegate = junit
        XCTAssert(parser.parse(), "not well-formed XML: \(parser.parserError.map { "\($0)" } ?? "")\n\(xml)", file: file, line: line)
        return junit
    }

    func testJUnit_ParsesAndCountsWhatFailed() throws {
        let fixture = rnnGradcheck(["exercise", "show", "3", "--fixture"]).out
        let wrong = rnnGradcheck(["gradients", "--fixture", "-", "--json", "--bug", "wildml/missing-tanh-derivative"], input: fixture).out
        let grade = try parse(rnnGradcheck(["exercise", "grade", "3", "-", "--format", "junit"], input: wrong).out)
        XCTAssertEqual(grade.suites.first?["tests"], "4")
        XCTAssertEqual(grade.suites.first?["failures"], "2")
        XCTAssertEqual(grade.cases.map(\.name), ["exercise 3: E", "exercise 3: U", "exercise 3: V", "exercise 3: W"])
        XCTAssertEqual(grade.cases.map { $0.failure != nil }, [false, true, false, true])
        XCTAssert(grade.cases[1].failure?.contains("(wildml/missing-tanh-derivative)") ?? false, grade.cases[1].failure ?? "")
        XCTAssertEqual(grade.properties["score"], "2")
        XCTAssertEqual(grade.properties["max_score"], "4")

        let program = try builtExecutable()
        let external = try parse(rnnGradcheck(["check-external", "--format", "junit", "--count", "2", "--", program, "gradients", "--fixture", "-", "--json"]).out)
        XCTAssertEqual(external.suites.first?["failures"], "0")
        XCTAssertEqual(external.cases.count, 2)
        // A program that crashes is an error (nothing could be checked), with the end of its standard
        // error, control characters and markup included, escaped.
        let crash = try parse(rnnGradcheck(["check-external", "--format", "junit", "--", "/bin/sh", "-c", #"printf 'a < b & "c"\033[31m\n' >&2; kill -SEGV $$"#]).out)
        XCTAssertEqual(crash.suites.first?["errors"], "1")
        XCTAssert(crash.cases[0].error?.contains("the program was killed by signal 11 (SIGSEGV)") ?? false)
        XCTAssert(crash.cases[0].error?.contains("| a < b & \"c\"\\u{1b}[31m") ?? false, crash.cases[0].error ?? "")

        let model = #"while IFS= read -r line; do case "$line" in *'"op": "parameters"}'*) echo '{"parameters": {"w": [1.0, 2.0]}}';; *gradients*) echo '{"loss": 2.5, "gradients": {"w": [1.0, 3.0]}}';; *) echo '{"loss": 2.5}';; esac; done"#
        let checked = try parse(rnnGradcheck(["check-model", "--format", "junit", "--", "/bin/sh", "-c", model]).out)
        XCTAssertEqual(checked.cases.map(\.name), ["w (2)"])
        XCTAssertNotNil(checked.cases[0].failure)
    }

    /// Names with markup and quotes, as an answer's file name or a student id may hold them.
    func testJUnit_EscapesNamesAndText() throws {
        let report = AutograderReport(
            name: "suite <&> \"quoted\"", tests: [AutograderReport.Test(name: "a'b\"c<d>&e", score: 0, maxScore: 1, status: .failed, output: "x\u{0}y\tz")],
            output: "", seconds: 0, source: "rnn-gradcheck/grade/2")
        let junit = try parse(report.junit())
        XCTAssertEqual(junit.cases.first?.name, "a'b\"c<d>&e")
        XCTAssertEqual(junit.cases.first?.failure, "x\\u{0}y\tz")
        XCTAssertEqual(junit.suites.first?["name"], "suite <&> \"quoted\"")
    }

    // MARK: - The gradebook

    /// 30 students, each with their own variant: right answers, catalogued bugs, a copy of another
    /// student's answer, the published network's answer, a malformed file and a folder submission,
    /// graded into one CSV (RFC 4180), the same on every run.
    func testGradebook_ThirtySubmissionsIntoACSV() throws {
        let exercise = try XCTUnwrap(Exercises.numbered(3))
        let directory = try temporaryDirectory(testCase: self)
        let students = (1...30).map { String(format: "s%02d", $0) }
        for (i, student) in students.enumerated() {
            let variant = Variants.make(exercise, student: student, secret: testSecret)
            var text: String
            switch i % 5 {
            case 1: text = rnnGradcheck(["gradients", "--fixture", "-", "--json", "--bug", "wildml/missing-tanh-derivative"], input: variant.fixtureText).out
            case 2: text = rnnGradcheck(["gradients", "--fixture", "-", "--json", "--bug", "wildml/averaged-loss"], input: variant.fixtureText).out
            default: text = try referenceAnswer(variant)
            }
            if student == "s04" { text = try referenceAnswer(Variants.make(exercise, student: "s05", secret: testSecret)) }
            if student == "s09" { text = try referenceAnswer(exercise.published()) }
            if student == "s10" { text = #"{"loss": "about 1.2"}"# }
            if student == "s15" {
                let folder = directory.appendingPathComponent(student)
                try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
                try text.write(to: folder.appendingPathComponent("answer.json"), atomically: true, encoding: .utf8)
            } else {
                try text.write(to: directory.appendingPathComponent("\(student).json"), atomically: true, encoding: .utf8)
            }
        }
        let arguments = ["exercise", "grade", "3", "--submissions", directory.path, "--secret", testSecretText]
        let result = rnnGradcheck(arguments)
        XCTAssertEqual(result.status, .checkFailed)
        let rows = parseCSV(result.out)
        XCTAssertEqual(rows.count, 31)
        XCTAssertEqual(rows[0], ["student", "loss", "U", "V", "W", "total", "status", "likely_mistake"])
        XCTAssertEqual(rows.dropFirst().map { $0[0] }, students)
        XCTAssert(result.out.hasSuffix("\r\n") && !result.out.replacingOccurrences(of: "\r\n", with: "").contains("\n"), "CRLF record ends only")
        func row(_ student: String) -> [String] { rows.first { $0[0] == student }! }
        XCTAssertEqual(row("s01"), ["s01", "1", "1", "1", "1", "1", "correct", ""])
        XCTAssertEqual(row("s15"), ["s15", "1", "1", "1", "1", "1", "correct", ""], "a folder holding answer.json")
        XCTAssertEqual(row("s02")[7], "U: wildml/missing-tanh-derivative; W: wildml/missing-tanh-derivative")
        XCTAssertEqual(row("s03")[7], "U: wildml/averaged-loss, constant-factor; V: wildml/averaged-loss, constant-factor; W: wildml/averaged-loss, constant-factor")
        XCTAssertEqual(row("s04")[5], "0")
        XCTAssertEqual(row("s04")[7], "different variant: matches student s05's variant")
        XCTAssertEqual(row("s09")[7], "different variant: matches the published network")
        XCTAssertEqual(Array(row("s10")[5...6]), ["0", "malformed"])
        XCTAssert(row("s10")[7].contains("loss must be a number"), row("s10")[7])
        XCTAssert(result.err.contains("30 submissions, 29 graded"), result.err)
        XCTAssert(result.err.contains("each against the student's own variant"), result.err)
        XCTAssertEqual(rnnGradcheck(arguments).out, result.out, "the same gradebook on every run, whatever the threads did")
        // Without a secret: every answer against the published network, and the note says so.
        let published = rnnGradcheck(["exercise", "grade", "3", "--submissions", directory.path])
        XCTAssert(published.err.contains("against the published network (no course secret: no variants)"), published.err)
        XCTAssertEqual(parseCSV(published.out).first { $0[0] == "s09" }?[6], "correct")
    }

    func testCSV_QuotesAsRFC4180() {
        let rows = [["plain", "with, comma", "with \"quote\"", "line\nbreak", ""], ["a", "b", "c", "d", "e"]]
        let text = CSV.write(rows)
        XCTAssertEqual(text, "plain,\"with, comma\",\"with \"\"quote\"\"\",\"line\nbreak\",\r\na,b,c,d,e\r\n")
        XCTAssertEqual(parseCSV(text), rows)
    }
}
