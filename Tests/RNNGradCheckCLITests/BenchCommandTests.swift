import Foundation
import RNNGradCheck
import XCTest

@testable import RNNGradCheckCLI
@testable import RNNGradCheckKit

/// `bench`: the peers' output read for the ratio table, its errors, and the options that exclude each
/// other. (Times are measured, never asserted.)
final class BenchCommandTests: XCTestCase {
    /// run_all.sh's lines, with and without a log prefix, comments and blank lines between them.
    func testPeerLines_AreReadWhateverPrecedesThem() throws {
        let text = """
            # python=3.11.7 threads=1
            workload=grad-small impl=numpy_fast median_s=6.1622e-05 runs=101 min_s=6e-05
            peers_t1_2: workload=grad-small impl=numpy_fast median_s=6.2041e-05 runs=101

            workload=check-small impl=jax_fd_vmap median_s=0.0123647 runs=21 max_rel_U=3.5e-07
            """
        let lines = try PeerComparison.lines(in: text, file: "peers.txt")
        XCTAssertEqual(lines, [
            PeerComparison.Line(workload: "grad-small", implementation: "numpy_fast", median: 6.1622e-05),
            PeerComparison.Line(workload: "grad-small", implementation: "numpy_fast", median: 6.2041e-05),
            PeerComparison.Line(workload: "check-small", implementation: "jax_fd_vmap", median: 0.0123647),
        ])
    }

    /// Each side's median over its runs, the ratio peer ÷ ours, rows in the workloads' order, only
    /// where both sides measured.
    func testRatioTable_DividesThePeersMediansByOurs() {
        let ours = [
            PeerComparison.Line(workload: "check-small", implementation: "swift_check", median: 2e-3),
            PeerComparison.Line(workload: "grad-small", implementation: "swift_sweep", median: 4e-6),
            PeerComparison.Line(workload: "grad-small", implementation: "swift_sweep", median: 6e-6),
            PeerComparison.Line(workload: "grad-small", implementation: "swift_sweep", median: 5e-6),
            PeerComparison.Line(workload: "grad-small", implementation: "swift_literal", median: 1),
            PeerComparison.Line(workload: "grad-long", implementation: "swift_sweep", median: 1e-3),
        ]
        let peers = [
            PeerComparison.Line(workload: "grad-small", implementation: "jax_grad_jit", median: 1e-4),
            PeerComparison.Line(workload: "grad-small", implementation: "jax_grad_jit", median: 9e-5),
            PeerComparison.Line(workload: "grad-small", implementation: "jax_grad_jit", median: 3e-4),
            PeerComparison.Line(workload: "check-small", implementation: "jax_fd_vmap", median: 1.2e-2),
        ]
        let table = PeerComparison.table(ours: ours, peers: peers)
        XCTAssertEqual(table.map(\.workload), ["grad-small", "check-small"])
        XCTAssertEqual(table[0].implementation, "swift_sweep")
        XCTAssertEqual(table[0].ours, PeerComparison.Summary(median: 5e-6, low: 4e-6, high: 6e-6, runs: 3))
        XCTAssertEqual(table[0].ratios[0].ratio, 1e-4 / 5e-6, accuracy: 1e-9)
        XCTAssertEqual(table[1].ratios[0].ratio, 6, accuracy: 1e-9)
    }

    func testCompare_NamesTheLineWithoutAMedian() throws {
        let path = try temporaryFile("workload=grad-small impl=numpy_fast median_s=6e-05\nworkload=grad-large impl=jax_grad_jit runs=3\n", name: "peers.txt", testCase: self)
        let run = rnnGradcheck(["bench", "--compare", path])
        XCTAssertEqual(run.status, .dataError)
        XCTAssert(run.err.contains("peers.txt, line 2: expected 'median_s=<seconds>' after 'workload=grad-large impl=jax_grad_jit', found none"), run.err)
    }

    func testCompare_RefusesAFileWithoutMeasurements() throws {
        let path = try temporaryFile("# jax not installed\n", name: "peers.txt", testCase: self)
        let run = rnnGradcheck(["bench", "--compare", path])
        XCTAssertEqual(run.status, .dataError)
        XCTAssert(run.err.contains("no 'workload=… impl=… median_s=…' lines"), run.err)
        XCTAssertEqual(rnnGradcheck(["bench", "--compare", "/nonexistent/peers.txt"]).status, .noInput)
    }

    func testOptionsThatExcludeEachOther_AreUsageErrors() {
        XCTAssertEqual(rnnGradcheck(["bench", "--calibrate", "--workload", "grad-small"]).status, .usage)
        XCTAssertEqual(rnnGradcheck(["bench", "--compare", "x", "--workload", "grad-small"]).status, .usage)
        let run = rnnGradcheck(["bench", "--kernels", "sse9"])
        XCTAssertEqual(run.status, .usage)
        XCTAssert(run.err.contains("'--kernels <level>'"), run.err)
        XCTAssertEqual(rnnGradcheck(["bench", "--threads", "0"]).status, .usage)
    }

    /// `check --threads` is validated, and the report is the same for one thread and two.
    func testCheckThreads_GiveTheSameReport() {
        XCTAssertEqual(rnnGradcheck(["check", "--threads", "0"]).status, .usage)
        let one = rnnGradcheck(["check", "--notation", "wildml", "--vocabulary", "30", "--hidden", "6", "--steps", "8", "--threads", "1", "--json"])
        let two = rnnGradcheck(["check", "--notation", "wildml", "--vocabulary", "30", "--hidden", "6", "--steps", "8", "--threads", "2", "--json"])
        XCTAssertEqual(one.status, .success)
        XCTAssertEqual(one.out, two.out)
    }
}
