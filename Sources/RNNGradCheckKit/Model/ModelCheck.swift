import RNNGradCheck

/// The check of a model's gradient: the core's `GradientCheck`, the code that computed each side, and
/// the report `rnn-gradcheck check` prints.
public struct ModelCheck: Sendable, CustomStringConvertible {
    /// Per block: analytic against numerical, every entry's relative error, the verdict.
    public let check: GradientCheck
    /// The model's type name (`BiasedRNN`), nil for a loss closure.
    public let model: String?
    /// The code the numerical gradient differentiates: `BiasedRNN.loss`, `the loss closure`.
    public let lossSource: String
    /// The code that computed the analytic gradient: `BiasedRNN.gradients()`.
    public let gradientSource: String
    /// The scheme and step that derive again the entries failing under the settings' scheme (nil: none).
    public let reexamining: (scheme: DifferenceScheme, step: Double)?

    init(check: GradientCheck, model: String?, lossSource: String, gradientSource: String, reexamining: (scheme: DifferenceScheme, step: Double)?) {
        self.check = check
        self.model = model
        self.lossSource = lossSource
        self.gradientSource = gradientSource
        self.reexamining = reexamining
    }

    /// Every block within the tolerance, no NaN or infinity anywhere.
    public var passed: Bool { check.passed }
    /// The loss at the parameters.
    public var loss: Double { check.loss }
    /// The scheme, step and tolerance the check used.
    public var settings: CheckSettings { check.settings }
    /// One comparison per parameter block, in the parameters' order.
    public var blocks: [BlockComparison] { check.blocks }
    /// The comparison of block `name`.
    public subscript(name: String) -> BlockComparison? { check.blocks.first { $0.key == name } }

    /// One entry, analytic against numerical.
    public struct Entry: Sendable, Equatable {
        /// The block's name and the entry's flat, row-major index in it.
        public let block: String
        public let index: Int
        /// `W_hh[1,0]`.
        public let label: String
        public let analytic: Double
        public let numerical: Double
        /// The scheme that computed `numerical` here: the settings' scheme, or the re-examining one.
        public let oracle: DifferenceScheme
        /// For a re-examined entry, what the settings' scheme gave before (nil otherwise).
        public let screened: Double?
        public let relativeError: Double
        public let tolerance: Double
        /// The floor of the relative error here (R / tolerance, R the numerical resolution).
        public let floor: Double
        /// Set when this entry is the block's first NaN or infinity.
        public let nonFinite: NonFiniteEntry?
    }

    /// The entry that decides the verdict: the first NaN or infinity when there is one, otherwise the
    /// entry with the largest relative error over all blocks (nil when there are no entries).
    public var worst: Entry? {
        if let index = check.blocks.firstIndex(where: { $0.nonFinite != nil }) {
            let block = check.blocks[index]
            return entry(block: index, index: block.nonFinite!.entry)
        }
        var worst: (block: Int, index: Int)?
        for (index, block) in check.blocks.enumerated() {
            guard let entry = block.worstEntry else { continue }
            if let w = worst, !(block.maxRelativeError > check.blocks[w.block].maxRelativeError) { continue }
            worst = (index, entry)
        }
        return worst.map { entry(block: $0.block, index: $0.index) }
    }

    /// Entry `index` of block `blockIndex` (both in range).
    func entry(block blockIndex: Int, index: Int) -> Entry {
        let block = check.blocks[blockIndex]
        let reexamination = check.reexamination.flatMap { $0.entries[blockIndex].contains(index) ? $0 : nil }
        return Entry(
            block: block.key, index: index, label: block.label(ofEntry: index), analytic: block.analytic[index],
            numerical: block.numerical[index], oracle: reexamination?.scheme ?? check.settings.scheme,
            screened: reexamination?.screening[blockIndex].numerical[index],
            relativeError: block.relativeErrors[index], tolerance: block.tolerance, floor: block.floors[index],
            nonFinite: block.nonFinite?.entry == index ? block.nonFinite : nil)
    }

