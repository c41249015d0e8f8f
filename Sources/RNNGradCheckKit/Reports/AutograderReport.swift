import Foundation

/// A result in the terms autograders share: tests, each with a score out of a maximum, a status and
/// the text a student reads. `exercise grade`, `check-external` and `check-model` build one and write
/// it as Gradescope's results.json or as JUnit XML (GitHub Classroom, CI).
public struct AutograderReport: Sendable {
    public struct Test: Sendable {
        public enum Status: String, Sendable {
            case passed
            /// The answer or the program's gradient is wrong.
            case failed
            /// Nothing could be checked: the program crashed, hung or printed no answer.
            case error
        }

        public let name: String
        public let score: Double
        public let maxScore: Double
        public let status: Status
        /// What a student reads about this test (no expected value of a graded quantity).
        public let output: String

        public init(name: String, score: Double, maxScore: Double, status: Status, output: String) {
            self.name = name
            self.score = score
            self.maxScore = maxScore
            self.status = status
            self.output = output
        }
    }

    /// The suite: "rnn-gradcheck exercise grade 3", "rnn-gradcheck check-external".
    public let name: String
    public let tests: [Test]
    /// What a student reads about the whole submission.
    public let output: String
    public let seconds: Double
    /// The rnn-gradcheck schema of the JSON report the same run writes with --json, for programs
    /// that want to know where the numbers come from (Gradescope keeps it in "extra_data").
    public let source: String

    public init(name: String, tests: [Test], output: String, seconds: Double, source: String) {
        self.name = name
        self.tests = tests
        self.output = output
        self.seconds = seconds
        self.source = source
    }

    public var score: Double { tests.reduce(0) { $0 + $1.score } }
    public var maxScore: Double { tests.reduce(0) { $0 + $1.maxScore } }
    public var passed: Bool { tests.allSatisfy { $0.status == .passed } }

    /// The schema name of the Gradescope document (kept in "extra_data"; the top level is Gradescope's).
    public static let gradescopeSchema = "rnn-gradcheck/gradescope/1"

    /// Gradescope's results.json (gradescope-autograders.readthedocs.io, "Autograder Specifications",
    /// "Output format"): a top-level score, execution_time in whole seconds, output, visibility and
    /// stdout_visibility, and per test score, max_score, status, name, output and visibility.
    public func gradescope() -> JSONValue {
        .object([
            ("score", .number(score)),
            ("execution_time", .integer(max(0, Int(seconds.rounded())))),
            ("output", .string(output)),
            ("visibility", .string("visible")),
            ("stdout_visibility", .string("hidden")),
            ("tests", .array(tests.map { test in
                .object([
                    ("score", .number(test.score)),
                    ("max_score", .number(test.maxScore)),
                    // Gradescope knows passed and failed; a test that could not run failed.
                    ("status", .string(test.status == .passed ? "passed" : "failed")),
                    ("name", .string(test.name)),
                    ("output", .string(test.output)),
                    ("visibility", .string("visible")),
                ])
            })),
            ("extra_data", .object([
                ("schema", .string(Self.gradescopeSchema)),
                ("report", .string(source)),
                ("max_score", .number(maxScore)),
                ("passed", .bool(passed)),
            ])),
        ])
    }

    /// JUnit XML as CI systems read it: one <testsuite> in <testsuites>, one <testcase> per test, a
    /// <failure> for a wrong answer and an <error> for a program that could not be checked; the score
    /// in the suite's <properties>.
    public func junit() -> String {
        let failures = tests.filter { $0.status == .failed }.count
        let errors = tests.filter { $0.status == .error }.count
        let time = String(format: "%.3f", seconds)
        var lines = ["<?xml version=\"1.0\" encoding=\"UTF-8\"?>"]
        lines.append("<testsuites name=\(Self.attribute(name)) tests=\"\(tests.count)\" failures=\"\(failures)\" errors=\"\(errors)\" time=\"\(time)\">")
        lines.append("  <testsuite name=\(Self.attribute(name)) tests=\"\(tests.count)\" failures=\"\(failures)\" errors=\"\(errors)\" skipped=\"0\" time=\"\(time)\">")
        lines.append("    <properties>")
        lines.append("      <property name=\"score\" value=\"\(Self.number(score))\"/>")
        lines.append("      <property name=\"max_score\" value=\"\(Self.number(maxScore))\"/>")
        lines.append("      <property name=\"report\" value=\(Self.attribute(source))/>")
        lines.append("    </properties>")
        let className = name.replacingOccurrences(of: " ", with: ".")
        for test in tests {
            let open = "    <testcase classname=\(Self.attribute(className)) name=\(Self.attribute(test.name)) time=\"0\""
            switch test.status {
            case .passed:
                lines.append(open + "/>")
            case .failed, .error:
                let element = test.status == .failed ? "failure" : "error"
                let message = "score \(Self.number(test.score)) of \(Self.number(test.maxScore))"
                lines.append(open + ">")
                lines.append("      <\(element) message=\(Self.attribute(message)) type=\"\(element)\">\(Self.text(test.output))</\(element)>")
                lines.append("    </testcase>")
            }
        }
        if !output.isEmpty { lines.append("    <system-out>\(Self.text(output))</system-out>") }
        lines.append("  </testsuite>")
        lines.append("</testsuites>")
        return lines.joined(separator: "\n") + "\n"
    }

    /// "0.5", "3".
    static func number(_ x: Double) -> String {
        x == x.rounded() && abs(x) < 1e15 ? String(Int(x)) : String(format: "%g", x)
    }

    /// Character data: &, < and > escaped; characters XML 1.0 does not allow (control characters
    /// other than tab, newline and return) written as \u{…}.
    static func text(_ s: String) -> String {
        var out = ""
        for scalar in s.unicodeScalars {
            switch scalar {
            case "&": out += "&amp;"
            case "<": out += "&lt;"
            case ">": out += "&gt;"
            case "\t", "\n", "\r": out.unicodeScalars.append(scalar)
            default:
                if scalar.value < 0x20 || scalar.value == 0xFFFE || scalar.value == 0xFFFF {
                    out += "\\u{\(String(scalar.value, radix: 16))}"
                } else {
                    out.unicodeScalars.append(scalar)
                }
            }
        }
        return out
    }

    /// An attribute value, quoted: character data with quotes and line breaks escaped too.
    static func attribute(_ s: String) -> String {
        "\"" + text(s).replacingOccurrences(of: "\"", with: "&quot;").replacingOccurrences(of: "\n", with: "&#10;")
            .replacingOccurrences(of: "\r", with: "&#13;").replacingOccurrences(of: "\t", with: "&#9;") + "\""
    }
}
