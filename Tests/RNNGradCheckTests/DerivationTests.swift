import XCTest

@testable import RNNGradCheck

/// The derivation verifier: every checkpoint's verdict pinned, its stability across networks, and
/// planted wrong formulas that turn a "holds" into a "wrong".
final class DerivationTests: XCTestCase {
    /// Every checkpoint: its verdict and which of its readings hold (by position). Each entry is the
    /// conclusion of the analysis written up in notes/errata.md: a typo where only the repaired formula
    /// holds, a wrong formula where only the correction does, and for ambiguous formulas the reading
    /// that makes them true.
    static let pinned: [String: (category: String, holding: [Int])] = [
        "000.1": ("holds", [0]), "000.2": ("holds", [0]), "000.3": ("holds", [0]), "000.4": ("holds", [0]),
        "000.5": ("holds", [0]), "000.6": ("holds under a reading", [0]), "000.7": ("holds under a reading", [0]),
        "000.8": ("holds under a reading", [0]), "000.9": ("holds", [0]), "000.10": ("holds", [0]),
        "000.11": ("holds", [0]), "000.12": ("holds under a reading", [0]), "000.13": ("holds", [0]),
        "000.14": ("holds", [0]), "000.15": ("holds", [0]), "000.16": ("holds under a reading", [0]),
        "000.17": ("holds under a reading", [0, 2]),
        "001.1": ("holds", [0]), "001.2": ("holds", [0]), "001.3": ("holds", [0]), "001.4": ("typo", [1]),
        "001.5": ("holds", [0]), "001.6": ("typo", [1]), "001.7": ("holds under a reading", [0]),
        "001.8": ("holds", [0]), "001.9": ("holds", [0]), "001.10": ("holds under a reading", [0]),
        "001.11": ("wrong", [1]), "001.12": ("holds", [0]), "001.13": ("holds under a reading", [1]),
        "001.14": ("holds under a reading", [1]), "001.15": ("holds", [0]), "001.16": ("holds under a reading", [0]),
        "001.17": ("typo", [1]), "001.18": ("holds", [0]), "001.19": ("holds under a reading", [1]),
        "001.20": ("holds under a reading", [0]), "001.21": ("holds under a reading", [0]), "001.22": ("holds", [0]),
        "002-1.1": ("holds", [0]), "002-1.2": ("holds", [0]), "002-1.3": ("holds", [0]), "002-1.4": ("holds", [0]),
        "002-1.5": ("holds", [0]), "002-1.6": ("holds", [0]), "002-1.7": ("holds", [0]), "002-1.8": ("typo", [1]),
        "002-1.9": ("holds", [0]), "002-1.10": ("holds", [0]), "002-1.11": ("holds", [0]), "002-1.12": ("holds", [0]),
        "002-1.13": ("holds", [0]), "002-1.14": ("holds", [0]), "002-1.15": ("holds", [0]), "002-1.16": ("holds", [0]),
        "002-1.17": ("holds", [0]), "002-1.18": ("holds", [0]), "002-1.19": ("holds under a reading", [0]),
        "002-1.20": ("holds", [0]),
        "002-2.1": ("holds", [0]), "002-2.2": ("holds", [0]), "002-2.3": ("holds", [0]), "002-2.4": ("holds", [0]),
        "002-2.5": ("holds", [0]), "002-2.6": ("holds", [0]), "002-2.7": ("typo", [1]),
        "002-2.8": ("holds under a reading", [0]), "002-2.9": ("holds", [0]), "002-2.10": ("holds", [0]),
        "002-2.11": ("holds", [0]), "002-2.12": ("typo", [1]), "002-2.13": ("holds", [0]), "002-2.14": ("typo", [1]),
        "002-2.15": ("typo", [1]), "002-2.16": ("holds", [0]), "002-2.17": ("holds", [0]), "002-2.18": ("wrong", [1]),
        "002-2.19": ("wrong", [1]), "002-2.20": ("typo", [1]),
        "003.1": ("holds", [0]), "003.2": ("typo", [1]), "003.3": ("holds", [0]), "003.4": ("holds", [0]),
        "003.5": ("holds under a reading", [0]), "003.6": ("holds under a reading", [0]),
        "003.7": ("holds under a reading", [0]), "003.8": ("typo", [1]), "003.9": ("holds", [0]),
        "004.1": ("holds", [0]), "004.2": ("holds", [0]), "004.3": ("holds under a reading", [0, 2]),
        "004.4": ("holds under a reading", [0]), "004.5": ("holds under a reading", [0]),
        "004.6": ("holds under a reading", [0]), "004.7": ("holds under a reading", [0]), "004.8": ("holds", [0]),
    ]

    func testEveryCheckpointVerdict_IsPinned() {
        let checkpoints = Derivation.check().flatMap(\.checkpoints)
        XCTAssertEqual(checkpoints.count, Self.pinned.count, "a checkpoint was added or removed: pin its verdict")
        XCTAssertEqual(Set(checkpoints.map(\.id)).count, checkpoints.count, "checkpoint ids must be unique")
        for checkpoint in checkpoints {
            guard let expected = Self.pinned[checkpoint.id] else {
                XCTFail("\(checkpoint.id) is not pinned")
                continue
            }
            XCTAssertEqual(checkpoint.verdict.category, expected.category, checkpoint.id)
            XCTAssertEqual(checkpoint.readings.indices.filter { checkpoint.readings[$0].holds }, expected.holding, checkpoint.id)
        }
    }

