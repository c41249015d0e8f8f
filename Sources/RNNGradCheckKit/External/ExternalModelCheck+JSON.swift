import RNNGradCheck

extension ExternalModelCheck {
    /// The schema of `check-model --json`.
    public static let schema = "rnn-gradcheck/check-model/1"

    /// "pass", "fail" or "unresolved": the run as a whole.
    public var overallVerdict: String { passed ? "pass" : failed ? "fail" : "unresolved" }

    /// The report for programs (notes/check-model.md, "JSON").
    public func json() -> JSONValue {
        func number(_ x: Double?) -> JSONValue {
            guard let x, x.isFinite else { return .null }
            return .number(x)
        }
        var settings: [(key: String, value: JSONValue)] = [
            ("precision", .string(options.precision.rawValue)),
            ("method", .string(options.scheme.rawValue)),
            ("step", number(rule?.step ?? options.step)),
            ("step_source", .string(options.step == nil ? "noise rule" : "command line")),
            ("second_method", rule.map { .string($0.secondScheme.rawValue) } ?? .null),
            ("second_step", number(rule?.secondStep)),
            ("tolerance", number(rule?.tolerance ?? options.tolerance ?? options.precision.defaultTolerance)),
            ("rounding_units", .number(NoiseRule.roundingUnits)),
            ("entries", options.entriesPerBlock.map(JSONValue.integer) ?? .string("all")),
            ("seed", .number(Double(options.seed), literal: String(options.seed))),
            ("timeout", .number(options.timeout)),
        ]
        if options.entriesPerBlock == nil { settings.removeAll { $0.key == "seed" } }

        var point: [(key: String, value: JSONValue)] = []
        switch pointSource {
        case .program: point += [("source", .string("program")), ("file", .null)]
        case .file(let name): point += [("source", .string("file")), ("file", .string(name))]
        }
        point += [
            ("parameters", .array(parameters.map { .object([("name", .string($0.key)), ("shape", CheckReport.shapeJSON($0.shape))]) })),
            ("entries", .integer(totalEntries)),
            ("rounded_to_precision", .integer(roundedEntries)),
        ]

        var members: [(key: String, value: JSONValue)] = [
            ("schema", .string(Self.schema)),
            ("command", .array(command.map { .string($0) })),
            ("settings", .object(settings)),
            ("point", .object(point)),
            ("extensions", .array(extensions.map { .string($0) })),
            ("notation", notationCase.map { problemCase in
                .object([
                    ("name", .string(problemCase.notation.name)),
                    ("sizes", .object(problemCase.sizes.map { ($0.name, .integer($0.value)) })),
                    ("truncate", problemCase.truncation.map(JSONValue.integer) ?? .null),
                    ("loss", number(problemCase.problem.loss())),
                    ("loss_agrees", notationLossAgrees.map(JSONValue.bool) ?? .null),
                    ("feedback", feedback.map { $0.json() } ?? .null),
                ])
            } ?? .null),
        ]
        members.append(("loss", gradientLoss == nil ? .null : .object([
            ("gradients_answer", number(gradientLoss)),
            ("loss_answer", number(noise?.loss)),
            ("agree", lossAgrees.map(JSONValue.bool) ?? .null),
        ])))
        members.append(("noise", noise.map { noise in
            .object([
                ("evaluations", .integer(noise.evaluations)),
                ("repeat_spread", number(noise.repeatSpread)),
                ("ulp_sigma", number(noise.ulpSigma)),
                ("line_sigma", number(noise.lineSigma)),
                ("line_probes", .array(noise.lineProbes.map { probe in
                    .object([("spacing", number(probe.spacing)), ("sigma", number(probe.sigma(at: noise.loss)))])
                })),
                ("smooth", .bool(noise.smooth)),
                ("flat", .bool(noise.flat)),
                ("floor", number(noise.floor)),
                ("noise", number(noise.noise)),
                ("source", .string(noise.noiseSource.rawValue)),
                ("resolution", number(rule?.typicalResolution)),
            ])
        } ?? .null))
        members.append(("blocks", check.map { check in
            .array(check.blocks.indices.map { blockJSON(check, index: $0) })
        } ?? .null))
        members.append(("oracle_disagreements", .array((check?.oracleAgreements ?? []).filter { $0.outcome != .firstOracleInaccurate }.map { agreement in
            let block = check!.blocks[agreement.block]
            return .object([
                ("label", .string(block.label(ofEntry: agreement.entry))),
                ("analytic", number(agreement.analytic)),
                ("first", number(agreement.first)),
                ("second", number(agreement.second)),
                ("first_resolution", number(agreement.firstResolution)),
                ("second_resolution", number(agreement.secondResolution)),
                ("outcome", .string(agreement.outcome.rawValue)),
            ])
        })))
        members.append(("directional", directional.map { outcome in
            func side(_ d: DirectionalDerivative) -> JSONValue {
                .object([
                    ("method", .string(d.scheme.rawValue)), ("step", number(d.step)), ("length", number(d.length)),
                    ("analytic", number(d.analytic)), ("numerical", number(d.numerical)), ("resolution", number(d.resolution)),
                    ("relative_error", number(d.relativeError(tolerance: outcome.tolerance))),
                ])
            }
            return .object([
                ("first", side(outcome.first)),
                ("second", outcome.second.map(side) ?? .null),
                ("outcome", outcome.agreement.map { .string($0.rawValue) } ?? .null),
                ("verdict", .string(outcome.verdict.rawValue)),
            ])
        } ?? .null))
        members.append(("checked_entries", .integer(checkedEntries)))
        members.append(("total_entries", .integer(totalEntries)))
        members.append(("error", failure.map { .object([("kind", .string($0.kind.rawValue)), ("message", .string($0.message))]) } ?? .null))
        var programMembers: [(key: String, value: JSONValue)] = [
            ("requests", .object(program.answered.sorted { $0.key < $1.key }.map { ($0.key, .integer($0.value)) })),
            ("first_request_seconds", .number(program.firstRequestSeconds)),
            ("request_seconds", .number(program.requestSeconds)),
            ("seconds_per_request", .number(program.secondsPerRequest)),
            ("total_seconds", .number(program.totalSeconds)),
        ]
        switch program.ending {
        case .exited(let status): programMembers += [("exit_status", .integer(Int(status))), ("signal", .null)]
        case .signalled(let signal): programMembers += [("exit_status", .null), ("signal", .string(ExternalProgram.signalName(signal)))]
        case .unknown: programMembers += [("exit_status", .null), ("signal", .null)]
        }
        programMembers.append(("stderr_tail", .array(program.errorTail.map { .string($0) })))
        members.append(("program", .object(programMembers)))
        members.append(("verdict", .string(overallVerdict)))
        members.append(("passed", .bool(passed)))
        return .object(members)
    }

