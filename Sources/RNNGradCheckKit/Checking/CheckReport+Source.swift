import RNNGradCheck

extension CheckReport {
    /// Checks the gradient `source` computes on each case: the notations' own BPTT (`run(_:settings:)`,
    /// with the equivalences of notations that are one model), or a catalogued bug against the
    /// objective each case poses (no equivalences: they compare the notations' own code).
    public static func run(
        _ cases: [ProblemCase], source: GradientSource, settings: CheckSettings = CheckSettings(), sampling: EntrySampling? = nil,
        progress: (@Sendable (_ case: Int, _ done: Int, _ total: Int) -> Void)? = nil
    ) -> CheckReport {
        guard case .bug(let bug) = source else { return run(cases, settings: settings, sampling: sampling, progress: progress) }
        let results = cases.compactMap { problemCase -> CaseResult? in
            guard let check = bug.check(on: problemCase.problem, settings: settings, sampling: sampling) else { return nil }
            return CaseResult(problemCase: problemCase, outcome: .full(check), implementation: source.implementation(for: problemCase.problem))
        }
        return CheckReport(settings: settings, results: results, equivalences: [])
    }

    /// The JSON of the report with each case's analyses (`analyses[i]` for `results[i]`) as members
    /// "dynamics", "sweep", "attribution" and "not_run".
    public func json(analyses: [CaseAnalysis?]) -> JSONValue {
        guard case .object(var members) = json(), let index = members.firstIndex(where: { $0.key == "cases" }),
            case .array(let cases) = members[index].value
        else { return json() }
        members[index].value = .array(zip(cases, analyses + Array(repeating: nil, count: max(0, cases.count - analyses.count))).map { caseJSON, analysis in
            guard case .object(var caseMembers) = caseJSON, let analysis, case .object(let extra) = analysis.json() else { return caseJSON }
            let own = Set(caseMembers.map(\.key))
            caseMembers += extra.filter { !own.contains($0.key) }
            return .object(caseMembers)
        })
        return .object(members)
    }
}
