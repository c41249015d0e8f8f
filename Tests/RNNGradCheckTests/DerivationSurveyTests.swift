import XCTest

@testable import RNNGradCheck

/// Every finding on 30 random networks, the first of standard sizes and the others drawn within
/// `DerivationSizes.rules`: what notes/errata.md reports. Computed once for the test process.
let surveyOfThirty = Survey.run(networks: 30)

/// The verdicts and their separation as properties of many networks, not of one.
final class DerivationSurveyTests: XCTestCase {
    /// Where the figures of a survey break the promises `derive` makes: a verdict that changes with the
    /// network, something that holds above `holdingBound`, something that fails below `failingBound`, a
    /// downstream consumer that fails when fed the corrected quantity.
    static func brokenPromises(_ survey: Survey, holdingBound: Double = 1e-14, failingBound: Double = 1e-4) -> [String] {
        var broken = survey.unstable
        if survey.largestHolding >= holdingBound { broken.append("something holds at \(survey.largestHolding), not below \(holdingBound)") }
        if survey.smallestFailing <= failingBound { broken.append("something fails at \(survey.smallestFailing), not above \(failingBound)") }
        for (id, lists) in survey.downstream {
            for effect in lists.flatMap({ $0 }) where effect.corrected.measured != effect.corrected.networks || effect.corrected.max > Derivation.tolerance {
                broken.append("\(id) → \(effect.consumer) fails fed the corrected quantity on some network")
            }
        }
        return broken.sorted()
    }

    func testVerdicts_AreTheSameOnThirtyNetworksOfVariedSizes() {
        let survey = surveyOfThirty
        XCTAssertEqual(survey.networks, 30)
        XCTAssertEqual(survey.unstable, [])
        XCTAssertEqual(survey.sizes[0], .standard)
        XCTAssertGreaterThanOrEqual(Set(survey.sizes.map(\.wildml.steps)).count, 3, "the lengths vary")
        XCTAssertGreaterThanOrEqual(Set(survey.sizes.map(\.indexWise.outputs)).count, 2, "the output counts vary")
        for size in survey.sizes { XCTAssertEqual(size.violations, [], size.description) }
        // Every reading of every checkpoint was evaluated on every network.
        for (id, ranges) in survey.readings {
            for range in ranges { XCTAssertEqual(range.networks, 30, id) }
        }
        // The first network is the standard report's, finding for finding.
        XCTAssertEqual(DerivationTests.disagreements(survey.documents.flatMap(\.findings)), [])
    }

    /// Readings that hold land at rounding on every network; readings that fail are orders of
    /// magnitude above the tolerance on every network; the corrected quantities make every downstream
    /// consumer hold.
    func testSeparation_HoldsOnEveryNetwork() {
        XCTAssertEqual(Self.brokenPromises(surveyOfThirty), [])
        XCTAssertGreaterThan(surveyOfThirty.smallestFailing / surveyOfThirty.largestHolding, 1e9)
    }

    func testPlantedBrokenPromises_AreCaught() {
        let survey = Survey.run([.seed000], seed: 1, networks: 2)
        XCTAssertEqual(Self.brokenPromises(survey), [])
        // Bounds that the real figures cannot meet stand for a reading that holds too loosely and one
        // that fails too narrowly.
        XCTAssertEqual(Self.brokenPromises(survey, holdingBound: 1e-20, failingBound: 10).count, 2)
    }

    /// A figure that differs between networks is a range, not one network's number.
    func testRanges_SpanTheNetworks() {
        let wrong = surveyOfThirty.readings["002-2.18"]![0]
        XCTAssertEqual(wrong.measured, 30)
        XCTAssertLessThan(wrong.min, wrong.max)
        XCTAssertGreaterThan(wrong.min, 0.1)
        // The standard network's figure is inside its range.
        let first = surveyOfThirty.documents.flatMap(\.checkpoints).first { $0.id == "002-2.18" }!.readings[0].relativeError!
        XCTAssertTrue(wrong.min <= first && first <= wrong.max)
    }

    func testOutcomeRange_CountsNumbersAndRefusals() {
        var range = OutcomeRange()
        range.add(.relativeError(0.5))
        range.add(.notComparable("shapes"))
        range.add(.relativeError(0.2))
        range.add(.relativeError(.nan))
        XCTAssertEqual(range.measured, 3)
        XCTAssertEqual(range.notComparable, 1)
        XCTAssertEqual(range.reason, "shapes")
        XCTAssertEqual(range.min, 0.2)
        XCTAssertEqual(range.max, .infinity, "a NaN is the worst figure, never a small one")
    }
}
