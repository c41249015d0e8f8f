import XCTest

@testable import RNNGradCheck

/// The derivation verifier on the standard networks: every finding's severity and which of its
/// readings hold pinned, both output activations of [S001], the downstream lists, and planted wrong
/// formulas that turn a "holds" into a "wrong". The ranges over many networks are in
/// DerivationSurveyTests, notes/errata.md against the findings in DerivationErrataTests.
final class DerivationTests: XCTestCase {
    /// Every finding: its severity and, for a checkpoint, which of its readings hold (by position). Each
    /// entry is the conclusion of the analysis written up in notes/errata.md: a typo where only the
    /// repaired formula holds, a wrong formula where only the correction does, for ambiguous formulas
    /// the reading that makes them true, and for the findings that cannot be computed their severity.
    static let pinned: [String: (severity: Severity, holding: [Int]?)] = [
        "000.18": (.typo, [1]), "000.1": (.holds, [0]), "000.2": (.holds, [0]), "000.3": (.holds, [0]), "000.4": (.holds, [0]),
        "000.5": (.holds, [0]), "000.6": (.misleading, [0]), "000.7": (.misleading, [0]), "000.8": (.misleading, [0]),
        "000.9": (.holds, [0]), "000.19": (.typo, [1]), "000.10": (.holds, [0]), "000.11": (.holds, [0]),
        "000.12": (.misleading, [0]), "000.20": (.misleading, [1]), "000.13": (.holds, [0]), "000.21": (.typo, [1]),
        "000.14": (.holds, [0]), "000.15": (.holds, [0]), "000.16": (.misleading, [0]), "000.17": (.misleading, [0, 2]),
        "000.22": (.typo, nil), "000.23": (.typo, nil), "000.24": (.typo, nil), "000.25": (.typo, nil),
        "001.1/sigmoid": (.holds, [0]), "001.2/sigmoid": (.holds, [0]), "001.3/sigmoid": (.holds, [0]), "001.4/sigmoid": (.typo, [1]),
        "001.5/sigmoid": (.holds, [0, 1]), "001.6/sigmoid": (.typo, [1]), "001.7/sigmoid": (.misleading, [0]),
        "001.8/sigmoid": (.holds, [0]), "001.12/sigmoid": (.holds, [0]), "001.13/sigmoid": (.misleading, [1]),
        "001.14/sigmoid": (.misleading, [1]), "001.15/sigmoid": (.holds, [0]), "001.16/sigmoid": (.misleading, [0]),
        "001.17/sigmoid": (.typo, [1]), "001.18/sigmoid": (.holds, [0]), "001.19/sigmoid": (.convention, [1]),
        "001.20/sigmoid": (.misleading, [0]), "001.21/sigmoid": (.misleading, [0]), "001.22/sigmoid": (.misleading, [0]),
        "001.1/softmax": (.holds, [0]), "001.2/softmax": (.holds, [0]), "001.3/softmax": (.holds, [0]), "001.4/softmax": (.typo, [1]),
        "001.5/softmax": (.wrongAsPrinted, [1]), "001.6/softmax": (.wrongAsPrinted, [2]), "001.7/softmax": (.wrongAsPrinted, [2]),
        "001.8/softmax": (.holds, [0]), "001.9/softmax": (.typo, [1]), "001.10/softmax": (.misleading, [0]),
        "001.12/softmax": (.holds, [0]), "001.13/softmax": (.misleading, [1]), "001.14/softmax": (.misleading, [1]),
        "001.15/softmax": (.holds, [0]), "001.16/softmax": (.misleading, [0]), "001.17/softmax": (.typo, [1]),
        "001.18/softmax": (.holds, [0]), "001.19/softmax": (.convention, [1]), "001.20/softmax": (.misleading, [0]),
        "001.21/softmax": (.misleading, [0]), "001.22/softmax": (.misleading, [0]),
        "001.23": (.typo, nil), "001.24": (.typo, nil), "001.25": (.typo, nil), "001.26": (.convention, nil),
        "001.27": (.typo, nil), "001.28": (.typo, nil), "001.29": (.typo, nil), "001.30": (.typo, nil), "001.31": (.misleading, nil),
        "002-1.1": (.holds, [0]), "002-1.2": (.holds, [0]), "002-1.3": (.holds, [0]), "002-1.4": (.holds, [0]),
        "002-1.5": (.holds, [0]), "002-1.6": (.holds, [0]), "002-1.7": (.holds, [0]), "002-1.8": (.typo, [1]),
        "002-1.9": (.holds, [0]), "002-1.10": (.holds, [0]), "002-1.11": (.holds, [0]), "002-1.22": (.misleading, [1]),
        "002-1.12": (.holds, [0]), "002-1.13": (.holds, [0]), "002-1.14": (.holds, [0]), "002-1.15": (.holds, [0]),
        "002-1.16": (.holds, [0]), "002-1.23": (.convention, [0]), "002-1.17": (.holds, [0]), "002-1.18": (.holds, [0]),
        "002-1.21": (.typo, [1]), "002-1.19": (.convention, [0]), "002-1.20": (.holds, [0]),
        "002-1.24": (.typo, nil), "002-1.25": (.misleading, nil),
        "002-2.1": (.holds, [0]), "002-2.2": (.holds, [0]), "002-2.3": (.holds, [0]), "002-2.4": (.holds, [0]),
        "002-2.5": (.holds, [0]), "002-2.6": (.holds, [0]), "002-2.7": (.typo, [1]), "002-2.8": (.misleading, [0]),
        "002-2.9": (.holds, [0]), "002-2.21": (.misleading, [0]), "002-2.10": (.holds, [0]), "002-2.11": (.holds, [0]),
        "002-2.12": (.typo, [1]), "002-2.13": (.holds, [0]), "002-2.14": (.typo, [1]), "002-2.15": (.typo, [1]),
        "002-2.16": (.holds, [0]), "002-2.17": (.holds, [0]), "002-2.18": (.wrongAsPrinted, [1]), "002-2.19": (.wrongAsPrinted, [1]),
        "002-2.20": (.typo, [1]), "002-2.22": (.misleading, nil), "002-2.23": (.typo, nil), "002-2.24": (.typo, nil),
        "003.1": (.holds, [0]), "003.2": (.typo, [1]), "003.3": (.holds, [0]), "003.10": (.typo, [1]), "003.4": (.holds, [0]),
        "003.5": (.misleading, [0]), "003.6": (.misleading, [0]), "003.11": (.typo, [1]), "003.7": (.misleading, [0]),
        "003.8": (.typo, [1]), "003.9": (.holds, [0]), "003.12": (.typo, nil), "003.13": (.typo, nil), "003.14": (.typo, nil),
        "004.1": (.holds, [0]), "004.2": (.holds, [0]), "004.3": (.misleading, [0, 2]), "004.4": (.misleading, [0]),
        "004.5": (.misleading, [0]), "004.6": (.misleading, [0]), "004.7": (.misleading, [0]), "004.8": (.holds, [0]),
    ]

