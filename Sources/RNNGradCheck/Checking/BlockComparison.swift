/// The outcome of one comparison.
public enum Verdict: String, Sendable, Equatable {
    /// Every entry is within the tolerance.
    case pass
    /// Some entry is off by more than the tolerance.
    case fail
    /// A NaN or an infinity: never a pass, whatever the other entries say.
    case nonFinite = "non-finite"
    /// Every entry over the tolerance is one where the numerical oracles disagree with each other: no
    /// oracle can call the gradient wrong there (and it does not pass either).
    case unresolved
}

/// Where the first NaN or infinity of a comparison is.
public struct NonFiniteEntry: Sendable, Equatable {
    public enum Side: String, Sendable { case analytic, numerical }
    public let side: Side
    /// Flat, row-major index in the block.
    public let entry: Int
    public let value: Double
}

/// One parameter block, analytic against numerical.
public struct BlockComparison: Sendable {
    /// The fixture/JSON key (`W_rec`) and the printed symbol (`W_rec`, `θ_j`).
    public let key: String
    public let symbol: String
    public let shape: Shape
    public let analytic: [Double]
    public let numerical: [Double]
    /// Per entry: |a − n| / max(|a|, |n|, floor).
    public let relativeErrors: [Double]
    /// Per entry: the floor R/tolerance, where R is the resolution of the numerical derivative. An entry
    /// whose true gradient is ~0 is compared in absolute terms: it fails only if |a − n| > R.
    public let floors: [Double]
    public let tolerance: Double
    /// The entry with the largest relative error (nil for an empty block).
    public let worstEntry: Int?
    public let maxRelativeError: Double
    /// ‖a − n‖₂ / max(‖a‖₂, ‖n‖₂, max floor): how far off the block is as a whole.
    public let normRelativeError: Double
    /// How many entries exceed the tolerance.
    public let entriesOverTolerance: Int
    /// The first NaN or infinity, analytic side first.
    public let nonFinite: NonFiniteEntry?
    /// The entries compared, when not all of them were (a sampled check); the others count as
    /// agreeing (relative error 0) and take no part in the norms.
    public let checkedEntries: [Int]?

    /// Entries whose numerical value is unresolved: the oracles disagree with each other there.
    public let unresolvedEntries: [Int]

    /// How many entries were compared.
    public var checkedCount: Int { checkedEntries?.count ?? shape.count }

    public var verdict: Verdict {
        if nonFinite != nil { return .nonFinite }
        if maxRelativeError <= tolerance { return .pass }
        let unresolved = Set(unresolvedEntries)
        let failing = relativeErrors.indices.filter { !(relativeErrors[$0] <= tolerance) }
        return failing.allSatisfy(unresolved.contains) ? .unresolved : .fail
    }

    /// `W_rec[2,0]`: the symbol and the 0-based index of an entry.
    public func label(ofEntry entry: Int) -> String { shape.label(symbol, entry: entry) }

    /// Compares the analytic entries with the numerical ones.
    ///
    /// - Parameters:
    ///   - resolution: per entry, the absolute error the numerical derivative can have from rounding (R).
    ///   - tolerance: the largest relative error that passes.
    ///   - entries: the entries to compare (nil: all of them).
    ///   - unresolved: entries whose numerical value the oracles could not settle.
    public init(
        key: String, symbol: String, shape: Shape,
        analytic: [Double], numerical: [Double], resolution: [Double], tolerance: Double, entries: [Int]? = nil,
        unresolved: [Int] = []
    ) {
        precondition(analytic.count == shape.count && numerical.count == shape.count && resolution.count == shape.count,
                     "\(symbol): analytic, numerical and resolution must have \(shape.count) entries")
        self.key = key
        self.symbol = symbol
        self.shape = shape
        self.analytic = analytic
        self.numerical = numerical
        self.tolerance = tolerance
        checkedEntries = entries
        unresolvedEntries = unresolved
        floors = resolution.map { $0 / tolerance }

        let compared = entries ?? Array(0..<shape.count)
        var errors = [Double](repeating: 0, count: shape.count)
        var worst: Int?
        var differenceSquares = 0.0, analyticSquares = 0.0, numericalSquares = 0.0
        var largestFloor = 0.0
        var over = 0
        for i in compared {
            let a = analytic[i], n = numerical[i]
            let difference = abs(a - n)
            let error = difference == 0 ? 0 : difference / max(abs(a), abs(n), floors[i])
            errors[i] = error
            if !(error <= tolerance) { over += 1 }
            // NaN compares false with everything: a NaN error always becomes the worst.
            if let w = worst {
                if error > errors[w] || (error.isNaN && !errors[w].isNaN) { worst = i }
            } else {
                worst = i
            }
            differenceSquares += difference * difference
            analyticSquares += a * a
            numericalSquares += n * n
            if floors[i] > largestFloor { largestFloor = floors[i] }
        }
        relativeErrors = errors
        worstEntry = worst
        maxRelativeError = worst.map { errors[$0] } ?? 0
        entriesOverTolerance = over
        let differenceNorm = differenceSquares.squareRoot()
        let scale = max(analyticSquares.squareRoot(), numericalSquares.squareRoot(), largestFloor)
        normRelativeError = differenceNorm == 0 ? 0 : differenceNorm / scale

        if let i = compared.first(where: { !analytic[$0].isFinite }) {
            nonFinite = NonFiniteEntry(side: .analytic, entry: i, value: analytic[i])
        } else if let i = compared.first(where: { !numerical[$0].isFinite }) {
            nonFinite = NonFiniteEntry(side: .numerical, entry: i, value: numerical[i])
        } else {
            nonFinite = nil
        }
    }
}
