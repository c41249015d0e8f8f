import Foundation
import RNNGradCheck

/// The settings of `check-model`.
public struct ExternalModelCheckOptions: Sendable {
    /// The first oracle: central differences or Richardson extrapolation (a program is real-valued:
    /// no complex step).
    public var scheme: DifferenceScheme
    /// The step; nil: the noise rule's (`NoiseRule`).
    public var step: Double?
    /// The tolerance; nil: the precision's.
    public var tolerance: Double?
    public var precision: Precision
    /// Entries checked per parameter (plus one random direction); nil: every entry.
    public var entriesPerBlock: Int?
    /// The seed of the sampled entries and the direction.
    public var seed: UInt64
    /// Seconds a request may take.
    public var timeout: Double

    public init(
        scheme: DifferenceScheme = .central, step: Double? = nil, tolerance: Double? = nil, precision: Precision = .float64,
        entriesPerBlock: Int? = nil, seed: UInt64 = 1, timeout: Double = 10
    ) {
        precondition(scheme != .complexStep, "a program's loss is real: no complex step")
        self.scheme = scheme
        self.step = step
        self.tolerance = tolerance
        self.precision = precision
        self.entriesPerBlock = entriesPerBlock
        self.seed = seed
        self.timeout = timeout
    }
}

/// A block's outcome in `check-model`: pass, a gradient wrong by both oracles, a disagreement between
/// the oracles that leaves an entry unresolved, or a NaN/infinity.
public enum ModelVerdict: String, Sendable {
    case pass
    case fail
    case unresolved
    case nonFinite = "non-finite"
}

/// The derivative along the random direction of a sampled check, by one oracle and, when it
/// disagrees with the gradient, by the second one.
public struct DirectionalOutcome: Sendable {
    public let first: DirectionalDerivative
    public let second: DirectionalDerivative?
    /// What the two oracles say (nil when the first agrees).
    public let agreement: OracleAgreement.Outcome?
    public let tolerance: Double

    public var verdict: ModelVerdict {
        let final = second ?? first
        if !final.analytic.isFinite || !final.numerical.isFinite { return .nonFinite }
        switch agreement {
        case nil, .firstOracleInaccurate?: return .pass
        case .wrong?: return .fail
        case .unresolved?: return .unresolved
        }
    }
}

/// What the program did: requests answered, time, how it ended, the end of its standard error.
public struct ProgramSummary: Sendable {
    public let answered: [String: Int]
    public var requests: Int { answered.values.reduce(0, +) }
    /// From writing the first request to reading its answer: the program's start-up and one answer.
    public let firstRequestSeconds: Double
    /// From writing each later request to reading its answer, summed.
    public let requestSeconds: Double
    /// From starting the program to its end.
    public let totalSeconds: Double
    public let ending: ProgramEnding
    public let errorTail: [String]

    /// The mean round trip of one request after the first, in seconds: writing the request, the
    /// program's reading, computing and writing its answer, and reading and parsing it.
    public var secondsPerRequest: Double { requests <= 1 ? 0 : requestSeconds / Double(requests - 1) }
}

/// A check of another program's gradients through the `check-model` protocol: the program owns its
/// model and data, rnn-gradcheck the perturbations. Returns data; the CLI prints it.
public struct ExternalModelCheck: Sendable {
    public enum PointSource: Sendable, Equatable {
        /// The program's answer to {"op": "parameters"}.
        case program
        /// A `--parameters` file.
        case file(String)
    }