    /// The findings on the standard networks, computed once.
    static let checks = Derivation.check()
    static var findings: [Finding] { checks.flatMap(\.findings) }
    static var checkpoints: [Checkpoint] { checks.flatMap(\.checkpoints) }

    /// Compares findings with the pinned table; returns one message per disagreement.
    static func disagreements(_ findings: [Finding]) -> [String] {
        var messages: [String] = []
        if findings.count != pinned.count { messages.append("\(findings.count) findings, \(pinned.count) pinned: pin every finding") }
        for finding in findings {
            guard let expected = pinned[finding.id] else {
                messages.append("\(finding.id) is not pinned")
                continue
            }
            if finding.severity != expected.severity { messages.append("\(finding.id): \(finding.severity.rawValue), pinned \(expected.severity.rawValue)") }
            if case .checkpoint(let c) = finding, c.holdingReadings != expected.holding {
                messages.append("\(finding.id): readings \(c.holdingReadings) hold, pinned \(expected.holding ?? [])")
            }
            if case .uncomputable = finding, expected.holding != nil { messages.append("\(finding.id) is pinned as computable") }
        }
        return messages
    }

    func testEveryFinding_IsPinned() {
        XCTAssertEqual(Self.disagreements(Self.findings), [])
        XCTAssertEqual(Set(Self.findings.map(\.id)).count, Self.findings.count, "finding ids must be unique")
    }

    func testPlantedSeverity_IsCaughtByThePin() {
        // A checkpoint whose readings say "wrong" where the pin says "holds".
        var findings = Self.findings
        let i = findings.firstIndex { $0.id == "000.1" }!
        findings[i] = .checkpoint(Checkpoint(
            "000.1", .seed000, location: "", printed: "", source: "", comparedWith: "", aggregation: "",
            readings: [Reading(.asPrinted, "planted", .relativeError(0.3)), Reading(.correction, "true", .relativeError(1e-16))]))
        XCTAssertEqual(Self.disagreements(findings), ["000.1: wrong as printed, pinned holds", "000.1: readings [1] hold, pinned [0]"])
    }

