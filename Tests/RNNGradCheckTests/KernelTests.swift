import XCTest

@testable import RNNGradCheck

/// The kernels at every vector level this processor has (the portable Swift loops, AVX2, AVX-512):
/// the checker's kernels give the plain computation's bits, the gradient's kernels its value to
/// rounding.
final class KernelTests: XCTestCase {
    private var levels: [KernelLevel] { KernelLevel.allCases.filter { $0.rawValue <= KernelLevel.supported.rawValue } }

    /// Runs `body` at every level, restoring the level in use afterwards.
    private func atEveryLevel(_ body: (KernelLevel) -> Void) {
        let original = KernelLevel.current
        defer { KernelLevel.use(original) }
        for level in levels {
            XCTAssertEqual(KernelLevel.use(level), level)
            body(level)
        }
    }

    private func randomValues(_ count: Int, seed: UInt64, scale: Double = 1) -> [Double] {
        var generator = SeededGenerator(seed: seed)
        return (0..<count).map { _ in generator.uniform(-scale, scale) }
    }

    /// The distance in units in the last place between two doubles of the same sign.
    private func ulps(_ a: Double, _ b: Double) -> UInt64 {
        if a == b { return 0 }
        return a.bitPattern > b.bitPattern ? a.bitPattern - b.bitPattern : b.bitPattern - a.bitPattern
    }

    func testSequentialProducts_AreSequentialDotBitForBit() {
        let (rows, depth) = (13, 37)
        let a = randomValues(rows * depth, seed: 1)
        for lanes in [8, 16, 24, 32, 40] {
            let b = randomValues(depth * lanes, seed: 2)
            let start = randomValues(rows * lanes, seed: 3, scale: 10)
            for accumulate in [false, true] {
                atEveryLevel { level in
                    var c = accumulate ? start : [Double](repeating: .nan, count: rows * lanes)
                    sequentialProducts(a, rows: rows, depth: depth, b, lanes: lanes, into: &c, accumulate: accumulate)
                    for i in 0..<rows {
                        for q in 0..<lanes {
                            var sum = accumulate ? start[i * lanes + q] : 0.0
                            for j in 0..<depth { sum += a[i * depth + j] * b[j * lanes + q] }
                            XCTAssertEqual(c[i * lanes + q].bitPattern, sum.bitPattern, "\(level.name), lanes \(lanes), C[\(i), \(q)]")
                        }
                    }
                }
            }
        }
    }

    func testAddSequentially_IsALeftToRightSumBitForBit() {
        let terms = randomValues(301, seed: 3, scale: 1e3)
        for lanes in [8, 16, 24, 64, 72] {
            let starts = randomValues(lanes, seed: 4, scale: 1e5)
            atEveryLevel { level in
                var sums = starts
                terms.withUnsafeBufferPointer { t in addSequentially(t.baseAddress!, count: t.count, to: &sums, lanes: lanes) }
                for q in 0..<lanes {
                    var sum = starts[q]
                    for term in terms { sum += term }
                    XCTAssertEqual(sums[q].bitPattern, sum.bitPattern, "\(level.name), lane \(q)")
                }
            }
        }
    }

    /// A fused product is the plain one to rounding, for strided A, any lanes, and accumulation.
    func testMatrixProduct_IsThePlainProductToRounding() {
        let (rows, depth) = (11, 53)
        let a = randomValues(rows * depth, seed: 5)
        for lanes in [1, 3, 8, 20, 33, 100] {
            let b = randomValues(depth * lanes, seed: 6)
            let start = randomValues(rows * lanes, seed: 7)
            for (transposed, accumulate) in [(false, false), (true, false), (false, true)] {
                atEveryLevel { level in
                    var c = start
                    a.withUnsafeBufferPointer { A in
                        matrixProduct(
                            rows: rows, depth: depth, lanes: lanes, A.baseAddress!, rowStride: transposed ? 1 : depth,
                            columnStride: transposed ? rows : 1, b, ldb: lanes, into: &c, ldc: lanes, accumulate: accumulate)
                    }
                    for i in 0..<rows {
                        for q in 0..<lanes {
                            var sum = accumulate ? start[i * lanes + q] : 0
                            var size = abs(sum)
                            for j in 0..<depth {
                                let term = (transposed ? a[j * rows + i] : a[i * depth + j]) * b[j * lanes + q]
                                sum += term
                                size += abs(term)
                            }
                            XCTAssertLessThanOrEqual(abs(c[i * lanes + q] - sum), 4 * Double(depth) * Double.ulpOfOne * size, "\(level.name)")
                        }
                    }
                }
            }
        }
    }

