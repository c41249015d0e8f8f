import Foundation
import RNNGradCheck
import XCTest

@testable import RNNGradCheckCLI
@testable import RNNGradCheckKit

/// `check --entries n`: what the report says it checked, its JSON, a bug caught in fast mode, and the
/// options it refuses.
final class FastModeCommandTests: XCTestCase {
    private let network = ["--notation", "wildml", "--vocabulary", "40", "--hidden", "12", "--steps", "6"]

    func testFastMode_SaysHowMuchItChecked() {
        let result = rnnGradcheck(["check"] + network + ["--entries", "4"])
        XCTAssertEqual(result.status, .success, result.out + result.err)
        XCTAssert(result.out.contains("fast mode: 4 random entries per block (seed 1) and one random direction through all 1,104 entries"), result.out)
        XCTAssert(result.out.contains("(agrees)"), result.out)
        XCTAssert(result.out.contains("checked 12 of 1,104 entries one by one, the rest along the direction"), result.out)
        XCTAssertEqual(result.err, "")
    }

    func testFastModeJSON_CountsTheEntriesCheckedAndHoldsNothingElse() throws {
        let result = rnnGradcheck(["check"] + network + ["--entries", "4", "--sample-seed", "9", "--json"])
        XCTAssertEqual(result.status, .success)
        let document = try XCTUnwrap(try JSONSerialization.jsonObject(with: Data(result.out.utf8)) as? [String: Any])
        let cases = try XCTUnwrap(document["cases"] as? [[String: Any]])
        let sampling = try XCTUnwrap(cases[0]["sampling"] as? [String: Any])
        XCTAssertEqual(sampling["entries_per_block"] as? Int, 4)
        XCTAssertEqual(sampling["seed"] as? Int, 9)
        XCTAssertEqual(sampling["entries_checked"] as? Int, 12)
        XCTAssertEqual(sampling["entries_total"] as? Int, 1104)
        XCTAssertEqual(sampling["exhaustive_blocks"] as? [String], [])
        XCTAssertEqual((sampling["direction"] as? [String: Any])?["agrees"] as? Bool, true)
        let blocks = try XCTUnwrap(cases[0]["blocks"] as? [[String: Any]])
        XCTAssertEqual(blocks.map { $0["entries_checked"] as? Int }, [4, 4, 4])
        XCTAssertEqual(result.err, "")
    }

    func testFastMode_CatchesABugAndChecksItsBlocksEntryByEntry() throws {
        let result = rnnGradcheck(["check", "--bug", "wildml/missing-tanh-derivative", "--entries", "2", "--json"])
        XCTAssertEqual(result.status, .checkFailed)
        let document = try XCTUnwrap(try JSONSerialization.jsonObject(with: Data(result.out.utf8)) as? [String: Any])
        let sampling = try XCTUnwrap((document["cases"] as? [[String: Any]])?[0]["sampling"] as? [String: Any])
        let exhaustive = try XCTUnwrap(sampling["exhaustive_blocks"] as? [String])
        XCTAssert(exhaustive.contains("W"), "\(exhaustive)")
        let text = rnnGradcheck(["check", "--bug", "wildml/missing-tanh-derivative", "--entries", "2"]).out
        XCTAssert(text.contains("W: its sampled entries differ"), text)
        XCTAssert(text.contains("every entry checked"), text)
    }

    func testFastModeOptions_AreRefusedWithTheReason() {
        let cases: [([String], String)] = [
            (["--entries", "0"], "the value '0' is invalid for '--entries <all|n>': expected all or an integer ≥ 1"),
            (["--entries", "many"], "the value 'many' is invalid for '--entries <all|n>'"),
            (["--sample-seed", "3"], "'--sample-seed' chooses random entries: it needs '--entries <n>'"),
            (["--entries", "3", "--truncate", "2"], "--entries samples a check of full BPTT, but the wildml case is truncated (τ = 2)"),
        ]
        for (options, message) in cases {
            let result = rnnGradcheck(["check", "--notation", "wildml"] + options)
            XCTAssertEqual(result.status, .usage, "\(options)")
            XCTAssert(result.err.contains(message), "\(options): \(result.err)")
            XCTAssertEqual(result.out, "")
        }
        // 'all' is every entry, as without the option.
        XCTAssertFalse(rnnGradcheck(["check", "--notation", "wildml", "--entries", "all"]).out.contains("fast mode"))
    }
}

