// The C math library, on every platform Swift runs on. The core uses nothing else from the system.
#if canImport(Glibc)
    import Glibc
#elseif canImport(Musl)
    import Musl
#elseif canImport(Darwin)
    import Darwin
#elseif canImport(ucrt)
    import ucrt
#endif

// Thin names so that `RealScalar` conformances can call libm without recursing into themselves.
@usableFromInline @inline(__always) func libmTanh(_ x: Double) -> Double { tanh(x) }
@usableFromInline @inline(__always) func libmExp(_ x: Double) -> Double { exp(x) }
@usableFromInline @inline(__always) func libmLog(_ x: Double) -> Double { log(x) }
@usableFromInline @inline(__always) func libmLog1p(_ x: Double) -> Double { log1p(x) }
@usableFromInline @inline(__always) func libmCosh(_ x: Double) -> Double { cosh(x) }
@usableFromInline @inline(__always) func libmTan(_ x: Double) -> Double { tan(x) }
@usableFromInline @inline(__always) func libmCos(_ x: Double) -> Double { cos(x) }
@usableFromInline @inline(__always) func libmSin(_ x: Double) -> Double { sin(x) }
@usableFromInline @inline(__always) func libmAtan2(_ y: Double, _ x: Double) -> Double { atan2(y, x) }
@usableFromInline @inline(__always) func libmHypot(_ x: Double, _ y: Double) -> Double { hypot(x, y) }
@usableFromInline @inline(__always) func libmCbrt(_ x: Double) -> Double { cbrt(x) }
