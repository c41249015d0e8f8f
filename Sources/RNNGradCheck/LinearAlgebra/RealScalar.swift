/// The numbers a forward pass is written over.
///
/// Every forward pass in the package is generic over `RealScalar` so that one implementation serves
/// two oracles: `Double` for the loss and its finite differences, and `Complex` for the complex-step
/// derivative. Only analytic operations are offered; comparisons use `real`.
public protocol RealScalar: Sendable {
    init(_ value: Double)
    /// The real part (the value itself for `Double`): what comparisons and reports look at.
    var real: Double { get }
    /// The value as a complex number (a `Double` gets a zero imaginary part).
    var complexValue: Complex { get }

    static func + (lhs: Self, rhs: Self) -> Self
    static func - (lhs: Self, rhs: Self) -> Self
    static func * (lhs: Self, rhs: Self) -> Self
    static func / (lhs: Self, rhs: Self) -> Self
    static prefix func - (operand: Self) -> Self

    static func tanh(_ x: Self) -> Self
    static func exp(_ x: Self) -> Self
    static func log(_ x: Self) -> Self
}

extension RealScalar {
    public static var zero: Self { Self(0) }
    public static var one: Self { Self(1) }
    @inlinable public static func += (lhs: inout Self, rhs: Self) { lhs = lhs + rhs }
    @inlinable public static func -= (lhs: inout Self, rhs: Self) { lhs = lhs - rhs }
    @inlinable public static func *= (lhs: inout Self, rhs: Self) { lhs = lhs * rhs }
}

extension Double: RealScalar {
    @inlinable public var real: Double { self }
    @inlinable public var complexValue: Complex { Complex(self, 0) }
    @inlinable public static func tanh(_ x: Double) -> Double { libmTanh(x) }
    @inlinable public static func exp(_ x: Double) -> Double { libmExp(x) }
    @inlinable public static func log(_ x: Double) -> Double { libmLog(x) }
}

// Free functions so that a forward pass reads like its document: `tanh(a)`, `exp(a)`, `log(a)`.

@inlinable public func tanh<S: RealScalar>(_ x: S) -> S { S.tanh(x) }
@inlinable public func exp<S: RealScalar>(_ x: S) -> S { S.exp(x) }
@inlinable public func log<S: RealScalar>(_ x: S) -> S { S.log(x) }

/// The logistic sigmoid f(net) = 1 / (1 + e^(−net)) (seed 001), written so that it never overflows:
/// for net < 0 it uses e^net / (1 + e^net).
@inlinable public func sigmoid<S: RealScalar>(_ x: S) -> S {
    if x.real >= 0 {
        return S.one / (S.one + exp(-x))
    }
    let e = exp(x)
    return e / (S.one + e)
}