/// The cost of a check, estimated before any heavy work: a run over the budget is refused with the
/// estimate and the ways out; a run within it goes ahead.
final class CheckBudgetTests: XCTestCase {
    func testARunOfDays_IsRefusedAtOnceWithTheEstimateAndTheWaysOut() {
        let start = Date()
        let result = rnnGradcheck(["check", "--notation", "wildml", "--hidden", "1000", "--vocabulary", "10000", "--steps", "10000"])
        XCTAssertEqual(result.status, .usage)
        XCTAssert(result.err.contains("this check would take about "), result.err)
        XCTAssert(result.err.contains("days on "), result.err)
        XCTAssert(result.err.contains("(21,000,000 entries differentiated one by one): over the budget of 15 min"), result.err)
        XCTAssert(result.err.contains("check a sample with --entries 100"), result.err)
        XCTAssert(result.err.contains("give --budget <seconds> or --budget unlimited to run it anyway"), result.err)
        XCTAssertEqual(result.out, "")
        XCTAssertLessThan(Date().timeIntervalSince(start), 60, "the refusal comes before the work")
    }

    func testTheBudget_IsTheUsersToSet() {
        let tight = rnnGradcheck(["check", "--notation", "wildml", "--budget", "1e-9"])
        XCTAssertEqual(tight.status, .usage)
        XCTAssert(tight.err.contains("over the budget of under a second"), tight.err)
        XCTAssert(rnnGradcheck(["check", "--notation", "wildml", "--budget", "1e-9", "--budget", "unlimited"]).err.contains("is given more than once"))
        XCTAssertEqual(rnnGradcheck(["check", "--notation", "wildml", "--budget", "unlimited"]).status, .success)
        XCTAssertEqual(rnnGradcheck(["check", "--notation", "wildml"]).status, .success, "the default budget lets the classroom network through")
        let bad = rnnGradcheck(["check", "--budget", "soon"])
        XCTAssertEqual(bad.status, .usage)
        XCTAssert(bad.err.contains("the value 'soon' is invalid for '--budget <seconds|unlimited>'"), bad.err)
    }

    func testTheEstimate_GrowsWithTheWorkAndShrinksWithASample() {
        let wildml = NotationRegistry.named("wildml")!
        let small = CheckCost.of([.random(wildml, sizes: [:], seed: 1)], settings: CheckSettings())
        let large = CheckCost.of([.random(wildml, sizes: ["K": 400, "H": 40, "T": 30], seed: 1)], settings: CheckSettings())
        let sampled = CheckCost.of([.random(wildml, sizes: ["K": 400, "H": 40, "T": 30], seed: 1)], settings: CheckSettings(), sampling: EntrySampling(perBlock: 10, seed: 1))
        XCTAssertGreaterThan(large.seconds, 100 * small.seconds)
        XCTAssertLessThan(sampled.seconds, large.seconds / 10)
        XCTAssertEqual(large.entries, 400 * 40 * 2 + 40 * 40)
        XCTAssertEqual(sampled.entries, 30)
        XCTAssertGreaterThanOrEqual(large.worstCaseSeconds, large.seconds)
        XCTAssertEqual(CheckCost.duration(0.5), "under a second")
        XCTAssertEqual(CheckCost.duration(42), "about 42 s")
        XCTAssertEqual(CheckCost.duration(3 * 3600), "about 3.0 h")
        XCTAssertEqual(CheckCost.duration(5 * 86400), "about 5.0 days")
    }
}
