import XCTest

@testable import RNNGradCheck

final class LinearAlgebraTests: XCTestCase {
    func testMatrixDot_MultipliesRowsByTheVector() {
        let m = Matrix<Double>([[1, 2, 3], [4, 5, 6]])
        XCTAssertEqual(m.dot([1, 0, -1]).storage, [-2, -2])
        XCTAssertEqual(m.T.dot([1, 1]).storage, [5, 7, 9])
    }

    func testOuterAndColumns_AreNumpysOuterAndColumnIndexing() {
        let o = outer(Vector<Double>([1, 2]), Vector<Double>([3, 4, 5]))
        XCTAssertEqual(o.rowArrays, [[3, 4, 5], [6, 8, 10]])
        var m = Matrix<Double>.zeros(2, 3)
        m[column: 1] += [7, 8]
        XCTAssertEqual(m.rowArrays, [[0, 7, 0], [0, 8, 0]])
        XCTAssertEqual(m[column: 1].storage, [7, 8])
    }

    func testVectorOperators_AreElementWise() {
        let v: Vector<Double> = [1, 2, 3]
        XCTAssertEqual((v .* v).storage, [1, 4, 9])
        XCTAssertEqual((1 - v ** 2).storage, [0, -3, -8])
        XCTAssertEqual((v + v - v).storage, [1, 2, 3])
    }

    func testSoftmaxAndLogSumExp_DoNotOverflowForLargeLogits() {
        let z: Vector<Double> = [1000, 1001, 999]
        let p = softmax(z)
        XCTAssert(p.storage.allSatisfy { $0.isFinite })
        assertClose(p.storage.reduce(0, +), 1, relative: 1e-15)
        // log Σ e^z = 1001 + log(e^-1 + 1 + e^-2), worked out by hand.
        assertClose(logSumExp(z), 1001 + Foundation.log(1 + Foundation.exp(-1.0) + Foundation.exp(-2.0)), relative: 1e-15)
    }

    func testSigmoid_IsStableAtBothEnds() {
        XCTAssertEqual(sigmoid(800.0), 1)
        XCTAssertEqual(sigmoid(-800.0), 0)
        assertClose(sigmoid(0.0), 0.5, relative: 1e-16)
        assertClose(sigmoid(-2.0), 1 / (1 + Foundation.exp(2.0)), relative: 1e-15)
    }

    func testComplexStep_GivesExactDerivativesOfTanhExpLogAndSigmoid() {
        // Im f(x + ih)/h = f′(x) to rounding; the derivatives are the textbook ones.
        let h = 1e-20
        for x in [-3.0, -0.4, 0.0, 0.7, 2.5, 25.0] {
            let z = Complex(x, h)
            // sech²x, not 1 − tanh²x, which cancels to 0 at x = 25.
            let coshX = Foundation.cosh(x)
            assertClose(Complex.tanh(z).imaginary / h, 1 / (coshX * coshX), relative: 1e-14, "tanh′(\(x))")
            assertClose(Complex.exp(z).imaginary / h, Foundation.exp(x), relative: 1e-14, "exp′(\(x))")
            // e^−x / (1 + e^−x)², not s(1 − s), which cancels for large x.
            let e = Foundation.exp(-x)
            assertClose(sigmoid(z).imaginary / h, e / ((1 + e) * (1 + e)), relative: 1e-14, "sigmoid′(\(x))")
            if x > 0 { assertClose(Complex.log(z).imaginary / h, 1 / x, relative: 1e-14, "log′(\(x))") }
        }
        // Deep in saturation the imaginary part keeps its precision: tanh′(25) = 4e^−50/(1 + e^−50)² ≈ 7.7e-22.
        assertClose(Complex.tanh(Complex(25, h)).imaginary / h, 4 * Foundation.exp(-50.0) / Foundation.pow(1 + Foundation.exp(-50.0), 2), relative: 1e-13)
    }

    func testComplexDivision_InvertsMultiplication() {
        let a = Complex(3, -4), b = Complex(-0.5, 2)
        let q = (a * b) / b
        assertClose(q.real, 3, relative: 1e-15)
        assertClose(q.imaginary, -4, relative: 1e-15)
    }
}
