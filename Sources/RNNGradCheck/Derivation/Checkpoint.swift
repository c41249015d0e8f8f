/// The five study notes (seed 002 split into its two parts), as `derive` walks them.
public enum SeedDocument: String, CaseIterable, Sendable {
    case seed000 = "000"
    case seed001 = "001"
    case seed002Part1 = "002-1"
    case seed002Part2 = "002-2"
    case seed003 = "003"
    case seed004 = "004"

    /// The seed file.
    public var file: String {
        switch self {
        case .seed000: return "000_b0ee9e6d84b923de.txt"
        case .seed001: return "001_7577df9cbd1bf9d1.txt"
        case .seed002Part1, .seed002Part2: return "002_23864cc5366ceb5a.txt"
        case .seed003: return "003_0208948634dbf090.txt"
        case .seed004: return "004_02b6e6f2d6cd2e0c.txt"
        }
    }

    /// What the document is, in a few words.
    public var title: String {
        switch self {
        case .seed000: return "seed 000, Train RNNs (WildML U/V/W, numpy bptt)"
        case .seed001: return "seed 001, RNN（二）前向和BPTT (index-wise, sigmoid, SSE, unfolding)"
        case .seed002Part1: return "seed 002, part 1, 反向传播 BP (feedforward: BP1–BP4, UFLDL)"
        case .seed002Part2: return "seed 002, part 2, 随时间反向传播 BPTT (W_in/W_rec/W_out, denominator layout)"
        case .seed003: return "seed 003, 递归神经网络之BPTT (U/V/W with S_t, net)"
        case .seed004: return "seed 004, 6.9 BPTT 算法推导 (U/V/W with h, o, L; product of Jacobians)"
        }
    }
}

/// How a reading relates to the printed formula.
public enum ReadingKind: String, Sendable {
    /// The formula exactly as printed, where it has one meaning.
    case asPrinted = "as printed"
    /// One of the meanings an ambiguous formula can have (an immediate or total derivative, the order
    /// of a product, an index range, an unstated convention).
    case reading
    /// The formula with a typographical slip repaired (a wrong index letter, a dropped superscript).
    case typoFix = "typo fixed"
    /// The correct formula, where the printed one is wrong in substance.
    case correction
}

/// What evaluating a reading gave.
public enum ReadingOutcome: Sendable, Equatable {
    /// ‖candidate − reference‖₂ / ‖reference‖₂.
    case relativeError(Double)
    /// The reading cannot be compared: the shapes differ, an index is unbound, …
    case notComparable(String)
}

/// One way of reading a printed formula, evaluated against the reference quantity.
public struct Reading: Sendable {
    public let kind: ReadingKind
    /// What this reading takes the formula to mean.
    public let meaning: String
    /// The formula this reading evaluates, when it is not the printed one.
    public let formula: String?
    public let outcome: ReadingOutcome

    public init(_ kind: ReadingKind, _ meaning: String, formula: String? = nil, _ outcome: ReadingOutcome) {
        self.kind = kind
        self.meaning = meaning
        self.formula = formula
        self.outcome = outcome
    }

    /// A reading holds when its relative error is within `Derivation.tolerance`. NaN never holds.
    public var holds: Bool {
        if case .relativeError(let e) = outcome { return e <= Derivation.tolerance }
        return false
    }

    public var relativeError: Double? {
        if case .relativeError(let e) = outcome { return e }
        return nil
    }
}

/// What the verifier concludes about one printed equation.
public enum DerivationVerdict: Sendable, Equatable {
    /// The formula holds as printed (or under every reading it admits).
    case holds
    /// It holds only under the readings named (and fails under the others).
    case holdsUnderReading([String])
    /// A typographical slip: the repaired formula holds, the printed one does not.
    case typo(fix: String)
    /// Wrong in substance: the printed formula fails and the correction holds.
    case wrong(correction: String)
    /// Nothing holds, not even the correction: the verifier itself is wrong.
    case unresolved

    /// `holds`, `holds under a reading`, `typo`, `wrong`, `unresolved`.
    public var category: String {
        switch self {
        case .holds: return "holds"
        case .holdsUnderReading: return "holds under a reading"
        case .typo: return "typo"
        case .wrong: return "wrong"
        case .unresolved: return "unresolved"
        }
    }
}

