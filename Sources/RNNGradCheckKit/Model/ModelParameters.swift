import RNNGradCheck

/// One named array of a model: a weight matrix, a bias vector, a scalar, or a tensor of any rank.
///
/// The values are stored flat and row-major, as `Matrix.storage` and `Vector.storage` are: entry
/// (i, j) of an R×C matrix is `values[i * C + j]`.
public struct ModelParameter<Scalar: RealScalar>: Sendable {
    /// The name reports print (`W_hh`, `b_h`) and the key of this block's gradient.
    public let name: String
    public let shape: Shape
    /// The entries, flat and row-major.
    public var values: [Scalar]

    /// A block of any shape. Nothing is checked here: `checkGradients` validates every block (shape,
    /// number of values, finite values) before it computes anything.
    public init(name: String, shape: Shape, values: [Scalar]) {
        self.name = name
        self.shape = shape
        self.values = values
    }

    /// A matrix block: `.matrix("W_hh", Whh)`.
    public static func matrix(_ name: String, _ matrix: Matrix<Scalar>) -> ModelParameter {
        ModelParameter(name: name, shape: matrix.shape, values: matrix.storage)
    }

    /// A vector block (a bias): `.vector("b_h", bh)`.
    public static func vector(_ name: String, _ vector: Vector<Scalar>) -> ModelParameter {
        ModelParameter(name: name, shape: vector.shape, values: vector.storage)
    }

    /// A vector block from an array: `.vector("b_h", [0.1, -0.2])`.
    public static func vector(_ name: String, _ values: [Scalar]) -> ModelParameter {
        ModelParameter(name: name, shape: .vector(count: values.count), values: values)
    }

    /// A scalar block (a temperature, a gain): reports label it by its name alone.
    public static func scalar(_ name: String, _ value: Scalar) -> ModelParameter {
        ModelParameter(name: name, shape: .tensor(dimensions: []), values: [value])
    }

    /// A block of any rank, flat and row-major: `.tensor("K", dimensions: [2, 3, 4], values: k)`.
    /// One or two dimensions make a vector or a matrix block.
    public static func tensor(_ name: String, dimensions: [Int], values: [Scalar]) -> ModelParameter {
        ModelParameter(name: name, shape: Shape(dimensions: dimensions), values: values)
    }
}

/// A model's parameters by name, in the order reports list them. Also the type of a model's
/// analytic gradient (`ModelGradients`): the same names, each block holding ∂loss/∂parameter.
///
/// A loss reads its blocks by name, in whatever scalar the check runs it in:
///
/// ```
/// let Whh = try parameters.matrix("W_hh")   // Matrix<Scalar>
/// let bh = try parameters.vector("b_h")     // Vector<Scalar>
/// ```
///
/// A name that is not there, or a block read as the wrong kind, throws a `ModelCheckError` that names
/// the block and the names there are.
public struct ModelParameters<Scalar: RealScalar>: Sendable, RandomAccessCollection, ExpressibleByArrayLiteral {
    /// The blocks, in order.
    public private(set) var blocks: [ModelParameter<Scalar>]
    /// The position of each name's first block.
    private var positions: [String: Int]

    public init(_ blocks: [ModelParameter<Scalar>]) {
        self.blocks = blocks
        var positions = [String: Int]()
        for (index, block) in blocks.enumerated() where positions[block.name] == nil { positions[block.name] = index }
        self.positions = positions
    }

    public init(arrayLiteral blocks: ModelParameter<Scalar>...) { self.init(blocks) }

    public var startIndex: Int { blocks.startIndex }
    public var endIndex: Int { blocks.endIndex }
    public subscript(position: Int) -> ModelParameter<Scalar> { blocks[position] }

    /// The names, in order.
    public var names: [String] { blocks.map(\.name) }

    /// The block called `name`, if there is one.
    public subscript(name: String) -> ModelParameter<Scalar>? { positions[name].map { blocks[$0] } }

    /// The flat values of block `name`, whatever its shape.
    public func values(_ name: String) throws -> [Scalar] { try lookup(name).values }

    /// Block `name`, which must be a matrix.
    public func matrix(_ name: String) throws -> Matrix<Scalar> {
        let block = try lookup(name)
        guard case .matrix(let rows, let columns) = block.shape else { throw ModelCheckError.wrongKind(name: name, shape: block.shape, requested: "a matrix") }
        return Matrix(rows: rows, columns: columns, storage: block.values)
    }

    /// Block `name`, which must be a vector.
    public func vector(_ name: String) throws -> Vector<Scalar> {
        let block = try lookup(name)
        guard case .vector = block.shape else { throw ModelCheckError.wrongKind(name: name, shape: block.shape, requested: "a vector") }
        return Vector(block.values)
    }

    /// Block `name`, which must be a scalar.
    public func scalar(_ name: String) throws -> Scalar {
        let block = try lookup(name)
        guard block.shape.dimensions.isEmpty else { throw ModelCheckError.wrongKind(name: name, shape: block.shape, requested: "a scalar") }
        return block.values[0]
    }

    /// Block `name`, with as many values as its shape has entries (checked without overflow, so that
    /// a block built by hand with the wrong count throws instead of trapping in `Matrix`).
    private func lookup(_ name: String) throws -> ModelParameter<Scalar> {
        guard let position = positions[name] else { throw ModelCheckError.unknownParameter(name: name, known: names) }
        let block = blocks[position]
        guard let count = block.shape.checkedCount, count == block.values.count else {
            throw ModelCheckError.valueCount(name: name, shape: block.shape, count: block.values.count)
        }
        return block
    }

    /// Sets entry `entry` of block `index`: how the oracles perturb one parameter.
    mutating func set(block index: Int, entry: Int, to value: Scalar) {
        blocks[index].values[entry] = value
    }

    /// Every value converted by `transform` (to `Complex` for the complex step).
    func mapValues<Other: RealScalar>(_ transform: (Scalar) -> Other) -> ModelParameters<Other> {
        ModelParameters<Other>(blocks.map { ModelParameter<Other>(name: $0.name, shape: $0.shape, values: $0.values.map(transform)) })
    }
}

/// A model's analytic gradient: for each parameter, a block with its name and shape holding
/// ∂loss/∂parameter.
public typealias ModelGradients = ModelParameters<Double>

extension Shape {
    /// The number of entries, or nil when a dimension is negative or the product overflows `Int`
    /// (`count` would trap).
    var checkedCount: Int? {
        var count = 1
        for dimension in dimensions {
            guard dimension >= 0 else { return nil }
            let (product, overflow) = count.multipliedReportingOverflow(by: dimension)
            if overflow { return nil }
            count = product
        }
        return count
    }
}
