import Foundation
import RNNGradCheck

/// Many random networks, each checked with its notation's own (correct) BPTT: every "fail" is a false
/// alarm, a correct gradient called wrong. What `rnn-gradcheck stress` runs and the test suite runs
/// smaller: the checker must never cry wolf, on small and saturated networks, with and without
/// truncation, under every numerical method.
public struct FalseAlarmSweep: Sendable {
    /// How the random networks are drawn.
    public struct Settings: Sendable {
        public var networksPerNotation: Int
        public var seed: UInt64
        /// Weight scales are drawn log-uniformly between these (above 1 saturates tanh and sigmoid; far
        /// above, gradients explode).
        public var weightScales: ClosedRange<Double>
        /// The largest size drawn for every size symbol but T, and the largest T.
        public var largestSize: Int
        public var longestSequence: Int

        public init(networksPerNotation: Int, seed: UInt64 = 1, weightScales: ClosedRange<Double> = 0.1...5, largestSize: Int = 4, longestSequence: Int = 6) {
            self.networksPerNotation = networksPerNotation
            self.seed = seed
            self.weightScales = weightScales
            self.largestSize = largestSize
            self.longestSequence = longestSequence
        }
    }

    /// What one notation's networks gave.
    public struct Tally: Sendable {
        public let notation: String
        public internal(set) var networks = 0
        /// Networks whose every block passed.
        public internal(set) var passed = 0
        /// Networks with an unresolved block and no failing one.
        public internal(set) var unresolved = 0
        /// Networks with a failing or non-finite block: a correct gradient called wrong.
        public internal(set) var falseAlarms = 0
        /// Networks checked truncated, and per method.
        public internal(set) var truncated = 0
        public internal(set) var byMethod: [String: Int] = [:]
        /// The first few false alarms, to reproduce: "seed 17, K=3 H=2 T=5, weights ×4.1, central".
        public internal(set) var examples: [String] = []
    }

    public let settings: Settings
    public let tallies: [Tally]

    public var networks: Int { tallies.reduce(0) { $0 + $1.networks } }
    public var falseAlarms: Int { tallies.reduce(0) { $0 + $1.falseAlarms } }
    public var unresolved: Int { tallies.reduce(0) { $0 + $1.unresolved } }
    public var passed: Bool { falseAlarms == 0 }

    /// Runs the sweep over `notations`. Each network gets its own seed (the sweep's seed and its number),
    /// sizes, weight scale, truncation (for a notation that has one, half the networks), model options
    /// and method (central, Richardson and the complex step in turn), so a reported network can be
    /// rebuilt alone. `progress(done, total)` is called after each network. `gradient` replaces the
    /// notation's BPTT (flat blocks; for a test that the sweep finds alarms when there are some).
    public static func run(
        _ settings: Settings, notations: [AnyNotation] = NotationRegistry.all,
        gradient: ((any NotationProblem) -> [[Double]])? = nil, progress: (Int, Int) -> Void = { _, _ in }
    ) -> FalseAlarmSweep {
        let methods = DifferenceScheme.allCases
        let total = settings.networksPerNotation * notations.count
        var done = 0
        var tallies: [Tally] = []
        for notation in notations {
            var tally = Tally(notation: notation.name)
            for index in 0..<settings.networksPerNotation {
                var generator = SeededGenerator(seed: settings.seed &* 1_000_003 &+ UInt64(index))
                var sizes: [String: Int] = [:]
                for size in notation.sizes {
                    let largest = size.symbol == "T" ? settings.longestSequence : settings.largestSize
                    sizes[size.symbol] = 1 + generator.integer(below: max(1, min(largest, size.range.upperBound)))
                }
                let scale = Foundation.exp(generator.uniform(Foundation.log(settings.weightScales.lowerBound), Foundation.log(settings.weightScales.upperBound)))
                var options: [String: String] = [:]
                for option in notation.options { options[option.key] = option.values[generator.integer(below: option.values.count)] }
                let steps = sizes["T"] ?? 1
                let truncation = notation.truncationName != nil && generator.integer(below: 2) == 1 ? generator.integer(below: steps) : nil
                let method = methods[index % methods.count]
                let networkSeed = generator.next()
                let problem = notation.random(sizes: sizes, seed: networkSeed, weightScale: scale, truncation: truncation, options: options)
                let verdicts = check(problem, analytic: gradient?(problem), settings: CheckSettings(scheme: method))
                tally.networks += 1
                tally.byMethod[method.rawValue, default: 0] += 1
                if problem.truncation != nil { tally.truncated += 1 }
                if verdicts.contains(.fail) || verdicts.contains(.nonFinite) {
                    tally.falseAlarms += 1
                    if tally.examples.count < 5 {
                        let described = notation.sizes(of: problem).map { "\($0.symbol)=\($0.value)" }.joined(separator: " ")
                        tally.examples.append(
                            "seed \(networkSeed), \(described), weights ×\(Format.value(scale, digits: 3)), τ \(problem.truncation.map(String.init) ?? "none"), \(method.rawValue)")
                    }
                } else if verdicts.contains(.unresolved) {
                    tally.unresolved += 1
                } else {
                    tally.passed += 1
                }
                done += 1
                progress(done, total)
            }
            tallies.append(tally)
        }
        return FalseAlarmSweep(settings: settings, tallies: tallies)
    }

    /// Every block verdict of the problem's own BPTT (or `analytic`), checked as `check` checks it.
    private static func check<P: BPTTProblem>(_ problem: P, analytic: [[Double]]?, settings: CheckSettings) -> [Verdict] {
        if let analytic { return problem.checkBlocks(analytic, settings: settings).blocks.map(\.verdict) }
        if let tau = problem.truncation {
            let check = GradientChecker.checkTruncated(problem, truncation: tau, settings: settings)
            return (check.full.blocks + check.truncated.blocks).map(\.verdict)
        }
        return GradientChecker.check(problem, settings: settings).blocks.map(\.verdict)
    }
}

extension FalseAlarmSweep {
    public static let schema = "rnn-gradcheck/stress/1"

    /// The sweep for programs (schema rnn-gradcheck/stress/1, notes/json.md).
    public func json(seconds: Double) -> JSONValue {
        .object([
            ("schema", .string(Self.schema)),
            ("settings", .object([
                ("networks_per_notation", .integer(settings.networksPerNotation)),
                ("seed", .number(Double(settings.seed), literal: String(settings.seed))),
                ("weight_scales", .array([.number(settings.weightScales.lowerBound), .number(settings.weightScales.upperBound)])),
                ("largest_size", .integer(settings.largestSize)),
                ("longest_sequence", .integer(settings.longestSequence)),
            ])),
            ("notations", .array(tallies.map { tally in
                .object([
                    ("notation", .string(tally.notation)),
                    ("networks", .integer(tally.networks)),
                    ("passed_networks", .integer(tally.passed)),
                    ("unresolved_networks", .integer(tally.unresolved)),
                    ("false_alarms", .integer(tally.falseAlarms)),
                    ("truncated_networks", .integer(tally.truncated)),
                    ("by_method", .object(tally.byMethod.sorted { $0.key < $1.key }.map { ($0.key, .integer($0.value)) })),
                    ("false_alarm_examples", .array(tally.examples.map { .string($0) })),
                ])
            })),
            ("networks", .integer(networks)),
            ("false_alarms", .integer(falseAlarms)),
            ("unresolved", .integer(unresolved)),
            ("seconds", .number(seconds)),
            ("passed", .bool(passed)),
        ])
    }
}