/// One computable equation of a document, checked numerically.
public struct Checkpoint: Sendable {
    /// `000.5`: the document and the equation's place in it.
    public let id: String
    public let document: SeedDocument
    /// Where in the document: its own heading or sentence, in its own words.
    public let location: String
    /// The equation with the document's symbols, in plain Unicode.
    public let printed: String
    /// The equation as the document's source writes it (LaTeX or python), verbatim.
    public let source: String
    /// The quantity the equation is compared with, and on what network.
    public let comparedWith: String
    public let readings: [Reading]

    public init(
        _ id: String, _ document: SeedDocument, location: String, printed: String, source: String,
        comparedWith: String, readings: [Reading]
    ) {
        self.id = id
        self.document = document
        self.location = location
        self.printed = printed
        self.source = source
        self.comparedWith = comparedWith
        self.readings = readings
    }

    /// The verdict follows from which readings hold, in this order: as printed; the readings; a
    /// typo fix; the correction.
    public var verdict: DerivationVerdict {
        if readings.contains(where: { $0.kind == .asPrinted && $0.holds }) { return .holds }
        let ambiguous = readings.filter { $0.kind == .reading }
        let holding = ambiguous.filter(\.holds)
        if !holding.isEmpty {
            let printedFails = readings.contains { $0.kind == .asPrinted }
            return holding.count == ambiguous.count && !printedFails ? .holds : .holdsUnderReading(holding.map(\.meaning))
        }
        if let fix = readings.first(where: { $0.kind == .typoFix && $0.holds }) { return .typo(fix: fix.formula ?? fix.meaning) }
        if let correction = readings.first(where: { $0.kind == .correction && $0.holds }) {
            return .wrong(correction: correction.formula ?? correction.meaning)
        }
        return .unresolved
    }

    /// The error of the printed formula (or of its first reading): what the report leads with.
    public var headlineOutcome: ReadingOutcome {
        (readings.first { $0.kind == .asPrinted } ?? readings.first { $0.kind == .reading } ?? readings[0]).outcome
    }
}

/// The derivation verifier's constants and entry point.
public enum Derivation {
    /// A reading holds when its relative error is at most this. The references are complex-step
    /// derivatives, exact to rounding, so a formula that holds lands near 1e-15; a wrong one is off by
    /// 1e-3 or more.
    public static let tolerance = 1e-9

    /// The checkpoints of `documents`, evaluated on networks drawn from `seed`.
    public static func check(_ documents: [SeedDocument] = SeedDocument.allCases, seed: UInt64 = 1) -> [DocumentCheck] {
        documents.map { document in
            switch document {
            case .seed000: return Seed000.check(seed: seed)
            case .seed001: return Seed001.check(seed: seed)
            case .seed002Part1: return Seed002Part1.check(seed: seed)
            case .seed002Part2: return Seed002Part2.check(seed: seed)
            case .seed003: return Seed003.check(seed: seed)
            case .seed004: return Seed004.check(seed: seed)
            }
        }
    }
}

/// One document's checkpoints and the network they were evaluated on.
public struct DocumentCheck: Sendable {
    public let document: SeedDocument
    /// "a random U/V/W network (K=5, H=3, T=5, seed 1)".
    public let network: String
    public let checkpoints: [Checkpoint]
}

/// ‖candidate − reference‖₂ / ‖reference‖₂ (the absolute difference when the reference is 0).
public func compare(_ candidate: [Double], _ reference: [Double]) -> ReadingOutcome {
    guard candidate.count == reference.count else {
        return .notComparable("\(candidate.count) entries against \(reference.count)")
    }
    var difference = 0.0, norm = 0.0
    for i in candidate.indices {
        let d = candidate[i] - reference[i]
        difference += d * d
        norm += reference[i] * reference[i]
    }
    let error = norm == 0 ? difference.squareRoot() : (difference / norm).squareRoot()
    return .relativeError(error.isNaN ? .infinity : error)
}

/// Matrices compare only when their shapes agree.
public func compare(_ candidate: Matrix<Double>, _ reference: Matrix<Double>) -> ReadingOutcome {
    guard candidate.rows == reference.rows && candidate.columns == reference.columns else {
        return .notComparable("a \(candidate.rows)×\(candidate.columns) matrix against a \(reference.rows)×\(reference.columns) one")
    }
    return compare(candidate.storage, reference.storage)
}

public func compare(_ candidate: Vector<Double>, _ reference: Vector<Double>) -> ReadingOutcome {
    compare(candidate.storage, reference.storage)
}

public func compare(_ candidate: Double, _ reference: Double) -> ReadingOutcome {
    compare([candidate], [reference])
}