    public let command: [String]
    public let options: ExternalModelCheckOptions
    public let pointSource: PointSource
    /// The point checked (rounded to the precision), in the program's order; empty when the program
    /// failed before giving it.
    public internal(set) var parameters: [NamedBlock] = []
    /// How many entries of the point rounding to float32 changed.
    public internal(set) var roundedEntries = 0
    /// What the program's first answer advertised under "extensions" (none is used).
    public internal(set) var extensions: [String] = []
    /// The loss in the answer to {"op": "gradients"}, and the gradient, in the parameters' order.
    public internal(set) var gradientLoss: Double?
    public internal(set) var analytic: [[Double]]?
    public internal(set) var noise: LossNoise?
    public internal(set) var rule: NoiseRule?
    public internal(set) var sample: EntrySample?
    public internal(set) var check: GradientCheck?
    public internal(set) var directional: DirectionalOutcome?
    /// Why the check could not be completed: the program failed, or its loss is not finite.
    public internal(set) var failure: ModelFailure?
    /// When the program's answer to {"op": "parameters"} carries a "fixture" (its notation, inputs,
    /// targets and truncation), the network in that notation: what the diagnosis compares with.
    public internal(set) var notationCase: ProblemCase?
    /// The program's loss at the point against that notation's forward pass on the fixture (nil
    /// without a fixture).
    public internal(set) var notationLossAgrees: Bool?
    /// The grader's diagnosis of the program's gradient against the notation's BPTT, when the check
    /// fails and the program speaks a notation (ProgramFeedback).
    public internal(set) var feedback: ProgramFeedback?
    public internal(set) var program = ProgramSummary(
        answered: [:], firstRequestSeconds: 0, requestSeconds: 0, totalSeconds: 0, ending: .unknown, errorTail: [])

    /// The loss the gradients answer gives agrees with the loss answer at the same point, within
    /// max(τ·|L|, κ·noise) (nil when either is missing).
    public var lossAgrees: Bool? {
        guard let gradientLoss, let noise, let rule else { return nil }
        let difference = abs(gradientLoss - noise.loss)
        return difference <= max(rule.tolerance * max(abs(gradientLoss), abs(noise.loss)), rule.lossRounding)
    }

    /// The verdict of block `index` of the check.
    public func verdict(ofBlock index: Int) -> ModelVerdict {
        guard let check else { return .fail }
        let block = check.blocks[index]
        if block.nonFinite != nil { return .nonFinite }
        if block.verdict == .pass { return .pass }
        let failing = block.relativeErrors.indices.filter { !(block.relativeErrors[$0] <= block.tolerance) }
        let unresolved = Set(check.oracleAgreements.filter { $0.block == index && $0.outcome == .unresolved }.map(\.entry))
        return failing.allSatisfy(unresolved.contains) ? .unresolved : .fail
    }

    /// Every block's verdict.
    public var blockVerdicts: [ModelVerdict] { check.map { $0.blocks.indices.map(verdict(ofBlock:)) } ?? [] }

    /// Nothing failed and nothing is unresolved.
    public var passed: Bool {
        failure == nil && check != nil && lossAgrees == true && blockVerdicts.allSatisfy { $0 == .pass }
            && (directional?.verdict ?? .pass) == .pass
    }

    /// Something is wrong beyond doubt (not only unresolved).
    public var failed: Bool {
        failure != nil || check == nil || lossAgrees == false || blockVerdicts.contains { $0 == .fail || $0 == .nonFinite }
            || [ModelVerdict.fail, .nonFinite].contains(directional?.verdict ?? .pass)
    }

    /// Entries checked one by one, and all entries.
    public var checkedEntries: Int { check?.blocks.reduce(0) { $0 + $1.checkedCount } ?? 0 }
    public var totalEntries: Int { parameters.reduce(0) { $0 + $1.values.count } }

    // MARK: - Running

