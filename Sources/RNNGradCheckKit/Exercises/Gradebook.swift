import Foundation
import RNNGradCheck

/// Grading a folder of answers to one exercise: each student against their own variant (with a
/// course secret) or the published network (without one), on every core, into a gradebook.
public struct Gradebook: Sendable {
    public struct Row: Sendable {
        public enum Outcome: Sendable {
            case graded(Grade)
            /// The answer is not in the format (exit status 65 for a single answer).
            case malformed(String)
            /// The answer cannot be read, or there is none (exit status 66 for a single answer).
            case unreadable(String)
        }

        public let submission: Submission
        public let outcome: Outcome

        public var grade: Grade? { if case .graded(let grade) = outcome { return grade } else { return nil } }
    }

    public let exercise: Exercise
    public let rows: [Row]
    /// Whether each student was graded against their own variant.
    public let variants: Bool
    public let seconds: Double
    public let threads: Int

    public var passed: Bool { rows.allSatisfy { $0.grade?.passed ?? false } }

    /// Grades every submission. With `secret`, a student's answer is graded against their variant and
    /// compared with the published network and every other student's variant (an answer that matches
    /// another one scores 0); without it, every answer is graded against the published network.
    public static func grade(_ exercise: Exercise, submissions: [Submission], secret: CourseSecret?) -> Gradebook {
        let start = DispatchTime.now()
        let published = try? exercise.published()
        let instances: [ExerciseInstance?] = Submissions.concurrently(submissions.count) { index in
            let submission = submissions[index]
            guard submission.problem == nil else { return nil }
            guard let secret else { return published }
            return Variants.make(exercise, student: submission.student, secret: secret)
        }
        let candidates: [VariantCandidate] = secret == nil
            ? [] : ([published].compactMap { $0 } + instances.compactMap { $0 }).map(VariantCandidate.init)
        let rows: [Row] = Submissions.concurrently(submissions.count) { index in
            let submission = submissions[index]
            if let problem = submission.problem { return Row(submission: submission, outcome: .unreadable(problem)) }
            guard let instance = instances[index] else { return Row(submission: submission, outcome: .unreadable("the exercise's network could not be made")) }
            let file: String
            switch submission.answerFile() {
            case .success(let path): file = path
            case .failure(let problem): return Row(submission: submission, outcome: .unreadable(problem.message))
            }
            let name = (file as NSString).lastPathComponent
            let source = submission.isDirectory ? "\(submission.student)/\(name)" : name
            do throws(RNNGradCheckError) {
                let (bytes, _) = try InputFile.read(file, standardInput: { [] })
                let answer = try Answer.decode(bytes, source: source, for: instance)
                let others = candidates.filter { $0.instance.student != instance.student }
                return Row(submission: submission, outcome: .graded(Grader.grade(instance, answer: answer, source: source, otherNetworks: others)))
            } catch {
                return Row(submission: submission, outcome: error.status == .dataError ? .malformed(error.message) : .unreadable(error.message))
            }
        }
        let seconds = Double(DispatchTime.now().uptimeNanoseconds - start.uptimeNanoseconds) / 1e9
        return Gradebook(exercise: exercise, rows: rows, variants: secret != nil, seconds: seconds, threads: min(Submissions.cores, max(1, submissions.count)))
    }

    /// The gradebook as CSV (RFC 4180): student, the score of each item (0 … 1), the total (their
    /// mean), the status and the likely mistake, one row per submission in the order of the folder.
    public func csv() -> String {
        CSV.write([["student"] + exercise.items + ["total", "status", "likely_mistake"]] + records())
    }

    private func records() -> [[String]] {
        rows.map { row in
            let blanks = exercise.items.map { _ in "" }
            switch row.outcome {
            case .malformed(let message):
                return [row.submission.student] + blanks + ["0", "malformed", message]
            case .unreadable(let message):
                return [row.submission.student] + blanks + ["0", "not graded", message]
            case .graded(let grade):
                let scores = exercise.items.map { key in grade.items.first { $0.key == key }.map { Self.score($0.score) } ?? "" }
                return [row.submission.student] + scores + [Self.score(grade.score), grade.passed ? "correct" : "graded", Self.likelyMistake(grade)]
            }
        }
    }

    /// "1", "0.75", "0.3333".
    static func score(_ x: Double) -> String {
        let text = String(format: "%.4f", x)
        var trimmed = text
        while trimmed.hasSuffix("0") { trimmed.removeLast() }
        if trimmed.hasSuffix(".") { trimmed.removeLast() }
        return trimmed
    }

    /// What the instructor reads in the gradebook: per wrong item the catalogued bug, or the mistake's
    /// kind; an answer for another network names it.
    static func likelyMistake(_ grade: Grade) -> String {
        if let match = grade.otherVariant { return "different variant: matches \(match.label)" }
        return grade.items.filter { $0.verdict != .correct }.map { item in
            let named = item.matchingBugs.map(\.id) + item.diagnoses.filter { if case .shifted = $0 { return false } else { return true } }.map(\.kind)
            return "\(item.symbol): \(named.isEmpty ? "unexplained" : named.joined(separator: ", "))"
        }.joined(separator: "; ")
    }
}
