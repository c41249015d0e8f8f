// Inner loops over raw buffers for the speed-critical paths (the one-sweep BPTT and the checker's
// loss evaluations). The teaching code never uses them. Where the processor has AVX2 or AVX-512, the
// C target RNNGradCheckKernels runs the same loops with wider instructions (same bits where the bits
// matter); the Swift loops here run everywhere else.
import RNNGradCheckKernels

/// Σ_i a[i]·b[i], with four independent accumulators so that the sum is not one long dependency
/// chain (the order of additions differs from a plain left-to-right loop).
@inline(__always) @usableFromInline
func fastDot(_ a: UnsafePointer<Double>, _ b: UnsafePointer<Double>, _ n: Int) -> Double {
    var s0 = 0.0, s1 = 0.0, s2 = 0.0, s3 = 0.0
    var i = 0
    while i + 4 <= n {
        s0 += a[i] * b[i]
        s1 += a[i + 1] * b[i + 1]
        s2 += a[i + 2] * b[i + 2]
        s3 += a[i + 3] * b[i + 3]
        i += 4
    }
    var sum = (s0 + s1) + (s2 + s3)
    while i < n {
        sum += a[i] * b[i]
        i += 1
    }
    return sum
}

/// y[i] += alpha·x[i] for i in 0..<n.
@inline(__always) @usableFromInline
func axpy(_ alpha: Double, _ x: UnsafePointer<Double>, _ y: UnsafeMutablePointer<Double>, _ n: Int) {
    for i in 0..<n { y[i] += alpha * x[i] }
}

/// Σ_i a[i]·b[i] left to right, exactly as `Matrix.dot` and `Vector.dot` add (for the paths whose
/// numbers must equal the plain computation bit for bit).
@inline(__always) @usableFromInline
func sequentialDot(_ a: UnsafePointer<Double>, _ b: UnsafePointer<Double>, _ n: Int) -> Double {
    var sum = 0.0
    for i in 0..<n { sum += a[i] * b[i] }
    return sum
}

// Kernels with the bits of the plain computation. Each output is accumulated from 0 in the plain
// order, one rounded multiply and one rounded add per term (no fused multiply-add, no reassociation);
// what runs side by side is many independent sums, never the terms of one sum. Their results equal
// `sequentialDot` and a left-to-right `+=` loop bit for bit (FastPathTests).

/// C[i, q] = Σ_j A[i, j]·B[j, q], each sum `sequentialDot`'s (from 0, j = 0, 1, …, n − 1), or with
/// `accumulate` the same sum continued from the value in C[i, q].
///
/// ```
/// A: rows × n (row stride n), B: n × lanes (row stride lanes), C: rows × lanes; lanes a multiple of 8
/// ```
/// Register-blocked: two rows of A against eight columns of B per pass.
@usableFromInline
func sequentialProducts(
    _ A: UnsafePointer<Double>, rows: Int, depth n: Int, _ B: UnsafePointer<Double>, lanes: Int,
    into C: UnsafeMutablePointer<Double>, accumulate: Bool = false
) {
    precondition(lanes % 8 == 0, "lanes must be a multiple of 8")
    if rgc_sequential_products(A, rows, n, B, lanes, C, accumulate ? 1 : 0) != 0 { return }
    func start(_ p: UnsafeMutablePointer<Double>) -> SIMD8<Double> {
        accumulate ? UnsafeRawPointer(p).loadUnaligned(as: SIMD8<Double>.self) : SIMD8<Double>(repeating: 0)
    }
    var i = 0
    while i + 2 <= rows {
        let a0 = A + i * n, a1 = a0 + n
        var q = 0
        while q < lanes {
            var c0 = start(C + i * lanes + q), c1 = start(C + (i + 1) * lanes + q)
            var b = UnsafeRawPointer(B + q)
            let stride = lanes * MemoryLayout<Double>.stride
            for j in 0..<n {
                let bj = b.loadUnaligned(as: SIMD8<Double>.self)
                c0 = c0 + SIMD8(repeating: a0[j]) * bj
                c1 = c1 + SIMD8(repeating: a1[j]) * bj
                b += stride
            }
            UnsafeMutableRawPointer(C + i * lanes + q).storeBytes(of: c0, as: SIMD8<Double>.self)
            UnsafeMutableRawPointer(C + (i + 1) * lanes + q).storeBytes(of: c1, as: SIMD8<Double>.self)
            q += 8
        }
        i += 2
    }
    if i < rows {
        let a0 = A + i * n
        var q = 0
        while q < lanes {
            var c0 = start(C + i * lanes + q)
            var b = UnsafeRawPointer(B + q)
            let stride = lanes * MemoryLayout<Double>.stride
            for j in 0..<n {
                c0 = c0 + SIMD8(repeating: a0[j]) * b.loadUnaligned(as: SIMD8<Double>.self)
                b += stride
            }
            UnsafeMutableRawPointer(C + i * lanes + q).storeBytes(of: c0, as: SIMD8<Double>.self)
            q += 8
        }
    }
}

