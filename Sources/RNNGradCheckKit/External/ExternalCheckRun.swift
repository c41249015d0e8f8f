import Foundation
import RNNGradCheck

/// A fixture as `check-external` gives it to a program: the network, and the bytes the program reads.
public struct ExternalFixture: Sendable {
    public let problemCase: ProblemCase
    public let bytes: [UInt8]

    public init(problemCase: ProblemCase, bytes: [UInt8]) {
        self.problemCase = problemCase
        self.bytes = bytes
    }
}

/// A program checked on every fixture: the results, and how the program was run.
public struct ExternalCheckRun: Sendable {
    public let results: [ExternalCheck.FixtureResult]
    /// How many times the program was started.
    public let starts: Int
    /// The first fixture answered by a program kept running (nil: every fixture one at a time).
    public let persistentFrom: Int?
    /// How many fixtures the running program was asked (it may have stopped before the last one).
    public let persistentCount: Int
    public let seconds: Double
    /// About the running program (how it ended), not about any one fixture.
    public let warnings: [String]

    public var passed: Bool { results.allSatisfy(\.passed) }
    public var passedCount: Int { results.filter(\.passed).count }
}

/// Runs a program on fixtures. Every program is run one fixture at a time (the fixture on its
/// standard input, which is then closed; its standard output is the answer), unless its first answer
/// advertises `"extensions": ["fixture-lines"]`: then it is started once more and kept running for the
/// other fixtures, one request per line,
///
///     {"op": "fixture", "fixture": FIXTURE}     →     the gradients document, on one line
///
/// with `check-model`'s session (one answer line per request, a timeout per request, nothing printed
/// that nobody asked for). When the running program fails, the remaining fixtures go back to one
/// program per fixture. notes/grading.md describes the protocol.
public enum ExternalCheckRunner {
    /// The extension a program's answer advertises to be kept running.
    public static let fixtureLines = "fixture-lines"

    public static func run(
        executable: String, arguments: [String], fixtures: [ExternalFixture], timeout: Double, settings: CheckSettings,
        onResult: (ExternalCheck.FixtureResult) -> Void = { _ in }
    ) throws(RNNGradCheckError) -> ExternalCheckRun {
        let start = DispatchTime.now()
        var results: [ExternalCheck.FixtureResult] = []
        var starts = 0
        var persistentFrom: Int?
        var session: ModelSession?
        var warnings: [String] = []
        var persistentCount = 0
        func end(_ running: ModelSession) {
            let failed = running.failure != nil
            let ending = running.close()
            // A program that stopped answering is reported with its fixture.
            guard !failed else { return }
            switch ending {
            case .exited(0): break
            case .exited(let status): warnings.append("the running program exited with status \(status) when its input was closed")
            case .signalled(let signal): warnings.append("the running program was stopped by signal \(signal) (\(ExternalProgram.signalName(signal))) after its input was closed")
            case .unknown: warnings.append("the running program could not be waited for after its input was closed")
            }
        }
        for (index, fixture) in fixtures.enumerated() {
            let result: ExternalCheck.FixtureResult
            if let running = session {
                result = ask(running, fixture: fixture, index: index, settings: settings)
                persistentCount += 1
                if running.failure != nil {
                    end(running)
                    session = nil
                }
            } else {
                let run = try ExternalProgram.run(executable, arguments: arguments, input: fixture.bytes, timeout: timeout)
                starts += 1
                var extensions: [String] = []
                if let problem = ExternalCheck.evaluate(run, problemCase: fixture.problemCase, index: index, timeout: timeout, settings: settings).failure {
                    result = ExternalCheck.FixtureResult(
                        index: index, problemCase: fixture.problemCase, run: run, failure: problem, loss: nil, check: nil)
                } else {
                    (result, extensions) = ExternalCheck.evaluateAnswer(run, problemCase: fixture.problemCase, index: index, settings: settings)
                }
                if index == 0, fixtures.count > 1, extensions.contains(fixtureLines) {
                    session = try ModelSession(executable: executable, arguments: arguments, timeout: timeout)
                    starts += 1
                    persistentFrom = 1
                }
            }
            results.append(result)
            onResult(result)
        }
        if let running = session { end(running) }
        let seconds = Double(DispatchTime.now().uptimeNanoseconds - start.uptimeNanoseconds) / 1e9
        return ExternalCheckRun(
            results: results, starts: starts, persistentFrom: persistentFrom, persistentCount: persistentCount, seconds: seconds, warnings: warnings)
    }

    /// One fixture to the running program.
    private static func ask(_ session: ModelSession, fixture: ExternalFixture, index: Int, settings: CheckSettings) -> ExternalCheck.FixtureResult {
        let document = (try? JSONReader(source: "the fixture").parse(fixture.bytes)) ?? .null
        let line = JSONWriter.line(.object([("op", .string("fixture")), ("fixture", document)]))
        let before = session.requestSeconds + session.firstRequestSeconds
        let answer = session.request(Array(line.utf8), op: "fixture")
        let seconds = session.requestSeconds + session.firstRequestSeconds - before
        var run = ExternalRun(
            ending: nil, timedOut: session.failure?.kind == .timedOut, outputLimitExceeded: false, outputStillOpen: false,
            leftRunningChildren: false, output: answer ?? [], errorTail: Array(session.errorLines(last: 5).joined(separator: "\n").utf8),
            seconds: seconds)
        run.persistent = true
        guard answer != nil else {
            let message = session.failure?.message ?? "the running program did not answer"
            return ExternalCheck.FixtureResult(index: index, problemCase: fixture.problemCase, run: run, failure: message, loss: nil, check: nil)
        }
        return ExternalCheck.evaluateAnswer(run, problemCase: fixture.problemCase, index: index, settings: settings).result
    }

    /// Runs `body` with SIGPIPE ignored for its whole duration, so that programs run on several
    /// threads at once cannot restore the default disposition under each other (a write to a
    /// program that closed its input then fails with EPIPE instead of ending rnn-gradcheck).
    public static func ignoringSIGPIPE<T>(_ body: () throws(RNNGradCheckError) -> T) throws(RNNGradCheckError) -> T {
        let previous = signal(SIGPIPE, SIG_IGN)
        defer { signal(SIGPIPE, previous) }
        return try body()
    }
}