    func testSummary_CountsEveryCategory() {
        let checkpoints = Derivation.check().flatMap(\.checkpoints)
        let counts = Dictionary(grouping: checkpoints, by: \.verdict.category).mapValues(\.count)
        XCTAssertEqual(counts["holds"], Self.pinned.values.filter { $0.category == "holds" }.count)
        XCTAssertEqual(counts["wrong"], 3)
        XCTAssertNil(counts["unresolved"], "the verifier failed on some checkpoint")
    }

    /// The verdicts come from the formulas, not from one lucky network.
    func testVerdicts_AreTheSameOnOtherNetworks() {
        for seed in [UInt64(2), 7, 42] {
            for checkpoint in Derivation.check(seed: seed).flatMap(\.checkpoints) {
                let expected = Self.pinned[checkpoint.id]!
                XCTAssertEqual(checkpoint.verdict.category, expected.category, "\(checkpoint.id), seed \(seed)")
                XCTAssertEqual(checkpoint.readings.indices.filter { checkpoint.readings[$0].holds }, expected.holding, "\(checkpoint.id), seed \(seed)")
            }
        }
    }

    /// Holding readings land at rounding, failing ones far above the tolerance: the verdict is not a
    /// matter of where 1e-9 is put.
    func testMargins_AreWideOnBothSides() {
        let readings = Derivation.check().flatMap(\.checkpoints).flatMap(\.readings)
        let holding = readings.filter(\.holds).compactMap(\.relativeError)
        let failing = readings.filter { !$0.holds }.compactMap(\.relativeError)
        XCTAssertLessThan(holding.max()!, 1e-14)
        XCTAssertGreaterThan(failing.min()!, 1e-3)
    }

    // MARK: - Planted wrong formulas

    /// A checkpoint whose "printed" formula is a planted mistake and whose correction is the right one.
    private func planted(_ mistake: ReadingOutcome, correct: ReadingOutcome) -> Checkpoint {
        Checkpoint("planted", .seed000, location: "test", printed: "planted", source: "planted", comparedWith: "test",
                   readings: [Reading(.asPrinted, "planted", mistake), Reading(.correction, "the true formula", formula: "true", correct)])
    }

    func testPlantedDroppedFactor_IsWrong() {
        // Seed 000's δ recursion without the (1 − s²) of tanh.
        let lab = WildmlLab(size: NetworkSize(vocabulary: 5, hidden: 3, steps: 4), seed: 3)
        let (t, k) = (3, 3)
        let deltaO = lab.trace.yHat[t] - lab.oneHotTarget(t)
        let reference = lab.dE(t, wrt: .preActivation, at: k)
        let right = lab.rnn.V.T.dot(deltaO) .* (1 - lab.trace.s[t] ** 2)
        let dropped = lab.rnn.V.T.dot(deltaO)
        let checkpoint = planted(compare(dropped, reference), correct: compare(right, reference))
        XCTAssertEqual(checkpoint.verdict, .wrong(correction: "true"))
    }

    func testPlantedTransposedMatrix_IsWrong() {
        // Seed 002's recursion with W_rec instead of W_recᵀ.
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
        // Seed 000's dLdU[:, x[bptt_step]] written with x[t]: the wrong column.
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
        let iw = IndexWiseLab(size: NetworkSize(hidden: 3, steps: 4, inputs: 2, outputs: 2), seed: 4)
        let l = 3
        let deltaJ = -iw.dC(l, wrt: .netJ, at: l)
        let uReference = iw.dC(l, wrt: .u, onlyAtStep: l).map { -$0 }
        XCTAssertEqual(planted(
            compare(outer(deltaJ, iw.trace.s[l]).storage, uReference),
            correct: compare(outer(deltaJ, iw.trace.s[l - 1]).storage, uReference)).verdict.category, "wrong")
    }

    func testPlantedSignFlip_IsWrong() {
        // Seed 001's δ is −∂C/∂net; reporting +∂C/∂net is a sign error.
        let lab = IndexWiseLab(size: NetworkSize(hidden: 2, steps: 3, inputs: 2, outputs: 2), seed: 2)
        let reference = -lab.dC(2, wrt: .netK, at: 2)
        XCTAssertEqual(planted(compare(-reference, reference), correct: compare(reference, reference)).verdict.category, "wrong")
    }

    // MARK: - The verdict logic

    func testVerdict_FollowsWhichReadingsHold() {
        let good = ReadingOutcome.relativeError(1e-16), bad = ReadingOutcome.relativeError(0.3)
        func verdict(_ readings: [Reading]) -> DerivationVerdict {
            Checkpoint("x", .seed000, location: "", printed: "", source: "", comparedWith: "", readings: readings).verdict
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

    func testCompare_RefusesDifferentShapes() {
        XCTAssertEqual(compare(Matrix<Double>.zeros(2, 3), Matrix<Double>.zeros(3, 2)), .notComparable("a 2×3 matrix against a 3×2 one"))
        XCTAssertEqual(compare([1, 2], [1, 2, 3]), .notComparable("2 entries against 3"))
        XCTAssertEqual(compare([0, 0], [0, 0]), .relativeError(0))
    }
}
