import Foundation
import RNNGradCheck
import XCTest

@testable import RNNGradCheckKit

/// The checker never calls a correct gradient wrong: 2,000 random networks per notation, small and
/// saturated (weights ×0.1 to ×5), with and without truncation, under every method. `rnn-gradcheck
/// stress` runs the longer sweep (notes/gradient-checking.md quotes it).
final class FalseAlarmTests: XCTestCase {
    func testTwoThousandRandomNetworksPerNotation_GiveNoFalseAlarm() {
        let sweep = FalseAlarmSweep.run(.init(networksPerNotation: 2_000, seed: 20_261_202, largestSize: 3, longestSequence: 5))
        XCTAssertEqual(sweep.tallies.count, NotationRegistry.all.count)
        for tally in sweep.tallies {
            XCTAssertEqual(tally.networks, 2_000, tally.notation)
            XCTAssertEqual(tally.falseAlarms, 0, "\(tally.notation): \(tally.examples)")
            XCTAssertEqual(tally.passed + tally.unresolved, 2_000, tally.notation)
            for method in DifferenceScheme.allCases { XCTAssertGreaterThan(tally.byMethod[method.rawValue, default: 0], 600, tally.notation) }
            if NotationRegistry.named(tally.notation)?.truncationName != nil { XCTAssertGreaterThan(tally.truncated, 500, tally.notation) }
        }
    }

    /// Planted: the same sweep with one entry of every gradient off by 1e-3·max(1, |entry|) finds the
    /// alarms: the sweep can fail.
    func testTheSweep_FindsAlarmsWhenTheGradientIsWrong() {
        let sweep = FalseAlarmSweep.run(.init(networksPerNotation: 60, seed: 3, largestSize: 3, longestSequence: 5)) { problem in
            var blocks = problem.gradientBlocks(truncation: problem.truncation).map(\.values)
            let (block, entry) = blocks.enumerated().flatMap { b, values in values.indices.map { (b, $0) } }.max { abs(blocks[$0.0][$0.1]) < abs(blocks[$1.0][$1.1]) }!
            blocks[block][entry] += 1e-3 * max(1, abs(blocks[block][entry]))
            return blocks
        }
        for tally in sweep.tallies { XCTAssertEqual(tally.falseAlarms, 60, tally.notation) }
        XCTAssertFalse(sweep.passed)
    }
}
