/// A column vector: a state s_t, an output ŷ_t, a δ.
///
/// The operators mirror numpy's element-wise arithmetic so that a port of a numpy derivation reads line
/// by line like its source: `+`, `-`, `.*` (element-wise product, numpy's `*`, the documents' ⊙),
/// `1 - v`, `v ** 2`, `tanh(v)`.
public struct Vector<Scalar: RealScalar>: RandomAccessCollection, MutableCollection, Sendable {
    public var storage: [Scalar]

    @inlinable public init(_ storage: [Scalar]) { self.storage = storage }

    @inlinable public init(repeating value: Scalar, count: Int) {
        storage = Array(repeating: value, count: count)
    }

    /// The zero vector of length `count` (numpy's `np.zeros(count)`).
    @inlinable public static func zeros(_ count: Int) -> Vector { Vector(repeating: .zero, count: count) }

    /// Lifts a real vector to this scalar type (for example to `Complex` for the complex step).
    @inlinable public init(_ other: Vector<Double>) {
        storage = other.storage.map { Scalar($0) }
    }

    /// The same vector in complex arithmetic (real entries get a zero imaginary part).
    public var complexified: Vector<Complex> { Vector<Complex>(storage.map(\.complexValue)) }

    public var shape: Shape { .vector(count: storage.count) }

    @inlinable public var startIndex: Int { 0 }
    @inlinable public var endIndex: Int { storage.count }
    @inlinable public subscript(i: Int) -> Scalar {
        get { storage[i] }
        set { storage[i] = newValue }
    }
}

extension Vector: ExpressibleByArrayLiteral {
    @inlinable public init(arrayLiteral elements: Scalar...) { storage = elements }
}

extension Vector: Equatable where Scalar: Equatable {}

infix operator .* : MultiplicationPrecedence
infix operator ** : BitwiseShiftPrecedence

extension Vector {
    @inlinable public static func + (lhs: Vector, rhs: Vector) -> Vector {
        precondition(lhs.count == rhs.count, "vector lengths \(lhs.count) and \(rhs.count) differ")
        return Vector(zip(lhs.storage, rhs.storage).map { $0 + $1 })
    }

    @inlinable public static func - (lhs: Vector, rhs: Vector) -> Vector {
        precondition(lhs.count == rhs.count, "vector lengths \(lhs.count) and \(rhs.count) differ")
        return Vector(zip(lhs.storage, rhs.storage).map { $0 - $1 })
    }

    /// The element-wise (Hadamard) product: numpy's `a * b`, the documents' a ⊙ b.
    @inlinable public static func .* (lhs: Vector, rhs: Vector) -> Vector {
        precondition(lhs.count == rhs.count, "vector lengths \(lhs.count) and \(rhs.count) differ")
        return Vector(zip(lhs.storage, rhs.storage).map { $0 * $1 })
    }

    @inlinable public static func += (lhs: inout Vector, rhs: Vector) {
        precondition(lhs.count == rhs.count, "vector lengths \(lhs.count) and \(rhs.count) differ")
        for i in lhs.storage.indices { lhs.storage[i] += rhs.storage[i] }
    }

    /// `c - v` element-wise, as in numpy's `1 - s ** 2`.
    @inlinable public static func - (lhs: Double, rhs: Vector) -> Vector {
        Vector(rhs.storage.map { Scalar(lhs) - $0 })
    }

    /// `c * v` element-wise.
    @inlinable public static func * (lhs: Scalar, rhs: Vector) -> Vector {
        Vector(rhs.storage.map { lhs * $0 })
    }

    @inlinable public static prefix func - (operand: Vector) -> Vector {
        Vector(operand.storage.map { -$0 })
    }

    /// Element-wise integer power, numpy's `v ** n` (n ≥ 1).
    @inlinable public static func ** (lhs: Vector, rhs: Int) -> Vector {
        precondition(rhs >= 1, "only positive integer powers are defined")
        return Vector(
            lhs.storage.map { x in
                var power = x
                for _ in 1..<rhs { power = power * x }
                return power
            })
    }

    /// The inner product vᵀw.
    @inlinable public func dot(_ other: Vector) -> Scalar {
        precondition(count == other.count, "vector lengths \(count) and \(other.count) differ")
        var sum = Scalar.zero
        for i in storage.indices { sum += storage[i] * other.storage[i] }
        return sum
    }
}

/// Element-wise tanh, numpy's `np.tanh(v)`.
@inlinable public func tanh<S: RealScalar>(_ v: Vector<S>) -> Vector<S> { Vector(v.storage.map { S.tanh($0) }) }

/// Element-wise sigmoid.
@inlinable public func sigmoid<S: RealScalar>(_ v: Vector<S>) -> Vector<S> { Vector(v.storage.map { sigmoid($0) }) }

/// log Σ_k e^(z_k), computed as m + log Σ_k e^(z_k − m) with m = max_k Re z_k: never overflows, and
/// exact in complex arithmetic too (any constant m gives the same value).
@inlinable public func logSumExp<S: RealScalar>(_ z: Vector<S>) -> S {
    precondition(!z.isEmpty, "logSumExp of an empty vector")
    var m = z.storage[0].real
    for entry in z.storage where entry.real > m { m = entry.real }
    let shift = S(m)
    var sum = S.zero
    for entry in z.storage { sum += exp(entry - shift) }
    return shift + log(sum)
}

/// softmax(z)_k = e^(z_k) / Σ_j e^(z_j), computed as e^(z_k − m) / Σ_j e^(z_j − m).
@inlinable public func softmax<S: RealScalar>(_ z: Vector<S>) -> Vector<S> {
    precondition(!z.isEmpty, "softmax of an empty vector")
    var m = z.storage[0].real
    for entry in z.storage where entry.real > m { m = entry.real }
    let shift = S(m)
    let e = z.storage.map { exp($0 - shift) }
    var sum = S.zero
    for value in e { sum += value }
    return Vector(e.map { $0 / sum })
}
