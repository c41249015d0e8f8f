import RNNGradCheck

/// The ratio table of a side-by-side run: the peers' times (run_all.sh's output) divided by
/// rnn-gradcheck's, workload by workload.
public enum PeerComparison {
    /// One `workload=… impl=… median_s=…` line (anything before `workload=` is ignored, so that lines
    /// prefixed with the name of their log still read).
    public struct Line: Sendable, Equatable {
        public let workload: String
        public let implementation: String
        public let median: Double

        public init(workload: String, implementation: String, median: Double) {
            self.workload = workload
            self.implementation = implementation
            self.median = median
        }
    }

    /// The measurement lines of a run_all.sh (or bench) output; other lines (`#` comments, blank) are
    /// skipped. A line that names a workload and an implementation but has no readable median is an
    /// error, with its line number.
    public static func lines(in text: String, file: String) throws(RNNGradCheckError) -> [Line] {
        var result: [Line] = []
        for (number, raw) in text.split(separator: "\n", omittingEmptySubsequences: false).enumerated() {
            guard let start = raw.range(of: "workload=") else { continue }
            var fields: [Substring: Substring] = [:]
            for pair in raw[start.lowerBound...].split(separator: " ") {
                guard let equals = pair.firstIndex(of: "=") else { continue }
                fields[pair[..<equals]] = pair[pair.index(after: equals)...]
            }
            guard let workload = fields["workload"], let implementation = fields["impl"] else { continue }
            guard let text = fields["median_s"], let median = Double(text), median.isFinite, median > 0 else {
                throw RNNGradCheckError(
                    .dataError,
                    "\(file), line \(number + 1): expected 'median_s=<seconds>' after 'workload=\(workload) impl=\(implementation)', found \(fields["median_s"].map { "'median_s=\($0)'" } ?? "none")")
            }
            result.append(Line(workload: String(workload), implementation: String(implementation), median: median))
        }
        return result
    }

    /// The median over runs of one implementation on one workload, with the spread of the runs.
    public struct Summary: Sendable, Equatable {
        public let median: Double
        public let low: Double
        public let high: Double
        public let runs: Int
    }

    /// Every (workload, implementation) summarized over its lines.
    public static func summaries(_ lines: [Line]) -> [String: [String: Summary]] {
        var grouped: [String: [String: [Double]]] = [:]
        for line in lines { grouped[line.workload, default: [:]][line.implementation, default: []].append(line.median) }
        return grouped.mapValues { implementations in
            implementations.mapValues { values in
                let sorted = values.sorted()
                let mid = sorted.count / 2
                let median = sorted.count % 2 == 1 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2
                return Summary(median: median, low: sorted.first!, high: sorted.last!, runs: sorted.count)
            }
        }
    }

    /// One row of the ratio table: rnn-gradcheck's implementation and time, and each peer's time divided
    /// by it (above 1: rnn-gradcheck is faster).
    public struct Row: Sendable {
        public let workload: String
        public let implementation: String
        public let ours: Summary
        public let ratios: [(peer: String, ratio: Double, peerMedian: Double)]
    }

    /// The implementation that stands for rnn-gradcheck on a workload: the one sweep for gradients, the
    /// one-thread check for checks (the peers run with THREADS=1).
    public static func representative(of workload: String) -> String { workload.hasPrefix("check") ? "swift_check" : "swift_sweep" }

    /// The table, for the workloads both sides measured, in the order of `Benchmark.workloads`.
    public static func table(ours: [Line], peers: [Line]) -> [Row] {
        let mine = summaries(ours), theirs = summaries(peers)
        return Benchmark.workloads.compactMap { workload in
            let implementation = representative(of: workload.name)
            guard let own = mine[workload.name]?[implementation], let others = theirs[workload.name] else { return nil }
            let ratios = others.keys.sorted().map { peer in (peer, others[peer]!.median / own.median, others[peer]!.median) }
            return Row(workload: workload.name, implementation: implementation, ours: own, ratios: ratios)
        }
    }
}