    func testSummary_CountsEverySeverity() {
        let counts = Dictionary(grouping: Self.findings, by: \.severity).mapValues(\.count)
        for severity in Severity.allCases where severity != .unresolved {
            XCTAssertEqual(counts[severity], Self.pinned.values.filter { $0.severity == severity }.count, severity.rawValue)
        }
        XCTAssertEqual(counts[.wrongAsPrinted], 5)
        XCTAssertNil(counts[.unresolved], "the verifier failed on some checkpoint")
        XCTAssertEqual(Self.checks.flatMap(\.uncomputable).count, Self.pinned.values.filter { $0.holding == nil }.count)
    }

    /// The verdicts come from the formulas, not from one lucky network (more networks, of other
    /// sizes, in DerivationSurveyTests).
    func testVerdicts_AreTheSameOnOtherNetworks() {
        for seed in [UInt64(2), 7, 42] {
            XCTAssertEqual(Self.disagreements(Derivation.check(seed: seed).flatMap(\.findings)), [], "seed \(seed)")
        }
    }

    /// Holding readings land at rounding, failing ones far above the tolerance: the verdict is not a
    /// matter of where 1e-9 is put. The downstream effects too.
    func testMargins_AreWideOnBothSides() {
        let outcomes = Self.checkpoints.flatMap { c in
            c.readings.map(\.outcome) + c.downstream.flatMap(\.effects).flatMap { [$0.fedPrinted, $0.fedCorrected] }
        }
        let holding = outcomes.filter(\.holds).compactMap(\.relativeError)
        let failing = outcomes.filter { !$0.holds }.compactMap(\.relativeError)
        XCTAssertLessThan(holding.max()!, 1e-14)
        XCTAssertGreaterThan(failing.min()!, 1e-3)
    }

    // MARK: - Both output activations of [S001]

    func testSeed001_IsCheckedUnderBothOutputActivations() {
        let check = Self.checks.first { $0.document == .seed001 }!
        XCTAssertEqual(check.models.map(\.model), ["g = sigmoid", "g = softmax"])
        let sigmoid = Set(check.checkpoints(under: "g = sigmoid").map { $0.id.replacingOccurrences(of: "/sigmoid", with: "") })
        let softmax = Set(check.checkpoints(under: "g = softmax").map { $0.id.replacingOccurrences(of: "/softmax", with: "") })
        // Every equation under both, except the softmax's own definitions.
        XCTAssertEqual(softmax.subtracting(sigmoid), ["001.9", "001.10"])
        XCTAssertEqual(sigmoid.subtracting(softmax), [])
        XCTAssertTrue(check.checkpoints.allSatisfy { $0.model != nil && $0.id.hasSuffix("/" + $0.model!.replacingOccurrences(of: "g = ", with: "")) })
    }

    /// The error the softmax's diagonal g′ makes in δ_lk reaches every later equation that uses δ_lk,
    /// and the corrected δ_lk makes each of them hold.
    func testSoftmaxError_ReachesEveryLaterEquationThatUsesIt() {
        let outputError = Self.checkpoints.first { $0.id == "001.6/softmax" }!
        XCTAssertEqual(outputError.severity, .wrongAsPrinted)
        let effects = outputError.downstream.flatMap(\.effects)
        XCTAssertEqual(Set(effects.map(\.consumer)), ["001.7/softmax", "001.12/softmax", "001.13/softmax", "001.14/softmax",
                                                     "001.18/softmax", "001.20/softmax", "001.21/softmax", "001.22/softmax"])
        for effect in effects {
            XCTAssertGreaterThan(effect.fedPrinted.relativeError ?? 0, 1e-3, effect.consumer)
            XCTAssertTrue(effect.fedCorrected.holds, effect.consumer)
        }
        // Under the sigmoid the same equation is a typo, and the printed g′(y_lk) propagates too.
        let sigmoid = Self.checkpoints.first { $0.id == "001.6/sigmoid" }!
        XCTAssertEqual(sigmoid.severity, .typo)
        XCTAssertTrue(sigmoid.downstream.flatMap(\.effects).allSatisfy { !$0.fedPrinted.holds && $0.fedCorrected.holds })
    }

    // MARK: - Downstream lists