    /// One block: the fields of `check --json`'s blocks, with the verdict of check-model and how many
    /// entries the second oracle derived again.
    private func blockJSON(_ check: GradientCheck, index: Int) -> JSONValue {
        let block = check.blocks[index]
        guard case .object(var members) = CheckReport.json(check, block: index) else { return .null }
        if let i = members.firstIndex(where: { $0.key == "verdict" }) {
            members[i].value = .string(verdict(ofBlock: index).rawValue)
        }
        members.insert(("checked_entries", .integer(block.checkedCount)), at: members.firstIndex { $0.key == "verdict" } ?? members.count)
        if let worst = block.worstEntry, let i = members.firstIndex(where: { $0.key == "worst_entry" }), case .object(var entry) = members[i].value {
            entry.append(("resolution", .number(block.floors[worst] * block.tolerance)))
            members[i].value = .object(entry)
        }
        return .object(members)
    }
}

extension ExternalModelCheck {
    /// The diagnosis of each failing block, one sentence group per block: "W: Your W gradient …".
    public var feedbackLines: [String] {
        guard let feedback, let check else { return [] }
        let verdicts = blockVerdicts
        let failing = Set(check.blocks.indices.filter { verdicts[$0] != .pass }.map { check.blocks[$0].key })
        return feedback.wrong.filter { failing.contains($0.key) }.map { "\($0.symbol): \(feedback.feedback($0))" }
    }

    /// The check as autograder tests: one per parameter, `points` shared equally (1 per parameter by
    /// default); a program that stopped answering is one test in error.
    public func autograderReport(points: Double?) -> AutograderReport {
        guard let check, failure == nil else {
            let message = failure?.message ?? "the program gave no gradient"
            let test = AutograderReport.Test(
                name: "the program", score: 0, maxScore: points ?? 1, status: .error,
                output: ([message] + program.errorTail.map { "| " + $0 }).joined(separator: "\n"))
            return AutograderReport(
                name: "rnn-gradcheck check-model", tests: [test], output: "rnn-gradcheck check-model: \(message)", seconds: program.totalSeconds,
                source: Self.schema)
        }
        let verdicts = blockVerdicts
        let share = (points ?? Double(check.blocks.count)) / Double(max(check.blocks.count, 1))
        let feedback = feedbackLines
        let tests = check.blocks.indices.map { index in
            let block = check.blocks[index]
            let verdict = verdicts[index]
            var lines = [verdict.rawValue]
            if verdict != .pass, let worst = block.worstEntry {
                lines.append("\(block.label(ofEntry: worst)): relative error \(Format.error(block.relativeErrors[worst]))")
            }
            lines += feedback.filter { $0.hasPrefix("\(block.symbol): ") }
            return AutograderReport.Test(
                name: "\(block.symbol) (\(block.shape))", score: verdict == .pass ? share : 0, maxScore: share,
                status: verdict == .pass ? .passed : .failed, output: lines.joined(separator: "\n"))
        }
        var output = "rnn-gradcheck check-model: \(overallVerdict)"
        if lossAgrees == false { output += "; the gradients answer and the loss answer give different losses at the same point" }
        if let directional, directional.verdict != .pass { output += "; the derivative along the random direction: \(directional.verdict.rawValue)" }
        return AutograderReport(name: "rnn-gradcheck check-model", tests: tests, output: output, seconds: program.totalSeconds, source: Self.schema)
    }
}
