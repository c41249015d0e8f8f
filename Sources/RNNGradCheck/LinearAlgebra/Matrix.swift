/// A dense matrix, stored flat and row-major: entry (i, j) is `storage[i * columns + j]`.
public struct Matrix<Scalar: RealScalar>: Sendable {
    public let rows: Int
    public let columns: Int
    public var storage: [Scalar]

    @inlinable public init(rows: Int, columns: Int, storage: [Scalar]) {
        precondition(rows >= 0 && columns >= 0 && storage.count == rows * columns, "storage does not fit \(rows)×\(columns)")
        self.rows = rows
        self.columns = columns
        self.storage = storage
    }

    /// A matrix from an array of rows (all rows must have the same length).
    @inlinable public init(_ rowArrays: [[Scalar]]) {
        let columns = rowArrays.first?.count ?? 0
        precondition(rowArrays.allSatisfy { $0.count == columns }, "ragged rows")
        self.init(rows: rowArrays.count, columns: columns, storage: rowArrays.flatMap { $0 })
    }

    /// Lifts a real matrix to this scalar type (for example to `Complex` for the complex step).
    @inlinable public init(_ other: Matrix<Double>) {
        self.init(rows: other.rows, columns: other.columns, storage: other.storage.map { Scalar($0) })
    }

    /// The same matrix in complex arithmetic (real entries get a zero imaginary part).
    public var complexified: Matrix<Complex> {
        Matrix<Complex>(rows: rows, columns: columns, storage: storage.map(\.complexValue))
    }

    /// The zero matrix (numpy's `np.zeros((rows, columns))`).
    @inlinable public static func zeros(_ rows: Int, _ columns: Int) -> Matrix {
        Matrix(rows: rows, columns: columns, storage: Array(repeating: .zero, count: rows * columns))
    }

    public var shape: Shape { .matrix(rows: rows, columns: columns) }

    @inlinable public subscript(i: Int, j: Int) -> Scalar {
        get { storage[i * columns + j] }
        set { storage[i * columns + j] = newValue }
    }

    /// Row i as an array.
    @inlinable public func row(_ i: Int) -> [Scalar] { Array(storage[(i * columns)..<((i + 1) * columns)]) }

    /// The rows, as an array of arrays.
    public var rowArrays: [[Scalar]] { (0..<rows).map(row) }

    /// Column j (numpy's `M[:, j]`). With a one-hot x, `M x` is the column of x's 1.
    @inlinable public subscript(column j: Int) -> Vector<Scalar> {
        get { Vector((0..<rows).map { self[$0, j] }) }
        set {
            precondition(newValue.count == rows, "a column of \(rows) entries was expected, got \(newValue.count)")
            for i in 0..<rows { self[i, j] = newValue[i] }
        }
    }

    /// The matrix-vector product M v (numpy's `M.dot(v)`).
    @inlinable public func dot(_ v: Vector<Scalar>) -> Vector<Scalar> {
        precondition(v.count == columns, "a \(rows)×\(columns) matrix times a vector of \(v.count)")
        var result = Vector<Scalar>.zeros(rows)
        for i in 0..<rows {
            var sum = Scalar.zero
            for j in 0..<columns { sum += self[i, j] * v[j] }
            result[i] = sum
        }
        return result
    }

    /// The transpose, as a view: `M.T.dot(v)` is Mᵀv (numpy's `M.T.dot(v)`).
    @inlinable public var T: Transpose<Scalar> { Transpose(matrix: self) }

    @inlinable public static func += (lhs: inout Matrix, rhs: Matrix) {
        precondition(lhs.rows == rhs.rows && lhs.columns == rhs.columns, "shapes \(lhs.shape) and \(rhs.shape) differ")
        for i in lhs.storage.indices { lhs.storage[i] += rhs.storage[i] }
    }

    @inlinable public static func + (lhs: Matrix, rhs: Matrix) -> Matrix {
        var sum = lhs
        sum += rhs
        return sum
    }

    @inlinable public static func - (lhs: Matrix, rhs: Matrix) -> Matrix {
        precondition(lhs.rows == rhs.rows && lhs.columns == rhs.columns, "shapes \(lhs.shape) and \(rhs.shape) differ")
        return Matrix(rows: lhs.rows, columns: lhs.columns, storage: zip(lhs.storage, rhs.storage).map { $0 - $1 })
    }

    /// c · M.
    @inlinable public static func * (lhs: Scalar, rhs: Matrix) -> Matrix {
        Matrix(rows: rhs.rows, columns: rhs.columns, storage: rhs.storage.map { lhs * $0 })
    }
}

extension Matrix: Equatable where Scalar: Equatable {}

/// A transposed view of a matrix; only what the derivations use.
public struct Transpose<Scalar: RealScalar>: Sendable {
    public let matrix: Matrix<Scalar>

    @inlinable public init(matrix: Matrix<Scalar>) { self.matrix = matrix }

    /// Mᵀv.
    @inlinable public func dot(_ v: Vector<Scalar>) -> Vector<Scalar> {
        precondition(v.count == matrix.rows, "the transpose of a \(matrix.rows)×\(matrix.columns) matrix times a vector of \(v.count)")
        var result = Vector<Scalar>.zeros(matrix.columns)
        for i in 0..<matrix.rows {
            let vi = v[i]
            for j in 0..<matrix.columns { result[j] += matrix[i, j] * vi }
        }
        return result
    }
}

/// The outer product a ⊗ b = a bᵀ (numpy's `np.outer(a, b)`).
@inlinable public func outer<S: RealScalar>(_ a: Vector<S>, _ b: Vector<S>) -> Matrix<S> {
    var m = Matrix<S>.zeros(a.count, b.count)
    for i in 0..<a.count {
        for j in 0..<b.count { m[i, j] = a[i] * b[j] }
    }
    return m
}