    /// The report: the loss, which code computed each side and how, the table `rnn-gradcheck check`
    /// prints (`CheckTable`), and the count of blocks that passed and failed. `style` colours the
    /// verdicts (plain by default).
    public func lines(indent: String = "  ", style: (String, TextStyle) -> String = { text, _ in text }) -> [String] {
        let settings = check.settings
        var lines = [
            "\(model.map { "\($0): " } ?? "")loss = \(Format.value(loss, digits: 17))",
            "analytic: \(gradientSource); numerical: \(CheckTable.methodDescription(settings)) of \(lossSource)"
                + (reexamining.map { ", entries that fail derived again by \(Self.methodDescription($0.scheme, step: $0.step))" } ?? "")
                + "; an entry passes when its relative error ≤ \(Format.setting(settings.tolerance))",
        ]
        lines += CheckTable.lines(check, indent: indent, style: style)
        let failed = check.blocks.filter { $0.verdict != .pass }.count
        let summary = "\(check.blocks.count - failed) passed, \(failed) failed"
        lines.append(style(summary, failed == 0 ? .green : .red))
        return lines
    }

    /// "the complex step, h = 1e-20", "Richardson extrapolation, h = 1e-05·max(1,|θ|)".
    private static func methodDescription(_ scheme: DifferenceScheme, step: Double) -> String {
        scheme == .complexStep
            ? "\(scheme.oracleName) from h = \(Format.setting(step)) down, 2²⁰ apart, until two steps agree"
            : "\(scheme.oracleName), h = \(Format.setting(step))·max(1,|θ|)"
    }

    /// The report as text, one line each, each ending with a newline.
    public var report: String { lines().map { $0 + "\n" }.joined() }

    /// The report (`print(check)` prints the table).
    public var description: String { report }

    /// Nil when the check passed; otherwise one line naming the entry that decides the verdict, its
    /// analytic and numerical values, which oracle computed the numerical one, the relative error
    /// against the tolerance, and the failing blocks: `W_hh[1,0]: analytic …, numerical … (the complex
    /// step), relative error 8.8e-02 > tolerance 1e-07; failing blocks: W_xh, W_hh`.
    public var failureSummary: String? {
        guard !passed, let worst else { return nil }
        let failing = check.blocks.filter { $0.verdict != .pass }.map(\.key).joined(separator: ", ")
        let finding: String
        if let bad = worst.nonFinite {
            let side = bad.side == .analytic
                ? "the analytic gradient (\(gradientSource))" : "the numerical gradient (\(worst.oracle.oracleName) of \(lossSource))"
            finding = "\(side) is \(Format.value(bad.value)); a NaN or an infinity is never a pass"
        } else {
            finding = "analytic \(Format.value(worst.analytic)), numerical \(Format.value(worst.numerical)) (\(worst.oracle.oracleName)),"
                + " relative error \(Format.error(worst.relativeError)) > tolerance \(Format.setting(worst.tolerance))"
        }
        var summary = "\(worst.label): \(finding); failing blocks: \(failing)"
        // A finite difference that re-examined the entry is not exact: when it and the first scheme
        // disagree, the numerical side is in doubt, and the message says so instead of blaming the gradient.
        if worst.oracle != .complexStep, let screened = worst.screened, screened.isFinite, worst.numerical.isFinite,
            abs(screened - worst.numerical) > worst.tolerance * max(abs(screened), abs(worst.numerical), worst.floor)
        {
            summary += "; \(check.settings.scheme.oracleName) gave \(Format.value(screened)) there: the two oracles disagree with each other,"
                + " so the numerical gradient is unreliable at this entry (a loss generic over the scalar allows the complex step)"
        }
        return summary
    }

    /// Nil when the check passed; otherwise "gradient check failed: " and the summary, then the report.
    public var failureMessage: String? {
        failureSummary.map { (["gradient check failed: \($0)"] + lines()).joined(separator: "\n") }
    }
}
