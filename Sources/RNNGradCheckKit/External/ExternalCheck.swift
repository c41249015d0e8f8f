import Foundation
import RNNGradCheck

/// Another program's loss and gradients on one fixture, checked: what `check-external` reports.
public enum ExternalCheck {
    /// Loss agreement required with the forward pass.
    public static let lossTolerance = 1e-9

    public struct LossCheck {
        public let reported: Double
        public let expected: Double
        public var relativeError: Double { reported == expected ? 0 : abs(reported - expected) / max(abs(expected), 1e-300) }
        public var passed: Bool { relativeError <= ExternalCheck.lossTolerance }
    }

    public struct FixtureResult {
        public let index: Int
        public let problemCase: ProblemCase
        public let run: ExternalRun
        /// Why nothing could be checked (the program failed, or its output is not a gradients document).
        public let failure: String?
        public let loss: LossCheck?
        public let check: GradientCheck?
        /// The program's "per_step" contributions against the complex step's (nil without "per_step").
        public var attribution: StepAttribution? = nil
        /// What could not be attributed, and why (no "per_step", contributions that do not add up).
        public var attributionNote: String? = nil

        public var passed: Bool { failure == nil && (loss?.passed ?? false) && (check?.passed ?? false) }
    }

    /// The program's run on one fixture, checked.
    public static func evaluate(_ run: ExternalRun, problemCase: ProblemCase, index: Int, timeout: Double, settings: CheckSettings) -> FixtureResult {
        func failed(_ reason: String) -> FixtureResult {
            FixtureResult(index: index, problemCase: problemCase, run: run, failure: reason, loss: nil, check: nil)
        }
        if run.timedOut {
            return failed("the program did not finish within \(String(format: "%g", timeout)) s and was stopped")
        }
        if run.outputLimitExceeded {
            return failed("the program wrote more than \(ExternalProgram.outputLimit >> 20) MB to standard output and was stopped")
        }
        switch run.ending {
        case .signalled(let signal)?:
            return failed("the program was killed by signal \(signal) (\(ExternalProgram.signalName(signal)))")
        case .exited(let status)? where status != 0:
            return failed("the program exited with status \(status)")
        case nil:
            return failed("the program could not be stopped")
        default:
            break
        }
        if run.outputStillOpen {
            return failed("the program's standard output stayed open after it exited (a process it started still holds it)")
        }
        if run.output.allSatisfy({ [0x20, 0x09, 0x0A, 0x0D].contains($0) }) {
            return failed("the program printed nothing on standard output (expected the gradients JSON)")
        }
        let document: GradientsDocument
        do {
            document = try GradientsDocument.decode(run.output, source: "standard output", for: problemCase)
        } catch {
            return failed(error.message)
        }
        let problem = problemCase.problem
        let loss = LossCheck(reported: document.loss, expected: problem.loss())
        let check = problem.checkBlocks(document.gradients.map(\.values), settings: settings)
        var result = FixtureResult(index: index, problemCase: problemCase, run: run, failure: nil, loss: loss, check: check)
        (result.attribution, result.attributionNote) = attribute(document, problemCase: problemCase, settings: settings)
        return result
    }

    /// The attribution of a program's answer to time steps, from its optional "per_step" member.
    static func attribute(_ document: GradientsDocument, problemCase: ProblemCase, settings: CheckSettings) -> (StepAttribution?, String?) {
        let problem = problemCase.problem
        guard let perStep = document.perStep else {
            return (nil, "the answer has no \"per_step\": with the contribution of each output and lag (notes/dynamics.md) the report "
                + "says at which time step a wrong gradient goes wrong; 'rnn-gradcheck check --bug ID --attribute' shows it on the bug catalog")
        }
        // The contributions must add up to the gradient the program reports.
        var largest = 0.0
        for (block, gradient) in document.gradients.enumerated() {
            for entry in gradient.values.indices {
                let sum = perStep.reduce(0.0) { total, lags in lags.reduce(total) { $0 + $1[block][entry] } }
                let scale = max(abs(gradient.values[entry]), abs(sum), 1e-12)
                largest = max(largest, abs(sum - gradient.values[entry]) / scale)
            }
        }
        var note: String?
        if !(largest <= 1e-9) {
            note = "per_step does not add up to gradients: they differ by up to \(Format.error(largest)) relative"
        }
        guard let attribution = StepAttribution.attribute(problem, contributions: perStep, tolerance: settings.tolerance) else {
            return (nil, "attributing to time steps would need about \(Format.error(StepAttribution.estimatedWork(problem))) multiply-adds "
                + "(limit \(Format.error(StepAttribution.workLimit)))")
        }
        return (attribution, note)
    }

    public static func report(_ results: [FixtureResult], command: [String], settings: CheckSettings, timeout: Double) -> JSONValue {
        let fixtures: [JSONValue] = results.map { result in
            let problemCase = result.problemCase
            var program: [(key: String, value: JSONValue)] = []
            switch result.run.ending {
            case .exited(let status)?: program += [("exit_status", .integer(Int(status))), ("signal", .null)]
            case .signalled(let signal)?: program += [("exit_status", .null), ("signal", .string(ExternalProgram.signalName(signal)))]
            case nil: program += [("exit_status", .null), ("signal", .null)]
            }
            program += [
                ("timed_out", .bool(result.run.timedOut)),
                ("seconds", .number(result.run.seconds)),
                ("stderr_tail", .array(result.run.errorLines(last: 5).map { .string($0) })),
            ]
            var members: [(key: String, value: JSONValue)] = [
                ("notation", .string(problemCase.notation.name)),
                ("origin", .string(problemCase.origin)),
                ("sizes", .object(problemCase.sizes.map { ($0.name, .integer($0.value)) })),
                ("truncate", problemCase.truncation.map(JSONValue.integer) ?? .null),
                ("program", .object(program)),
                ("error", result.failure.map { .string($0) } ?? .null),
            ]
            if let loss = result.loss {
                members.append(("loss", .object([
                    ("reported", .number(loss.reported)), ("expected", .number(loss.expected)),
                    ("relative_error", .number(loss.relativeError)), ("passed", .bool(loss.passed)),
                ])))
            } else {
                members.append(("loss", .null))
            }
            members.append(("blocks", result.check.map { CheckReport.json($0) } ?? .null))
            members.append(("attribution", result.attribution.map { $0.json(lossSymbol: problemCase.notation.lossSymbol) } ?? .null))
            members.append(("attribution_note", result.attributionNote.map { .string($0) } ?? .null))
            members.append(("passed", .bool(result.passed)))
            return .object(members)
        }
        return .object([
            ("command", .array(command.map { .string($0) })),
            ("settings", CheckReport.json(settings)),
            ("loss_tolerance", .number(lossTolerance)),
            ("timeout", .number(timeout)),
            ("fixtures", .array(fixtures)),
            ("passed", .integer(results.filter(\.passed).count)),
            ("total", .integer(results.count)),
        ])
    }
}