    /// Starts `executable` (the resolved first word of `command`) and checks it. The point comes from
    /// `parametersFile` when given, otherwise from the program. Throws only when the program cannot
    /// be started (exit status 66); everything the program does wrong is in `failure`.
    public static func run(
        executable: String, command: [String], options: ExternalModelCheckOptions, parametersFile: (blocks: [NamedBlock], name: String)? = nil
    ) throws(RNNGradCheckError) -> ExternalModelCheck {
        let session = try ModelSession(executable: executable, arguments: Array(command.dropFirst()), timeout: options.timeout)
        var result = ExternalModelCheck(command: command, options: options, pointSource: parametersFile.map { .file($0.name) } ?? .program)
        result.perform(session, parametersFile: parametersFile?.blocks)
        let ending = session.close()
        if result.failure == nil { result.failure = session.failure }
        result.program = ProgramSummary(
            answered: session.answered, firstRequestSeconds: session.firstRequestSeconds, requestSeconds: session.requestSeconds,
            totalSeconds: Double(DispatchTime.now().uptimeNanoseconds - session.started.uptimeNanoseconds) / 1e9,
            ending: ending, errorTail: session.errorLines(last: 5))
        return result
    }

    private mutating func perform(_ session: ModelSession, parametersFile: [NamedBlock]?) {
        let precision = options.precision
        var answers = AnswerReader(session: session)

        // 1. The point.
        var blocks: [NamedBlock]
        if let parametersFile {
            blocks = parametersFile
        } else {
            guard let answer = answers.object(ModelRequestWriter.parametersRequest, op: "parameters", expected: ["parameters"], optional: ["fixture"]),
                let decoded = answers.decode({ () throws(ModelAnswerError) in
                    try ExternalModelParameters.decode(answer["parameters"]!, path: "parameters")
                }, op: "parameters")
            else { return }
            blocks = decoded
            if let fixture = answer["fixture"] {
                do throws(RNNGradCheckError) {
                    notationCase = try Self.notationCase(fixture, parameters: answer["parameters"]!)
                } catch {
                    session.reject(ModelFailure(.badAnswer, "the \"fixture\" in the answer to {\"op\": \"parameters\"}: \(error.message)"))
                    return
                }
            }
        }
        if precision != .float64 {
            for b in blocks.indices {
                for i in blocks[b].values.indices {
                    let rounded = precision.rounded(blocks[b].values[i])
                    guard rounded.isFinite else {
                        let label = blocks[b].label(ofEntry: i)
                        session.reject(ModelFailure(.badAnswer, "\(label) = \(ExternalModelParameters.show(blocks[b].values[i])) is beyond the range of \(precision.rawValue)"))
                        return
                    }
                    if rounded != blocks[b].values[i] { roundedEntries += 1 }
                    blocks[b].values[i] = rounded
                }
            }
        }
        parameters = blocks
        let values = blocks.map(\.values)
        let writer = ModelRequestWriter(blocks: blocks)

        // 2. The analytic gradient at the point.
        guard let answer = answers.object(writer.request("gradients"), op: "gradients", expected: ["loss", "gradients"]),
            let loss = answers.number(answer["loss"]!, key: "loss", op: "gradients"),
            let gradient = answers.decode({ () throws(ModelAnswerError) in
                try ExternalModelParameters.decodeGradient(answer["gradients"]!, like: blocks, path: "gradients")
            }, op: "gradients")
        else { return }
        extensions = answers.extensions
        gradientLoss = loss
        analytic = gradient
        guard loss.isFinite else {
            failure = ModelFailure(.badAnswer, "the loss in the answer to {\"op\": \"gradients\"} is \(ExternalModelParameters.show(loss)): the loss at the point must be finite")
            return
        }

        // 3. The noise of the loss at the point, and the rule it gives.
        let pointRequest = writer.request("loss")
        let measured = LossNoise.measure(values: values, precision: precision) { point in
            answers.loss(point == values ? pointRequest : writer.request("loss", values: point))
        }
        guard session.failure == nil else { return }
        noise = measured
        if let bad = measured.firstNonFinite {
            failure = ModelFailure(.nonFiniteLoss, "the loss is \(ExternalModelParameters.show(bad.value)) \(bad.where): its noise cannot be measured")
            return
        }
        let rule = NoiseRule(noise: measured, scheme: options.scheme, step: options.step, tolerance: options.tolerance)
        self.rule = rule

        // 4. Every entry (or a sample), with the second oracle on the entries that fail.
        let settings = CheckSettings(scheme: rule.scheme, step: rule.step, tolerance: rule.tolerance, reexamine: true, precision: precision)
        let sample = options.entriesPerBlock.map { EntrySample(blockSizes: blocks.map(\.values.count), perBlock: $0, seed: options.seed) }
        self.sample = sample
        let (check, _) = GradientChecker.check(
            parameters: blocks, analytic: gradient, loss: measured.loss, settings: settings, entries: sample?.entries,
            reexaminingWith: rule.secondScheme
        ) { scheme, entries in
            NumericalDifferentiation.differences(
                values: values, scheme: scheme, step: scheme == rule.scheme ? rule.step : rule.secondStep, entries: entries,
                lossScale: measured.loss, unitRoundoff: precision.epsilon, lossRounding: rule.lossRounding, pointPrecision: precision
            ) { block, entry, value in
                answers.loss(writer.request("loss", block: block, entry: entry, value: value))
            }
        }
        guard session.failure == nil else { return }
        self.check = check
        diagnose(gradient: gradient, loss: loss, precision: precision)

        // 5. With a sample: the derivative along a random direction through every entry.
        if let sample {
            func along(_ scheme: DifferenceScheme, _ step: Double) -> DirectionalDerivative {
                NumericalDifferentiation.directional(
                    values: values, direction: sample.direction, gradient: gradient, scheme: scheme, step: step,
                    lossRounding: rule.lossRounding, unitRoundoff: precision.epsilon, pointPrecision: precision
                ) { point in answers.loss(writer.request("loss", values: point)) }
            }
            let first = along(rule.scheme, rule.step)
            var second: DirectionalDerivative?
            var agreement: OracleAgreement.Outcome?
            if !first.agrees(tolerance: rule.tolerance) {
                let other = along(rule.secondScheme, rule.secondStep)
                second = other
                // The two analytic predictions differ by the rounding of the points only: compare the
                // first oracle's residual on the second one's scale.
                agreement = OracleAgreement.outcome(
                    analytic: other.analytic, first: first.numerical - first.analytic + other.analytic, firstResolution: first.resolution,
                    second: other.numerical, secondResolution: other.resolution, tolerance: rule.tolerance)
            }
            guard session.failure == nil else { return }
            directional = DirectionalOutcome(first: first, second: second, agreement: agreement, tolerance: rule.tolerance)
        }
    }
}

