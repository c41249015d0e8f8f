// The derivation verifier's vocabulary: a reading of a printed statement and what evaluating it gave,
// the verdict those readings imply, a computable statement (a checkpoint) and a finding that cannot be
// computed, each with a severity, and what a wrong statement does to the later ones that use it.
//
// The documents are cited by their short names, [S000] … [S004] (notes/sources.md).

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
    /// ‖candidate − reference‖₂ / ‖reference‖₂, aggregated as the checkpoint states.
    case relativeError(Double)
    /// The reading cannot be compared: the shapes differ, an index is unbound, …
    case notComparable(String)

    /// Within `Derivation.tolerance`. NaN never holds.
    public var holds: Bool {
        if case .relativeError(let e) = self { return e <= Derivation.tolerance }
        return false
    }

    public var relativeError: Double? {
        if case .relativeError(let e) = self { return e }
        return nil
    }
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
    public var holds: Bool { outcome.holds }
    public var relativeError: Double? { outcome.relativeError }
}

/// What the numbers say about one printed statement: which of its readings hold.
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

/// How grave a finding is: what a student who copies the statement gets.
public enum Severity: String, CaseIterable, Sendable {
    /// Read as the document defines its symbols, it gives a wrong number, and no reasonable reading
    /// rescues it; the fix changes the mathematics.
    case wrongAsPrinted = "wrong as printed"
    /// It holds only under a reading the document does not state while the text invites another that
    /// fails; or one symbol stands for two quantities; or a claim that is false as stated.
    case misleading
    /// A slip of the pen: a wrong letter or index, a dropped bracket or superscript, a misspelled term.
    /// The intended statement holds. Some typos change the numbers a lot.
    case typo
    /// It needs a reading, but the reading is the one the document (or its own source) states or the
    /// standard one, and the text does not invite the failing alternative.
    case convention = "convention that holds"
    /// It holds as printed.
    case holds
    /// No reading holds, not even a correction: the verifier is wrong. Never in a correct run.
    case unresolved

    /// The JSON and summary key: `wrong_as_printed`, `misleading`, …
    public var key: String { String(rawValue.map { $0 == " " ? "_" : $0 }) }
}

/// What kind of statement a finding is about.
public enum Statement: String, CaseIterable, Sendable {
    case displayEquation = "display equation"
    case inlineEquation = "equation in the prose"
    case code
    case codeComment = "code comment"
    case claim = "claim in the prose"
    case indexBinding = "index bound in one place, free in another"
    case naming = "names the wrong quantity"
    case symbolReuse = "one symbol, two quantities"
    case misspelling = "misspelled term"
}

/// A later checkpoint evaluated with an upstream quantity replaced: once by what the upstream
/// statement gives a reader, once by the corrected quantity.
public struct DownstreamEffect: Sendable {
    /// The id of the later checkpoint that uses the quantity.
    public let consumer: String
    /// Its error (against its own reference) when fed what the upstream statement gives.
    public let fedPrinted: ReadingOutcome
    /// Its error when fed the corrected quantity: holds whenever the consumer itself is right.
    public let fedCorrected: ReadingOutcome

    public init(_ consumer: String, printed: ReadingOutcome, corrected: ReadingOutcome) {
        self.consumer = consumer
        self.fedPrinted = printed
        self.fedCorrected = corrected
    }
}

/// Where a wrong or misleading statement's quantity goes: the later checkpoints that use it.
public struct Downstream: Sendable {
    /// The quantity the statement defines, in the document's symbols: "δ_lk".
    public let quantity: String
    /// What the statement gives a reader for it: "δ_lk with g′ evaluated at y_lk, as printed".
    public let printed: String
    /// The corrected quantity: "δ_lk = −∂C_l/∂net_lk".
    public let corrected: String
    /// Every later checkpoint that uses the quantity; empty when none does (`note` says why).
    public let effects: [DownstreamEffect]
    public let note: String?

    public init(_ quantity: String, printed: String, corrected: String, effects: [DownstreamEffect], note: String? = nil) {
        self.quantity = quantity
        self.printed = printed
        self.corrected = corrected
        self.effects = effects
        self.note = note
    }

    /// No later checkpoint uses the quantity.
    public static func unused(_ quantity: String, because note: String) -> Downstream {
        Downstream(quantity, printed: "", corrected: "", effects: [], note: note)
    }
}

