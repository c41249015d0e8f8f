// Inner loops over raw buffers for the speed-critical paths (the one-sweep BPTT and the checker's
// loss evaluations). The teaching code never uses them.

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