    /// What the downstream lists promise: every wrong or misleading checkpoint has one; every consumer
    /// is a checkpoint of the same document under the same model; fed the corrected quantity, every
    /// consumer holds. Returns one message per broken promise.
    static func downstreamProblems(_ checkpoints: [Checkpoint]) -> [String] {
        var problems: [String] = []
        let byID = Dictionary(uniqueKeysWithValues: checkpoints.map { ($0.id, $0) })
        for c in checkpoints {
            if (c.severity == .wrongAsPrinted || c.severity == .misleading) && c.downstream.isEmpty {
                problems.append("\(c.id) is \(c.severity.rawValue) and lists no downstream")
            }
            for list in c.downstream {
                if list.effects.isEmpty && (list.note ?? "").isEmpty { problems.append("\(c.id): an empty list says why") }
                for effect in list.effects {
                    guard let consumer = byID[effect.consumer] else {
                        problems.append("\(c.id): no checkpoint \(effect.consumer)")
                        continue
                    }
                    if consumer.document != c.document || consumer.model != c.model || consumer.id == c.id {
                        problems.append("\(c.id): \(effect.consumer) is not another checkpoint of the same document and model")
                    }
                    if !effect.fedCorrected.holds { problems.append("\(c.id) → \(effect.consumer): fails fed the corrected \(list.quantity)") }
                }
            }
        }
        return problems
    }

    func testEveryWrongOrMisleadingFinding_ListsWhatItFeeds() {
        XCTAssertEqual(Self.downstreamProblems(Self.checkpoints), [])
        // Wrong and misleading findings that feed later equations do list them.
        XCTAssertFalse(Self.checkpoints.first { $0.id == "001.5/softmax" }!.downstream[0].effects.isEmpty)
        XCTAssertFalse(Self.checkpoints.first { $0.id == "000.16" }!.downstream[0].effects.isEmpty)
    }

    func testPlantedDownstream_IsCaught() {
        var checkpoints = Self.checkpoints
        // A misleading finding that lists nothing, and a consumer that fails with the corrected quantity.
        let i = checkpoints.firstIndex { $0.id == "000.7" }!
        checkpoints[i].downstream = []
        let j = checkpoints.firstIndex { $0.id == "000.16" }!
        checkpoints[j].downstream = [Downstream("s[-1]", printed: "p", corrected: "c", effects: [
            DownstreamEffect("000.17", printed: .relativeError(0.5), corrected: .relativeError(0.2)),
            DownstreamEffect("003.9", printed: .relativeError(0.5), corrected: .relativeError(1e-16)),
        ])]
        XCTAssertEqual(Self.downstreamProblems(checkpoints), [
            "000.7 is misleading and lists no downstream",
            "000.16 → 000.17: fails fed the corrected s[-1]",
            "000.16: 003.9 is not another checkpoint of the same document and model",
        ])
    }

    // MARK: - Findings that cannot be computed

    func testUncomputableFindings_SayWhyAndWhat() {
        for finding in Self.checks.flatMap(\.uncomputable) {
            XCTAssertFalse(finding.whyNotComputable.isEmpty, finding.id)
            XCTAssertFalse(finding.explanation.isEmpty, finding.id)
            XCTAssertFalse(finding.printed.isEmpty, finding.id)
        }
        // Every finding that is not "holds" says what is wrong and how to fix it.
        for c in Self.checkpoints where c.severity != .holds {
            XCTAssertFalse((c.explanation ?? "").isEmpty, "\(c.id) needs an explanation")
        }
    }

    // MARK: - Sizes

    func testSizes_AvoidForcedCoincidences() {
        XCTAssertEqual(DerivationSizes.standard.violations, [])
        let drawn = (1...200).map { DerivationSizes.varied(seed: UInt64($0)) }
        for size in drawn { XCTAssertEqual(size.violations, [], size.description) }
        // And they vary.
        XCTAssertGreaterThanOrEqual(Set(drawn.map(\.wildml.vocabulary)).count, 4)
        XCTAssertGreaterThanOrEqual(Set(drawn.map(\.wildml.hidden)).count, 4)
        XCTAssertGreaterThanOrEqual(Set(drawn.map(\.indexWise.outputs)).count, 3)
    }

    func testPlantedForcedSize_IsRefused() {
        var sizes = DerivationSizes.standard
        sizes.indexWise.outputs = 2
        sizes.wildml.hidden = sizes.wildml.vocabulary
        XCTAssertEqual(sizes.violations, ["K ≠ H", "O ≥ 3"])
    }

    // MARK: - Planted wrong formulas