/// One computable statement of a document, checked numerically.
public struct Checkpoint: Sendable {
    /// `000.5`, or `001.6/softmax` for a document checked under several models.
    public internal(set) var id: String
    public let document: SeedDocument
    /// The model the statement is evaluated under, where the document allows more than one
    /// (`g = softmax`); nil otherwise.
    public internal(set) var model: String?
    public let statement: Statement
    /// Where in the document: its heading, or the few words that locate the statement.
    public let location: String
    /// The statement with the document's symbols, in plain Unicode.
    public let printed: String
    /// The equation as the document's source writes it (LaTeX or python), verbatim.
    public let source: String
    /// The quantity the statement is compared with, and on what network.
    public let comparedWith: String
    /// How one network's figure is formed from the entries compared: "worst over t of ‖·‖ over the
    /// matrix", "one number", …
    public let aggregation: String
    public let readings: [Reading]
    /// The severity when the verdict is "holds under a reading": `.misleading` (the text invites a
    /// failing reading) or `.convention` (the document states the reading, or it is the standard one).
    public let ifReadingNeeded: Severity
    /// What is wrong or needs saying, and the fix; nil for a statement that simply holds.
    public let explanation: String?
    /// For a wrong, misleading or typo finding whose quantity later checkpoints use (or a note that
    /// none does): what feeding the printed quantity does to them.
    public internal(set) var downstream: [Downstream] = []

    public init(
        _ id: String, _ document: SeedDocument, statement: Statement = .displayEquation, location: String, printed: String,
        source: String, comparedWith: String, aggregation: String, ifReadingNeeded: Severity = .misleading,
        explanation: String? = nil, readings: [Reading]
    ) {
        precondition(ifReadingNeeded == .misleading || ifReadingNeeded == .convention, "a needed reading is misleading or a convention")
        self.id = id
        self.document = document
        self.statement = statement
        self.location = location
        self.printed = printed
        self.source = source
        self.comparedWith = comparedWith
        self.aggregation = aggregation
        self.ifReadingNeeded = ifReadingNeeded
        self.explanation = explanation
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

    /// The severity follows from the verdict; only "holds under a reading" needs the document's
    /// judgement (`ifReadingNeeded`).
    public var severity: Severity {
        switch verdict {
        case .holds: return .holds
        case .holdsUnderReading: return ifReadingNeeded
        case .typo: return .typo
        case .wrong: return .wrongAsPrinted
        case .unresolved: return .unresolved
        }
    }

    /// The indices of the readings that hold.
    public var holdingReadings: [Int] { readings.indices.filter { readings[$0].holds } }

    /// The error of the printed formula (or of its first reading): what a report leads with.
    public var headlineOutcome: ReadingOutcome {
        (readings.first { $0.kind == .asPrinted } ?? readings.first { $0.kind == .reading } ?? readings[0]).outcome
    }
}

/// A finding that cannot be computed: a misspelled term, a name that points at the wrong quantity, a
/// symbol with two meanings, a claim with no number in it.
public struct UncomputableFinding: Sendable {
    public let id: String
    public let document: SeedDocument
    public let statement: Statement
    public let location: String
    /// The words or symbols the finding is about, as the document prints them.
    public let printed: String
    public let severity: Severity
    /// Why no number can be compared.
    public let whyNotComputable: String
    /// What is wrong and what is meant.
    public let explanation: String

    public init(
        _ id: String, _ document: SeedDocument, statement: Statement, location: String, printed: String, severity: Severity,
        whyNotComputable: String, explanation: String
    ) {
        precondition(severity != .holds && severity != .unresolved, "an uncomputable finding is a problem the reader should know of")
        self.id = id
        self.document = document
        self.statement = statement
        self.location = location
        self.printed = printed
        self.severity = severity
        self.whyNotComputable = whyNotComputable
        self.explanation = explanation
    }
}

/// One finding, computable or not.
public enum Finding: Sendable {
    case checkpoint(Checkpoint)
    case uncomputable(UncomputableFinding)

    public var id: String {
        switch self {
        case .checkpoint(let c): return c.id
        case .uncomputable(let u): return u.id
        }
    }

    public var severity: Severity {
        switch self {
        case .checkpoint(let c): return c.severity
        case .uncomputable(let u): return u.severity
        }
    }

    public var document: SeedDocument {
        switch self {
        case .checkpoint(let c): return c.document
        case .uncomputable(let u): return u.document
        }
    }

    public var model: String? {
        if case .checkpoint(let c) = self { return c.model }
        return nil
    }
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