/// sums[q] = (…((sums[q] + terms[0]) + terms[1]) + …) + terms[n − 1] for every lane q: the same terms
/// added left to right to many different starting values. `lanes` a multiple of 8.
@usableFromInline
func addSequentially(_ terms: UnsafePointer<Double>, count n: Int, to sums: UnsafeMutablePointer<Double>, lanes: Int) {
    precondition(lanes % 8 == 0, "lanes must be a multiple of 8")
    if rgc_add_sequentially(terms, n, sums, lanes) != 0 { return }
    var q = 0
    while q + 16 <= lanes {
        let p0 = UnsafeMutableRawPointer(sums + q), p1 = UnsafeMutableRawPointer(sums + q + 8)
        var s0 = p0.loadUnaligned(as: SIMD8<Double>.self), s1 = p1.loadUnaligned(as: SIMD8<Double>.self)
        for k in 0..<n {
            let term = SIMD8<Double>(repeating: terms[k])
            s0 = s0 + term
            s1 = s1 + term
        }
        p0.storeBytes(of: s0, as: SIMD8<Double>.self)
        p1.storeBytes(of: s1, as: SIMD8<Double>.self)
        q += 16
    }
    if q < lanes {
        let p0 = UnsafeMutableRawPointer(sums + q)
        var s0 = p0.loadUnaligned(as: SIMD8<Double>.self)
        for k in 0..<n { s0 = s0 + SIMD8<Double>(repeating: terms[k]) }
        p0.storeBytes(of: s0, as: SIMD8<Double>.self)
    }
}

/// The vector instructions the kernels use where it matters for speed (the numbers are the same).
public enum KernelLevel: Int, Sendable, CaseIterable {
    /// The Swift loops of the core (SSE2 on x86-64, NEON on arm64).
    case portable = 0
    case avx2 = 1
    case avx512 = 2

    /// The level in use.
    public static var current: KernelLevel { KernelLevel(rawValue: Int(rgc_kernel_level())) ?? .portable }
    /// The highest level this processor supports.
    public static var supported: KernelLevel { KernelLevel(rawValue: Int(rgc_supported_kernel_level())) ?? .portable }

    /// Uses `level`, or the highest supported one below it; returns the level in effect.
    @discardableResult
    public static func use(_ level: KernelLevel) -> KernelLevel {
        KernelLevel(rawValue: Int(rgc_set_kernel_level(Int32(level.rawValue)))) ?? .portable
    }

    /// "AVX-512", for reports.
    public var name: String {
        switch self {
        case .portable: return "portable"
        case .avx2: return "AVX2"
        case .avx512: return "AVX-512"
        }
    }
}

// Kernels of the gradient's fast path, where fused multiply-adds and the vector exp and tanh of the
// C target are welcome (the one-sweep BPTT is tested equal to the literal port to rounding).

/// C = A·B, or C += A·B with `accumulate`, where A[i, j] = A[i·rowStride + j·columnStride]
/// (rows × depth), B[j, q] = B[j·ldb + q] (depth × lanes) and C[i, q] = C[i·ldc + q].
@usableFromInline
func matrixProduct(
    rows: Int, depth: Int, lanes: Int, _ A: UnsafePointer<Double>, rowStride: Int, columnStride: Int,
    _ B: UnsafePointer<Double>, ldb: Int, into C: UnsafeMutablePointer<Double>, ldc: Int, accumulate: Bool = false
) {
    guard rows > 0, lanes > 0 else { return }
    if rgc_gemm(rows, depth, lanes, A, rowStride, columnStride, B, ldb, C, ldc, accumulate ? 1 : 0) != 0 { return }
    if !accumulate {
        for i in 0..<rows { (C + i * ldc).update(repeating: 0, count: lanes) }
    }
    if rows * lanes <= 8192 {
        // C fits in the L1 cache: each row of B is read once, for every row of C.
        for j in 0..<depth {
            let b = B + j * ldb
            for i in 0..<rows { axpy(A[i * rowStride + j * columnStride], b, C + i * ldc, lanes) }
        }
    } else {
        for i in 0..<rows {
            let c = C + i * ldc
            for j in 0..<depth { axpy(A[i * rowStride + j * columnStride], B + j * ldb, c, lanes) }
        }
    }
}

/// y[i] = e^x[i] (x and y may be the same buffer): the C target's vector exp (within 1 ulp), or libm.
@usableFromInline
func exponentials(_ x: UnsafePointer<Double>, into y: UnsafeMutablePointer<Double>, count n: Int) {
    if rgc_exp(x, y, n) != 0 { return }
    for i in 0..<n { y[i] = libmExp(x[i]) }
}

/// y[i] = tanh x[i] (x and y may be the same buffer): the C target's vector tanh (within 2 ulp), or libm.
@usableFromInline
func hyperbolicTangents(_ x: UnsafePointer<Double>, into y: UnsafeMutablePointer<Double>, count n: Int) {
    if rgc_tanh(x, y, n) != 0 { return }
    for i in 0..<n { y[i] = libmTanh(x[i]) }
}

/// For a rows × lanes block z: z[k, q] = e^(z[k, q] − shift[q]) in place and sums[q] += Σ_k z[k, q]
/// (a softmax's exponentials and sums, every column at once).
@usableFromInline
func shiftedExponentials(_ z: UnsafeMutablePointer<Double>, rows: Int, lanes: Int, shift: UnsafePointer<Double>, sums: UnsafeMutablePointer<Double>) {
    if rgc_exp_columns(z, rows, lanes, shift, sums) != 0 { return }
    for k in 0..<rows {
        let row = z + k * lanes
        for q in 0..<lanes { row[q] -= shift[q] }
        exponentials(row, into: row, count: lanes)
        for q in 0..<lanes { sums[q] += row[q] }
    }
}
