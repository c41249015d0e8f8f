import RNNGradCheck

// The JSON of `check` (schema rnn-gradcheck/check/2, notes/json.md), and the pieces other reports
// share: settings, one block of a check, an equivalence.

extension CheckReport {
    public static let schema = "rnn-gradcheck/check/2"

    /// The report for programs.
    public func json() -> JSONValue {
        .object([
            ("schema", .string(Self.schema)),
            ("settings", Self.json(settings)),
            ("cases", .array(results.map(caseJSON))),
            ("equivalences", .array(equivalences.map(Self.json))),
            ("passed", .bool(failed == 0)),
            ("checks_passed", .integer(passed)),
            ("checks_failed", .integer(failed)),
        ])
    }

    public static func json(_ settings: CheckSettings) -> JSONValue {
        .object([
            ("method", .string(settings.scheme.rawValue)),
            ("step", .number(settings.step)),
            ("tolerance", .number(settings.tolerance)),
            ("reexamine", .bool(settings.reexamine)),
            ("precision", .string(settings.precision.rawValue)),
        ])
    }

    private func caseJSON(_ result: CaseResult) -> JSONValue {
        let problemCase = result.problemCase
        var members: [(key: String, value: JSONValue)] = [
            ("notation", .string(problemCase.notation.name)),
            ("origin", .string(problemCase.origin)),
            ("sizes", .object(problemCase.sizes.map { ($0.name, .integer($0.value)) })),
            ("truncate", problemCase.truncation.map(JSONValue.integer) ?? .null),
            ("implementation", Self.json(result.implementation)),
        ]
        switch result.outcome {
        case .full(let check):
            members += [
                ("loss", .number(check.loss)), ("passed", .bool(result.passed)), ("blocks", Self.json(check)), ("truncated", .null),
                ("sampling", check.sampling.map { Self.json($0, blocks: check.blocks) } ?? .null),
            ]
        case .truncated(let check):
            members += [
                ("loss", .number(check.full.loss)), ("passed", .bool(result.passed)), ("blocks", Self.json(check.full)),
                ("truncated", .object([
                    ("truncate", .integer(check.truncation)),
                    ("blocks", Self.json(check.truncated)),
                    ("deviation", .array(check.deviationFromTrueGradient.map(Self.deviationJSON))),
                ])),
                ("sampling", .null),
            ]
        }
        return .object(members)
    }

    /// The code that computed a gradient: its short name and what it is.
    public static func json(_ implementation: GradientImplementation) -> JSONValue {
        .object([("name", .string(implementation.name)), ("description", .string(implementation.description))])
    }

    /// The blocks of a check.
    public static func json(_ check: GradientCheck) -> JSONValue {
        .array(check.blocks.indices.map { json(check, block: $0) })
    }

    /// One block of a check, with what its re-examination found.
    public static func json(_ check: GradientCheck, block index: Int) -> JSONValue {
        let block = check.blocks[index]
        var reexamined: JSONValue = .null
        if let reexamination = check.reexamination, !reexamination.entries[index].isEmpty {
            reexamined = .object([
                ("method", .string(reexamination.scheme.rawValue)),
                ("entries", .integer(reexamination.entries[index].count)),
                ("steps", .array(reexamination.steps.map { .number($0) })),
                ("not_reexamined", .integer(reexamination.notReexamined[index].count)),
                ("unresolved", .array(reexamination.unresolved[index].map { item in
                    .object([
                        ("label", .string(block.label(ofEntry: item.entry))),
                        ("values", .array([.number(item.values.0), .number(item.values.1)])),
                        ("steps", .array([.number(item.steps.0), .number(item.steps.1)])),
                    ])
                })),
            ])
        }
        return json(block, reexamined: reexamined)
    }

