import Foundation
import RNNGradCheck

/// Checking a folder of programs, one per student, on the same fixtures: `check-external
/// --submissions DIR -- COMMAND {}` with the submission's path in place of `{}`, several programs at
/// once (one per core), into a gradebook.
public struct ExternalGradebook: Sendable {
    public struct Row: Sendable {
        public let submission: Submission
        /// nil when the program could not be run at all.
        public let run: ExternalCheckRun?
        public let problem: String?
    }

    public let fixtures: Int
    public let rows: [Row]
    public let seconds: Double
    public let threads: Int

    public var passed: Bool { rows.allSatisfy { $0.run?.passed ?? false } }

    /// `command` with every `{}` replaced by `path`.
    public static func substitute(_ command: [String], path: String) -> [String] {
        command.map { $0.replacingOccurrences(of: "{}", with: path) }
    }

    public static func check(
        _ submissions: [Submission], command: [String], environment: [String: String], fixtures: [ExternalFixture], timeout: Double,
        settings: CheckSettings
    ) -> ExternalGradebook {
        let start = DispatchTime.now()
        // Several programs run at once: SIGPIPE stays ignored until the last one is done.
        let previous = signal(SIGPIPE, SIG_IGN)
        defer { signal(SIGPIPE, previous) }
        let rows: [Row] = Submissions.concurrently(submissions.count) { index in
            let submission = submissions[index]
            if let problem = submission.problem { return Row(submission: submission, run: nil, problem: problem) }
            let words = substitute(command, path: submission.path)
            do throws(RNNGradCheckError) {
                let executable = try ExternalProgram.resolve(words[0], environment: environment)
                let run = try ExternalCheckRunner.run(
                    executable: executable, arguments: Array(words.dropFirst()), fixtures: fixtures, timeout: timeout, settings: settings)
                return Row(submission: submission, run: run, problem: nil)
            } catch {
                return Row(submission: submission, run: nil, problem: error.message)
            }
        }
        let seconds = Double(DispatchTime.now().uptimeNanoseconds - start.uptimeNanoseconds) / 1e9
        return ExternalGradebook(
            fixtures: fixtures.count, rows: rows, seconds: seconds, threads: min(Submissions.cores, max(1, submissions.count)))
    }

    /// The gradebook as CSV (RFC 4180): student, 1 or 0 per fixture, fixtures passed, the score (the
    /// fraction passed), the status, and the likely mistake.
    public func csv() -> String {
        var records = [["student"] + (1...max(fixtures, 1)).prefix(fixtures).map { "fixture_\($0)" } + ["fixtures_passed", "score", "status", "likely_mistake"]]
        for row in rows {
            guard let run = row.run else {
                records.append([row.submission.student] + Array(repeating: "", count: fixtures) + ["0", "0", "not run", row.problem ?? ""])
                continue
            }
            let marks = run.results.map { $0.passed ? "1" : "0" }
            let score = Gradebook.score(Double(run.passedCount) / Double(max(run.results.count, 1)))
            records.append([row.submission.student] + marks + [String(run.passedCount), score, run.passed ? "passed" : "failed", Self.likelyMistake(run)])
        }
        return CSV.write(records)
    }

    /// The mistakes of the failing fixtures, the most frequent first: "U, W: wildml/missing-tanh-derivative"
    /// or "the program exited with status 1".
    static func likelyMistake(_ run: ExternalCheckRun) -> String {
        var counts: [(text: String, count: Int)] = []
        for result in run.results where !result.passed {
            let text = result.failure ?? result.feedback?.summary ?? result.reasons.joined(separator: "; ")
            if let index = counts.firstIndex(where: { $0.text == text }) { counts[index].count += 1 } else { counts.append((text, 1)) }
        }
        return counts.sorted { $0.count > $1.count }.prefix(2).map { "\($0.text) (\($0.count) of \(run.results.count) fixtures)" }
            .joined(separator: "; ")
    }
}

extension ExternalCheck {
    /// The run as autograder tests: one per fixture, `points` shared equally (1 per fixture by
    /// default). A fixture the program could not be checked on is an error, not a failure.
    public static func autograderReport(_ run: ExternalCheckRun, command: [String], points: Double?) -> AutograderReport {
        let share = (points ?? Double(run.results.count)) / Double(max(run.results.count, 1))
        let tests = run.results.map { result in
            let problemCase = result.problemCase
            let name = "fixture \(result.index + 1): \(problemCase.notation.name) \(problemCase.sizesText), \(problemCase.origin), \(problemCase.networkLabel)"
            var lines = [result.passed ? "passed" : "failed: " + result.reasons.joined(separator: "; ")]
            if let check = result.check {
                for block in check.blocks where block.verdict != .pass {
                    let worst = block.worstEntry.map { " at \(block.label(ofEntry: $0))" } ?? ""
                    lines.append("\(block.symbol): max relative error \(Format.error(block.maxRelativeError))\(worst)")
                }
            }
            lines += result.feedbackLines
            if result.couldNotCheck { lines += result.run.errorLines(last: 5).map { "| " + $0 } }
            return AutograderReport.Test(
                name: name, score: result.passed ? share : 0, maxScore: share,
                status: result.passed ? .passed : result.couldNotCheck ? .error : .failed, output: lines.joined(separator: "\n"))
        }
        let output = "rnn-gradcheck check-external: \(run.passedCount) of \(run.results.count) fixtures passed"
        return AutograderReport(name: "rnn-gradcheck check-external", tests: tests, output: output, seconds: run.seconds, source: schema)
    }
}
