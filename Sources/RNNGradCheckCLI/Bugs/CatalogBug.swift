import RNNGradCheck

/// A catalogued bug of any notation (`Wildml.bugs`, `DenominatorLayout.bugs`, `IndexWise.bugs`), as the
/// command line uses it: on a `ProblemCase`, whatever its notation.
struct CatalogBug: @unchecked Sendable {
    let notation: Notation
    let id: String
    let title: String
    let mistake: String
    let wrongLine: String
    let rightLine: String
    let shiftsTime: Bool
    /// The catalog's network for the bug, for a seed.
    let classroomCase: (UInt64) -> ProblemCase
    /// The bug's gradient, block by block, on a problem of its notation (nil for another notation).
    let gradientBlocks: (any BPTTProblem) -> [BlockValues]?
    /// The bug through the checker on a problem of its notation (nil for another notation).
    let check: (any BPTTProblem, CheckSettings) -> GradientCheck?

    init<P: BPTTProblem>(_ bug: BPTTBug<P>, notation: Notation) {
        self.notation = notation
        id = bug.id
        title = bug.title
        mistake = bug.mistake
        wrongLine = bug.wrongLine
        rightLine = bug.rightLine
        shiftsTime = bug.shiftsTime
        classroomCase = { seed in
            let problem = bug.classroomProblem(seed)
            return ProblemCase(notation: notation, problem: problem, truncate: problem.truncation, origin: "seed \(seed)")
        }
        gradientBlocks = { problem in
            guard let problem = problem as? P else { return nil }
            let gradients = bug.gradients(problem)
            return P.blocks.map {
                BlockValues(key: $0.key, symbol: $0.symbol, shape: problem[keyPath: $0.shape], values: gradients[keyPath: $0.gradient])
            }
        }
        check = { problem, settings in
            guard let problem = problem as? P else { return nil }
            return bug.check(on: problem, settings: settings)
        }
    }

    /// Every bug of the catalog, notation by notation.
    static let all: [CatalogBug] =
        Wildml.bugs.map { CatalogBug($0, notation: .wildml) }
        + DenominatorLayout.bugs.map { CatalogBug($0, notation: .denominatorLayout) }
        + IndexWise.bugs.map { CatalogBug($0, notation: .indexWise) }

    static func named(_ id: String) -> CatalogBug? { all.first { $0.id == id } }

    /// "the line … is missing" or "… instead of …", for a reader who wants the difference.
    var lineChange: String {
        wrongLine.isEmpty ? "missing line: \(rightLine)" : "\(wrongLine)   (right: \(rightLine))"
    }
}

extension ProblemCase {
    /// A few words on the network a case is: "full BPTT", "bptt_truncate τ=2", "softmax output".
    var networkLabel: String {
        var parts: [String] = []
        if let p = problem as? IndexWise.Problem<Double>, p.network.g == .softmax { parts.append("softmax output") }
        parts.append(effectiveTruncation.map { "\(notation.truncationName) τ=\($0)" } ?? "full BPTT")
        return parts.joined(separator: ", ")
    }
}

extension BPTTProblem {
    /// The hand-derived BPTT with every block replaced by `blocks` (flat, row-major, in block order): a
    /// gradient another program or a bug computed, in the notation's own gradient type.
    func gradients(fromBlocks blocks: [[Double]]) -> Gradients {
        var gradients = bpttGradients(truncation: nil)
        for (block, values) in zip(Self.blocks, blocks) {
            gradients[keyPath: block.gradient] = values
        }
        return gradients
    }

    /// `blocks` (flat, in block order) against the objective the problem poses (its truncation included).
    func checkBlocks(_ blocks: [[Double]], settings: CheckSettings) -> GradientCheck {
        GradientChecker.checkAsPosed(self, analytic: gradients(fromBlocks: blocks), settings: settings)
    }

    /// The problem's own BPTT (with its truncation) against the objective it poses.
    func checkOwnBPTT(settings: CheckSettings) -> GradientCheck {
        GradientChecker.checkAsPosed(self, analytic: bpttGradients(truncation: truncation), settings: settings)
    }
}