    /// e^x within 1 ulp of libm, over the softmax range, the whole finite range and the special values.
    func testExponentials_AreWithinOneUlpOfLibm() {
        let x = randomValues(20_000, seed: 8, scale: 40) + randomValues(5_000, seed: 9, scale: 700) + randomValues(2_000, seed: 10, scale: 1e-8)
            + [0, -0.0, 709.7, -708, -745, 1e-300, .infinity, -.infinity, .nan]
        atEveryLevel { level in
            var y = [Double](repeating: 0, count: x.count)
            x.withUnsafeBufferPointer { exponentials($0.baseAddress!, into: &y, count: x.count) }
            for (value, result) in zip(x, y) {
                let expected = exp(value)
                if expected.isNaN {
                    XCTAssert(result.isNaN, "\(level.name): e^\(value)")
                } else if abs(expected) >= Double.leastNormalMagnitude || expected == 0 {
                    XCTAssertLessThanOrEqual(ulps(result, expected), 1, "\(level.name): e^\(value) = \(result), libm \(expected)")
                }
            }
        }
    }

    /// tanh x within 2 ulp of libm, on both sides of the switch at |x| = 0.625 and at the extremes.
    func testHyperbolicTangents_AreWithinTwoUlpOfLibm() {
        let x = randomValues(20_000, seed: 11, scale: 1) + randomValues(5_000, seed: 12, scale: 30) + randomValues(2_000, seed: 13, scale: 1e-9)
            + [0, -0.0, 0.625, -0.625, 0.625.nextDown, 22, 400, .infinity, -.infinity, .nan]
        atEveryLevel { level in
            var y = [Double](repeating: 0, count: x.count)
            x.withUnsafeBufferPointer { hyperbolicTangents($0.baseAddress!, into: &y, count: x.count) }
            for (value, result) in zip(x, y) {
                let expected = tanh(value)
                if expected.isNaN {
                    XCTAssert(result.isNaN, "\(level.name): tanh \(value)")
                } else {
                    XCTAssertLessThanOrEqual(ulps(result, expected), 2, "\(level.name): tanh \(value) = \(result), libm \(expected)")
                    XCTAssertEqual(result.sign, expected.sign, "\(level.name): the sign of tanh \(value)")
                }
            }
        }
    }

    /// The ulp comparison can fail: e^x one ulp up is 1 ulp off, three ulps up is 3.
    func testUlpDistance_SeesOneUlp() {
        let e = exp(0.3)
        XCTAssertEqual(ulps(e.nextUp, e), 1)
        XCTAssertEqual(ulps(e.nextUp.nextUp.nextUp, e), 3)
    }

    /// The one-sweep gradient at every level equals the literal port to rounding.
    func testOneSweep_AtEveryLevelEqualsTheLiteralBPTT() {
        let problem = Wildml.Problem.random(size: NetworkSize(vocabulary: 45, hidden: 13, steps: 9), seed: 15, weightScale: 2)
        let literal = problem.bpttGradients(truncation: nil)
        atEveryLevel { level in
            let (loss, sweep) = problem.rnn.oneSweep(problem.x, problem.y)
            assertClose(loss, problem.loss(), relative: 1e-14, level.name)
            XCTAssertLessThanOrEqual(Equivalence.relativeDifference(literal.dLdU.storage, sweep.dLdU.storage), 1e-13, "U, \(level.name)")
            XCTAssertLessThanOrEqual(Equivalence.relativeDifference(literal.dLdV.storage, sweep.dLdV.storage), 1e-13, "V, \(level.name)")
            XCTAssertLessThanOrEqual(Equivalence.relativeDifference(literal.dLdW.storage, sweep.dLdW.storage), 1e-13, "W, \(level.name)")
        }
    }
}
