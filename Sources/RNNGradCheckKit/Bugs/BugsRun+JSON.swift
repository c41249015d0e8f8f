import RNNGradCheck

extension BugsRun {
    public static let schema = "rnn-gradcheck/bugs/2"

    /// The run for programs (schema rnn-gradcheck/bugs/2, notes/json.md).
    public func json() -> JSONValue {
        func worstJSON(_ check: GradientCheck) -> [(key: String, value: JSONValue)] {
            let (_, worst) = BugsRun.summary(check)
            return [
                ("max_relative_error", worst.map { .number($0.maxRelativeError) } ?? .null),
                ("at", worst.flatMap { w in w.worstEntry.map { .string(w.label(ofEntry: $0)) } } ?? .null),
            ]
        }
        let bugMembers: [JSONValue] = bugs.map { result in
            let bug = result.bug
            var members: [(key: String, value: JSONValue)] = [
                ("id", .string(bug.id)),
                ("notation", .string(bug.notation)),
                ("title", .string(bug.title)),
                ("mistake", .string(bug.mistake)),
                ("wrong_line", .string(bug.wrongLine)),
                ("right_line", .string(bug.rightLine)),
                ("network", .string(result.problemCase.networkLabel)),
                ("caught", .bool(result.caught)),
                ("failing", .array(BugsRun.summary(result.check).failing.map { .string($0.key) })),
            ]
            members += worstJSON(result.check)
            members.append(("first_broken_step", result.firstBrokenStep.map { StepAttribution.json($0, lossSymbol: result.problemCase.notation.lossSymbol) } ?? .null))
            members.append(("blocks", CheckReport.json(result.check)))
            return .object(members)
        }
        let correctMembers: [JSONValue] = correct.map { result in
            .object([
                ("notation", .string(result.problemCase.notation.name)),
                ("network", .string(result.problemCase.networkLabel)),
                ("passed", .bool(result.check.passed)),
            ] + worstJSON(result.check))
        }
        return .object([
            ("schema", .string(Self.schema)),
            ("settings", CheckReport.json(settings)),
            ("seed", .number(Double(seed), literal: String(seed))),
            ("bugs", .array(bugMembers)),
            ("correct", .array(correctMembers)),
            ("caught", .integer(bugs.filter(\.caught).count)),
            ("bug_count", .integer(bugs.count)),
            ("correct_passed", .integer(correct.filter(\.check.passed).count)),
            ("correct_count", .integer(correct.count)),
            ("passed", .bool(passed)),
        ])
    }
}
