/// The worst of several comparisons: any that cannot be compared, else the largest error.
func worst(_ outcomes: [ReadingOutcome]) -> ReadingOutcome {
    var largest = 0.0
    for outcome in outcomes {
        switch outcome {
        case .notComparable: return outcome
        case .relativeError(let e): largest = max(largest, e.isNaN ? .infinity : e)
        }
    }
    return .relativeError(largest)
}

/// Entries of several vectors, concatenated (to compare a whole family of δ's at once).
func concatenated(_ vectors: [Vector<Double>]) -> [Double] { vectors.flatMap(\.storage) }

extension WildmlLab {
    /// "a random U/V/W network (K=5, H=3, T=5, seed 1)".
    func network(_ seed: UInt64) -> String { "a random U/V/W network (K=\(K), H=\(H), T=\(T), seed \(seed))" }
}

extension Array where Element == Checkpoint {
    /// The outcome of reading `index` of checkpoint `id` (for a downstream list that reuses a later
    /// checkpoint's own evaluation: fed the corrected quantity, the consumer is that checkpoint).
    func outcome(_ id: String, _ index: Int) -> ReadingOutcome {
        guard let checkpoint = first(where: { $0.id == id }) else { preconditionFailure("no checkpoint \(id)") }
        return checkpoint.readings[index].outcome
    }

    /// Appends `downstream` to checkpoint `id`'s list.
    mutating func attach(_ downstream: Downstream, to id: String) {
        guard let i = firstIndex(where: { $0.id == id }) else { preconditionFailure("no checkpoint \(id)") }
        self[i].downstream.append(downstream)
    }
}