    /// A checkpoint whose "printed" formula is a planted mistake and whose correction is the right one.
    private func planted(_ mistake: ReadingOutcome, correct: ReadingOutcome) -> Checkpoint {
        Checkpoint("planted", .seed000, location: "test", printed: "planted", source: "planted", comparedWith: "test", aggregation: "test",
                   readings: [Reading(.asPrinted, "planted", mistake), Reading(.correction, "the true formula", formula: "true", correct)])
    }

    func testPlantedDroppedFactor_IsWrong() {
        // [S000]'s δ recursion without the (1 − s²) of tanh.
        let lab = WildmlLab(size: NetworkSize(vocabulary: 5, hidden: 3, steps: 4), seed: 3)
        let (t, k) = (3, 3)
        let deltaO = lab.trace.yHat[t] - lab.oneHotTarget(t)
        let reference = lab.dE(t, wrt: .preActivation, at: k)
        let right = lab.rnn.V.T.dot(deltaO) .* (1 - lab.trace.s[t] ** 2)
        let dropped = lab.rnn.V.T.dot(deltaO)
        let checkpoint = planted(compare(dropped, reference), correct: compare(right, reference))
        XCTAssertEqual(checkpoint.verdict, .wrong(correction: "true"))
        XCTAssertEqual(checkpoint.severity, .wrongAsPrinted)
    }

    func testPlantedTransposedMatrix_IsWrong() {
        // [S002]'s recursion with W_rec instead of W_recᵀ.
        let lab = DenominatorLab(size: NetworkSize(vocabulary: 5, hidden: 3, steps: 4), seed: 5)
        let (t, k) = (3, 1)
        let next = lab.dE(t, wrtS: k + 1)
        let reference = lab.dE(t, wrtS: k)
        let factor = 1 - lab.h[k] .* lab.h[k]
        let checkpoint = planted(
            compare(lab.parameters.WRec.dot(next) .* factor, reference),
            correct: compare(lab.parameters.WRec.T.dot(next) .* factor, reference))
        XCTAssertEqual(checkpoint.verdict.category, "wrong")
    }

    func testPlantedSwappedIndex_IsWrong() {
        // [S000]'s dLdU[:, x[bptt_step]] written with x[t]: the wrong column.
        let lab = WildmlLab(size: NetworkSize(vocabulary: 5, hidden: 3, steps: 4), seed: 9)
        let t = 3
        let k = (0..<t).first { lab.x[$0] != lab.x[t] }!
        let reference = lab.dE(t, wrt: .U, onlyAtStep: k)
        let delta = lab.dE(t, wrt: .preActivation, at: k)
        var swapped = Matrix<Double>.zeros(lab.H, lab.K)
        swapped[column: lab.x[t]] += delta
        var right = Matrix<Double>.zeros(lab.H, lab.K)
        right[column: lab.x[k]] += delta
        XCTAssertEqual(planted(compare(swapped, reference), correct: compare(right, reference)).verdict.category, "wrong")
        // And in the index-wise notation: s_h(t) instead of s_h(t−1) in Δu.
        let iw = IndexWiseLab(size: NetworkSize(hidden: 3, steps: 4, inputs: 2, outputs: 3), seed: 4)
        let l = 3
        let deltaJ = -iw.dC(l, wrt: .netJ, at: l)
        let uReference = iw.dC(l, wrt: .u, onlyAtStep: l).map { -$0 }
        XCTAssertEqual(planted(
            compare(outer(deltaJ, iw.trace.s[l]).storage, uReference),
            correct: compare(outer(deltaJ, iw.trace.s[l - 1]).storage, uReference)).verdict.category, "wrong")
    }

    func testPlantedSignFlip_IsWrong() {
        // [S001]'s δ is −∂C/∂net; reporting +∂C/∂net is a sign error.
        let lab = IndexWiseLab(size: NetworkSize(hidden: 2, steps: 3, inputs: 2, outputs: 3), seed: 2)
        let reference = -lab.dC(2, wrt: .netK, at: 2)
        XCTAssertEqual(planted(compare(-reference, reference), correct: compare(reference, reference)).verdict.category, "wrong")
    }