    /// One block: its verdict, its worst entry and its error measures, and `reexamined` (what a second
    /// oracle found, or null). Non-finite numbers are null.
    public static func json(_ block: BlockComparison, reexamined: JSONValue) -> JSONValue {
        var members: [(key: String, value: JSONValue)] = [
            ("key", .string(block.key)),
            ("symbol", .string(block.symbol)),
            ("shape", shapeJSON(block.shape)),
            ("verdict", .string(block.verdict.rawValue)),
            ("max_relative_error", .number(block.maxRelativeError)),
        ]
        if let worst = block.worstEntry {
            members.append(("worst_entry", .object([
                ("index", .array(block.shape.index(ofEntry: worst).map(JSONValue.integer))),
                ("label", .string(block.label(ofEntry: worst))),
                ("analytic", .number(block.analytic[worst])),
                ("numerical", .number(block.numerical[worst])),
                ("floor", .number(block.floors[worst])),
            ])))
        } else {
            members.append(("worst_entry", .null))
        }
        members.append(("norm_relative_error", .number(block.normRelativeError)))
        members.append(("entries", .integer(block.shape.count)))
        members.append(("entries_checked", .integer(block.checkedCount)))
        members.append(("entries_over_tolerance", .integer(block.entriesOverTolerance)))
        members.append(("reexamined", reexamined))
        if let bad = block.nonFinite {
            members.append(("non_finite", .object([
                ("side", .string(bad.side.rawValue)),
                ("label", .string(block.label(ofEntry: bad.entry))),
                ("value", .string(Format.value(bad.value))),
            ])))
        } else {
            members.append(("non_finite", .null))
        }
        return .object(members)
    }

    /// What a sampled check compared: entries per block and seed, the direction through every entry
    /// (and per block, when it differed), and the blocks then checked entry by entry.
    public static func json(_ sampling: Sampling, blocks: [BlockComparison]) -> JSONValue {
        func direction(_ d: DirectionalDerivative) -> JSONValue {
            .object([
                ("method", .string(d.scheme.rawValue)), ("step", .number(d.step)), ("length", .number(d.length)),
                ("analytic", .number(d.analytic)), ("numerical", .number(d.numerical)), ("resolution", .number(d.resolution)),
                ("relative_error", .number(d.relativeError(tolerance: sampling.tolerance))),
                ("agrees", .bool(d.agrees(tolerance: sampling.tolerance))),
            ])
        }
        return .object([
            ("entries_per_block", .integer(sampling.sample.perBlock)),
            ("seed", .number(Double(sampling.sample.seed), literal: String(sampling.sample.seed))),
            ("direction", direction(sampling.direction)),
            ("block_directions", sampling.blockDirections.map { ds in
                .array(zip(blocks, ds).map { block, d in
                    guard case .object(let members) = direction(d) else { return .null }
                    return .object([("key", .string(block.key))] + members)
                })
            } ?? .null),
            ("exhaustive_blocks", .array(zip(blocks, sampling.exhaustive).filter(\.1).map { .string($0.0.key) })),
            ("entries_checked", .integer(blocks.reduce(0) { $0 + $1.checkedCount })),
            ("entries_total", .integer(blocks.reduce(0) { $0 + $1.shape.count })),
        ])
    }

    /// How far truncated BPTT is from ∂E/∂θ in one block: information, not a verdict.
    static func deviationJSON(_ block: BlockComparison) -> JSONValue {
        let worst = block.worstEntry
        return .object([
            ("key", .string(block.key)),
            ("symbol", .string(block.symbol)),
            ("shape", shapeJSON(block.shape)),
            ("max_relative_deviation", .number(block.maxRelativeError)),
            ("at", worst.map { .string(block.label(ofEntry: $0)) } ?? .null),
            ("truncated", worst.map { .number(block.analytic[$0]) } ?? .null),
            ("true", worst.map { .number(block.numerical[$0]) } ?? .null),
            ("norm_relative_deviation", .number(block.normRelativeError)),
            ("entries", .integer(block.shape.count)),
            ("entries_differing", .integer(block.entriesOverTolerance)),
        ])
    }

    public static func shapeJSON(_ shape: Shape) -> JSONValue {
        .array(shape.dimensions.map(JSONValue.integer))
    }

    public static func json(_ equivalence: EquivalenceCheck) -> JSONValue {
        .object([
            ("between", .array([.string(equivalence.notations.first), .string(equivalence.notations.second)])),
            ("condition", equivalence.condition.map { .string($0) } ?? .null),
            ("truncate", equivalence.truncation.map(JSONValue.integer) ?? .null),
            ("loss_relative_difference", .number(equivalence.lossDifference)),
            ("pairs", .array(equivalence.pairs.map { pair in
                .object([
                    ("blocks", .array([.string(pair.first), .string(pair.second)])),
                    ("relative_difference", .number(pair.relativeDifference)),
                ])
            })),
            ("limit", .number(equivalence.limit)),
            ("passed", .bool(equivalence.passed)),
        ])
    }
}
