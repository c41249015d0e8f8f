import RNNGradCheck

extension CheckReport {
    /// The same report for programs.
    public func json() -> JSONValue {
        var members: [(key: String, value: JSONValue)] = [
            ("settings", Self.json(settings)),
            ("cases", .array(results.map(caseJSON))),
        ]
        members.append(("equivalences", .array(equivalences.map(Self.json))))
        members.append(("passed", .integer(passed)))
        members.append(("failed", .integer(failed)))
        return .object(members)
    }

    public static func json(_ settings: CheckSettings) -> JSONValue {
        .object([
            ("method", .string(settings.scheme.rawValue)),
            ("step", .number(settings.step)),
            ("tolerance", .number(settings.tolerance)),
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
            members.append(("loss", .number(check.loss)))
            members.append(("passed", .bool(check.passed)))
            members.append(("blocks", Self.json(check)))
        case .truncated(let check):
            members.append(("loss", .number(check.full.loss)))
            members.append(("passed", .bool(check.passed)))
            members.append(("full_bptt", Self.json(check.full)))
            members.append(("truncated_bptt", Self.json(check.truncated)))
            members.append(("truncation_deviation", .array(check.deviationFromTrueGradient.map { Self.json($0, reexamined: 0) })))
        }
        return .object(members)
    }

    /// The code that computed a gradient: its short name and what it is.
    public static func json(_ implementation: GradientImplementation) -> JSONValue {
        .object([("name", .string(implementation.name)), ("description", .string(implementation.description))])
    }

    /// The blocks of a check, with how many entries the complex step re-derived.
    public static func json(_ check: GradientCheck) -> JSONValue {
        .array(check.blocks.enumerated().map { index, block in
            json(block, reexamined: check.reexamination?.entries[index].count ?? 0)
        })
    }

    /// One block: its verdict, its worst entry and its error measures. Non-finite numbers are null.
    public static func json(_ block: BlockComparison, reexamined: Int) -> JSONValue {
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
        }
        members.append(("norm_relative_error", .number(block.normRelativeError)))
        members.append(("entries_over_tolerance", .integer(block.entriesOverTolerance)))
        members.append(("reexamined_by_complex_step", .integer(reexamined)))
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
