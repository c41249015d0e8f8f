/// The range of one reading's outcome over many networks.
public struct OutcomeRange: Sendable, Equatable {
    /// The smallest and largest relative error on the networks where the reading gave a number.
    public private(set) var min = Double.infinity
    public private(set) var max = -Double.infinity
    /// On how many networks the reading gave a number, and on how many it could not be compared.
    public private(set) var measured = 0
    public private(set) var notComparable = 0
    /// Why it could not be compared, on the first network where it could not.
    public private(set) var reason: String?

    public init() {}

    public init(_ outcome: ReadingOutcome) { add(outcome) }

    public mutating func add(_ outcome: ReadingOutcome) {
        switch outcome {
        case .relativeError(let e):
            let value = e.isNaN ? .infinity : e
            min = Swift.min(min, value)
            max = Swift.max(max, value)
            measured += 1
        case .notComparable(let why):
            notComparable += 1
            if reason == nil { reason = why }
        }
    }

    public var networks: Int { measured + notComparable }
}

/// A downstream effect's two ranges: fed the printed quantity, fed the corrected one.
public struct EffectRange: Sendable {
    public let consumer: String
    public internal(set) var printed: OutcomeRange
    public internal(set) var corrected: OutcomeRange
}

/// Every finding checked on many random networks: the first of standard sizes (what a report shows
/// line by line), the others of sizes drawn within `DerivationSizes.rules`. Each figure is a range
/// over the networks, each network's figure aggregated as its checkpoint states.
public struct Survey: Sendable {
    public let seed: UInt64
    /// The sizes of network i (i = 0 … networks−1); network i is drawn from seed + i.
    public let sizes: [DerivationSizes]
    /// The findings on the first network.
    public let documents: [DocumentCheck]
    /// Checkpoint id → the range of each of its readings.
    public let readings: [String: [OutcomeRange]]
    /// Checkpoint id → each downstream list → each effect's ranges.
    public let downstream: [String: [[EffectRange]]]
    /// Where a checkpoint's verdict, or the set of readings that hold, differs from the first
    /// network's: "000.7 on network 12 (K=7 H=2 …): holds under a reading [0] against [1]".
    public let unstable: [String]
    /// The largest relative error of anything that holds, and the smallest of anything that fails
    /// with a number, over every reading and downstream effect of every network.
    public let largestHolding: Double
    public let smallestFailing: Double

    public var networks: Int { sizes.count }

    /// Runs the verifier on `networks` networks (at least 1).
    public static func run(_ documents: [SeedDocument] = SeedDocument.allCases, seed: UInt64 = 1, networks: Int = 1) -> Survey {
        precondition(networks >= 1, "a survey needs at least one network")
        var sizes: [DerivationSizes] = []
        var first: [DocumentCheck] = []
        var readings: [String: [OutcomeRange]] = [:]
        var downstream: [String: [[EffectRange]]] = [:]
        var unstable: [String] = []
        var largestHolding = 0.0
        var smallestFailing = Double.infinity
        func note(_ outcome: ReadingOutcome) {
            guard let e = outcome.relativeError else { return }
            if outcome.holds { largestHolding = max(largestHolding, e) } else { smallestFailing = min(smallestFailing, e) }
        }
        var reference: [String: (category: String, holding: [Int])] = [:]
        for i in 0..<networks {
            let networkSeed = seed &+ UInt64(i)
            let size = i == 0 ? DerivationSizes.standard : DerivationSizes.varied(seed: networkSeed)
            sizes.append(size)
            let checks = Derivation.check(documents, seed: networkSeed, sizes: size)
            if i == 0 { first = checks }
            for checkpoint in checks.flatMap(\.checkpoints) {
                let id = checkpoint.id
                let verdict = (checkpoint.verdict.category, checkpoint.holdingReadings)
                if let expected = reference[id] {
                    if expected != verdict {
                        unstable.append("\(id) on network \(i) (\(size.description), seed \(networkSeed)): \(verdict.0) \(verdict.1) against \(expected.category) \(expected.holding)")
                    }
                } else if i == 0 {
                    reference[id] = verdict
                } else {
                    unstable.append("\(id) appears on network \(i) only")
                }
                var ranges = readings[id] ?? Array(repeating: OutcomeRange(), count: checkpoint.readings.count)
                if ranges.count != checkpoint.readings.count {
                    unstable.append("\(id) has \(checkpoint.readings.count) readings on network \(i), \(ranges.count) on network 0")
                    continue
                }
                for (r, reading) in checkpoint.readings.enumerated() {
                    ranges[r].add(reading.outcome)
                    note(reading.outcome)
                }
                readings[id] = ranges
                var lists = downstream[id] ?? checkpoint.downstream.map { list in
                    list.effects.map { EffectRange(consumer: $0.consumer, printed: OutcomeRange(), corrected: OutcomeRange()) }
                }
                for (d, list) in checkpoint.downstream.enumerated() {
                    for (e, effect) in list.effects.enumerated() {
                        lists[d][e].printed.add(effect.fedPrinted)
                        lists[d][e].corrected.add(effect.fedCorrected)
                        note(effect.fedPrinted)
                        note(effect.fedCorrected)
                    }
                }
                downstream[id] = lists
            }
        }
        return Survey(
            seed: seed, sizes: sizes, documents: first, readings: readings, downstream: downstream, unstable: unstable,
            largestHolding: largestHolding, smallestFailing: smallestFailing)
    }
}