extension ExternalModelCheck {
    /// The program's network in a notation: its "fixture" (without parameters, or with the same ones)
    /// completed by the parameters it answered.
    static func notationCase(_ fixture: JSONValue, parameters: JSONValue) throws(RNNGradCheckError) -> ProblemCase {
        let reader = JSONReader(source: "fixture")
        let members = try reader.object(fixture, at: "", allowed: Fixture.topLevelKeys)
        if let given = members.first(where: { $0.key == "parameters" })?.value, given != parameters {
            throw reader.fail("parameters differ from the answer's \"parameters\" (leave them out: the answer's are used)")
        }
        let complete = JSONValue.object(members.filter { $0.key != "parameters" } + [("parameters", parameters)])
        return try Fixture.decode(Array(JSONWriter.write(complete).utf8), source: "fixture")
    }

    /// With a notation: the program's loss against the notation's forward pass, and when a block
    /// fails, the grader's diagnosis against the notation's BPTT.
    mutating func diagnose(gradient: [[Double]], loss: Double, precision: Precision) {
        guard let notationCase else { return }
        let expected = notationCase.problem.loss()
        let agrees = abs(loss - expected) <= ExternalCheck.lossTolerance(precision) * max(abs(expected), 1)
        notationLossAgrees = agrees
        guard agrees, blockVerdicts.contains(where: { $0 != .pass }) else { return }
        // The program's blocks in the notation's order.
        let byName = Dictionary(uniqueKeysWithValues: zip(parameters.map(\.key), gradient))
        let ordered = notationCase.notation.parameterKeys.compactMap { byName[$0] }
        guard ordered.count == notationCase.notation.parameterKeys.count else { return }
        feedback = ProgramFeedback(problemCase: notationCase, loss: loss, gradients: ordered, precision: precision)
    }
}