    func testPlantedDiagonalSoftmaxJacobian_IsWrongOnlyForTheSoftmax() {
        // δ_lk from the diagonal of ∂y/∂net: right for the sigmoid, whose Jacobian is diagonal; wrong
        // for the softmax. The reference is the complex-step −∂C/∂net_k(l) of each network.
        for (g, expected) in [(IndexWise.OutputActivation.sigmoid, "holds"), (.softmax, "wrong")] {
            let lab = IndexWiseLab(size: NetworkSize(hidden: 3, steps: 4, inputs: 2, outputs: 4), seed: 6, g: g)
            let l = 2
            let J = lab.jacobian(of: .y, at: l, wrt: .netK, at: l)
            let dCdy = lab.dC(nil, wrt: .y, at: l)
            let diagonal = Vector((0..<lab.O).map { -dCdy[$0] * J[$0, $0] })
            let reference = -lab.dC(nil, wrt: .netK, at: l)
            XCTAssertEqual(planted(compare(diagonal, reference), correct: compare(-J.T.dot(dCdy), reference)).verdict.category, expected, g.rawValue)
        }
    }

    // MARK: - The verdict and severity logic

    func testVerdict_FollowsWhichReadingsHold() {
        let good = ReadingOutcome.relativeError(1e-16), bad = ReadingOutcome.relativeError(0.3)
        func verdict(_ readings: [Reading]) -> DerivationVerdict {
            Checkpoint("x", .seed000, location: "", printed: "", source: "", comparedWith: "", aggregation: "", readings: readings).verdict
        }
        XCTAssertEqual(verdict([Reading(.asPrinted, "p", good)]), .holds)
        XCTAssertEqual(verdict([Reading(.reading, "a", good), Reading(.reading, "b", good)]), .holds)
        XCTAssertEqual(verdict([Reading(.reading, "a", bad), Reading(.reading, "b", good)]), .holdsUnderReading(["b"]))
        XCTAssertEqual(verdict([Reading(.asPrinted, "p", bad), Reading(.reading, "b", good)]), .holdsUnderReading(["b"]))
        XCTAssertEqual(verdict([Reading(.asPrinted, "p", bad), Reading(.typoFix, "f", formula: "F", good)]), .typo(fix: "F"))
        XCTAssertEqual(verdict([Reading(.asPrinted, "p", bad), Reading(.correction, "c", formula: "C", good)]), .wrong(correction: "C"))
        XCTAssertEqual(verdict([Reading(.asPrinted, "p", bad), Reading(.correction, "c", formula: "C", bad)]), .unresolved)
        // NaN and "not comparable" never hold.
        XCTAssertEqual(verdict([Reading(.asPrinted, "p", .relativeError(.nan))]), .unresolved)
        XCTAssertEqual(verdict([Reading(.asPrinted, "p", .notComparable("shapes"))]), .unresolved)
    }

    func testSeverity_FollowsTheVerdict() {
        let good = ReadingOutcome.relativeError(1e-16), bad = ReadingOutcome.relativeError(0.3)
        func severity(_ readings: [Reading], _ ifReadingNeeded: Severity = .misleading) -> Severity {
            Checkpoint("x", .seed000, location: "", printed: "", source: "", comparedWith: "", aggregation: "",
                       ifReadingNeeded: ifReadingNeeded, readings: readings).severity
        }
        XCTAssertEqual(severity([Reading(.asPrinted, "p", good)]), .holds)
        XCTAssertEqual(severity([Reading(.reading, "a", bad), Reading(.reading, "b", good)]), .misleading)
        XCTAssertEqual(severity([Reading(.reading, "a", bad), Reading(.reading, "b", good)], .convention), .convention)
        XCTAssertEqual(severity([Reading(.asPrinted, "p", bad), Reading(.typoFix, "f", good)]), .typo)
        XCTAssertEqual(severity([Reading(.asPrinted, "p", bad), Reading(.correction, "c", good)]), .wrongAsPrinted)
        XCTAssertEqual(severity([Reading(.asPrinted, "p", bad)]), .unresolved)
        // A convention never excuses a formula that holds as printed or one that is wrong.
        XCTAssertEqual(severity([Reading(.asPrinted, "p", good)], .convention), .holds)
        XCTAssertEqual(severity([Reading(.asPrinted, "p", bad), Reading(.correction, "c", good)], .convention), .wrongAsPrinted)
    }

    func testCompare_RefusesDifferentShapes() {
        XCTAssertEqual(compare(Matrix<Double>.zeros(2, 3), Matrix<Double>.zeros(3, 2)), .notComparable("a 2×3 matrix against a 3×2 one"))
        XCTAssertEqual(compare([1, 2], [1, 2, 3]), .notComparable("2 entries against 3"))
        XCTAssertEqual(compare([0, 0], [0, 0]), .relativeError(0))
    }
}
