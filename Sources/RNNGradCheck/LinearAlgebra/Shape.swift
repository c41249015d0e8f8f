/// The shape of a parameter block: a matrix (rows × columns) or a vector (a bias).
public enum Shape: Equatable, Hashable, Sendable, CustomStringConvertible {
    case matrix(rows: Int, columns: Int)
    case vector(count: Int)

    /// The number of entries.
    public var count: Int {
        switch self {
        case .matrix(let rows, let columns): return rows * columns
        case .vector(let count): return count
        }
    }

    /// `4×8` for a matrix, `4` for a vector.
    public var description: String {
        switch self {
        case .matrix(let rows, let columns): return "\(rows)×\(columns)"
        case .vector(let count): return "\(count)"
        }
    }

    /// The index of entry `flatIndex` (row-major): `[row, column]` for a matrix, `[i]` for a vector.
    public func index(ofEntry flatIndex: Int) -> [Int] {
        switch self {
        case .matrix(_, let columns): return [flatIndex / columns, flatIndex % columns]
        case .vector: return [flatIndex]
        }
    }
}