/// Sends requests and reads their answers, turning every malformed answer into one failure of the
/// session (after which every request returns nil or NaN).
private struct AnswerReader {
    let session: ModelSession
    /// Read from the first answer only.
    private(set) var extensions: [String] = []
    private var first = true

    init(session: ModelSession) { self.session = session }

    /// The answer to `request` as an object with exactly the `expected` keys and any of `optional`
    /// (the first answer may add "extensions"), or nil after a failure.
    mutating func object(_ request: [UInt8], op: String, expected: [String], optional: [String] = []) -> JSONValue? {
        guard let line = session.request(request, op: op) else { return nil }
        let isFirst = first
        first = false
        let description = "{\"op\": \"\(op)\"}"
        let value: JSONValue
        do {
            value = try JSONParser.parse(line, acceptingNonFinite: true)
        } catch {
            let what = line.allSatisfy({ [0x20, 0x09].contains($0) }) ? "an empty line" : "a line that is not JSON: \(ModelSession.quoted(line))"
            session.reject(ModelFailure(.notJSON, "the program answered \(description) with \(what) (debug output belongs on stderr)"))
            return nil
        }
        guard case .object(let members) = value else {
            session.reject(ModelFailure(.badAnswer, "the answer to \(description) must be a JSON object, found \(value.kindDescription)"))
            return nil
        }
        if let error = value["error"] {
            let text: String
            if case .string(let message) = error { text = message } else { text = JSONWriter.write(error).trimmingCharacters(in: .whitespacesAndNewlines) }
            session.reject(ModelFailure(.reportedError, "the program answered \(description) with an error: \(ModelSession.echo(text))"))
            return nil
        }
        let allowed = expected + optional + (isFirst ? ["extensions"] : [])
        if let unknown = members.first(where: { !allowed.contains($0.key) }) {
            session.reject(ModelFailure(.badAnswer, "the answer to \(description) has an unknown key \"\(ModelSession.echo(unknown.key))\" (expected \(ExternalModelParameters.list(expected)))"))
            return nil
        }
        if let missing = expected.first(where: { value[$0] == nil }) {
            session.reject(ModelFailure(.badAnswer, "the answer to \(description) has no \"\(missing)\""))
            return nil
        }
        if isFirst, let advertised = value["extensions"] {
            guard case .array(let names) = advertised, names.allSatisfy({ if case .string = $0 { return true } else { return false } }) else {
                session.reject(ModelFailure(.badAnswer, "\"extensions\" in the answer to \(description) must be an array of strings, found \(advertised.kindDescription)"))
                return nil
            }
            extensions = names.compactMap { if case .string(let name) = $0 { return name } else { return nil } }
        }
        return value
    }

    /// A number member (NaN and infinity allowed: the check names them), or nil after a failure.
    func number(_ value: JSONValue, key: String, op: String) -> Double? {
        guard case .number(let x, _) = value else {
            session.reject(ModelFailure(.badAnswer, "\"\(key)\" in the answer to {\"op\": \"\(op)\"} must be a number, found \(value.kindDescription)"))
            return nil
        }
        return x
    }

    /// A decoded part of an answer, or nil after a failure.
    func decode<T>(_ body: () throws(ModelAnswerError) -> T, op: String) -> T? {
        do {
            return try body()
        } catch {
            session.reject(ModelFailure(.badAnswer, "the answer to {\"op\": \"\(op)\"}: \(error.message)"))
            return nil
        }
    }

    /// The loss the program answers to `request` (NaN once the session has failed).
    mutating func loss(_ request: [UInt8]) -> Double {
        guard let answer = object(request, op: "loss", expected: ["loss"]), let loss = number(answer["loss"]!, key: "loss", op: "loss") else {
            return .nan
        }
        return loss
    }
}
