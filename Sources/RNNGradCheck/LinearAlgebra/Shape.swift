/// The shape of a parameter block: a matrix (rows × columns), a vector (a bias), or, for models the
/// package does not ship, any other array: a scalar (no dimensions) or a tensor of three or more.
public enum Shape: Equatable, Hashable, Sendable, CustomStringConvertible {
    case matrix(rows: Int, columns: Int)
    case vector(count: Int)
    /// A scalar (`[]`) or an array of three or more dimensions. `Shape(dimensions:)` writes one or
    /// two dimensions as `.vector` and `.matrix`.
    case tensor(dimensions: [Int])

    /// The shape with these dimensions: `[]` a scalar, `[n]` a vector, `[r, c]` a matrix.
    public init(dimensions: [Int]) {
        switch dimensions.count {
        case 1: self = .vector(count: dimensions[0])
        case 2: self = .matrix(rows: dimensions[0], columns: dimensions[1])
        default: self = .tensor(dimensions: dimensions)
        }
    }

    /// The dimensions, outermost first.
    public var dimensions: [Int] {
        switch self {
        case .matrix(let rows, let columns): return [rows, columns]
        case .vector(let count): return [count]
        case .tensor(let dimensions): return dimensions
        }
    }

    /// The number of entries.
    public var count: Int { dimensions.reduce(1, *) }

    /// `4×8` for a matrix, `4` for a vector, `2×3×4` for a tensor, `scalar` for a scalar.
    public var description: String {
        dimensions.isEmpty ? "scalar" : dimensions.map(String.init).joined(separator: "×")
    }

    /// The index of entry `flatIndex` (row-major): `[row, column]` for a matrix, `[i]` for a vector.
    public func index(ofEntry flatIndex: Int) -> [Int] {
        var index = [Int](repeating: 0, count: dimensions.count)
        var rest = flatIndex
        for axis in dimensions.indices.reversed() where dimensions[axis] > 0 {
            index[axis] = rest % dimensions[axis]
            rest /= dimensions[axis]
        }
        return index
    }

    /// `W_rec[2,0]`, `θ_j[3]`, `b` (a scalar): a symbol and the 0-based index of one entry. Every
    /// report names entries this way.
    public func label(_ symbol: String, entry flatIndex: Int) -> String {
        dimensions.isEmpty ? symbol : "\(symbol)[\(index(ofEntry: flatIndex).map(String.init).joined(separator: ","))]"
    }
}

/// One named block of numbers: a parameter block's values, or one block of a gradient.
public struct NamedBlock: Sendable, Equatable {
    /// The key in fixtures and gradients documents: `W_rec`, `theta_j`.
    public let key: String
    /// The symbol as the document prints it: `W_rec`, `θ_j`.
    public let symbol: String
    public let shape: Shape
    /// The entries, flat and row-major.
    public var values: [Double]

    public init(key: String, symbol: String, shape: Shape, values: [Double]) {
        self.key = key
        self.symbol = symbol
        self.shape = shape
        self.values = values
    }

    /// `W[1,0]`: the symbol and the entry's 0-based index.
    public func label(ofEntry entry: Int) -> String { shape.label(symbol, entry: entry) }
}
