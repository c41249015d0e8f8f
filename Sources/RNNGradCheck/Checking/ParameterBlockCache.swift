/// Every problem type's parameter blocks, built once. A block holds key paths, and building a key path
/// at run time (`appending(path:)`) looks types up by their mangled names: about 10 µs for three
/// blocks, more than a whole classroom check's arithmetic. A notation's `blocks` builds its list
/// through `cached` and returns the stored one afterwards.
public enum ParameterBlockCache {
    private final class Box<Value>: @unchecked Sendable {
        let value: Value
        init(_ value: Value) { self.value = value }
    }

    private static let lock = Lock()
    nonisolated(unsafe) private static var stored: [ObjectIdentifier: AnyObject] = [:]

    /// The blocks of `problem`, built by `make` the first time.
    public static func cached<P: GradientProblem>(_ problem: P.Type, _ make: () -> [ParameterBlock<P>]) -> [ParameterBlock<P>] {
        let key = ObjectIdentifier(problem)
        if let box = lock.withLock({ stored[key] }) {
            return unsafeDowncast(box, to: Box<[ParameterBlock<P>]>.self).value
        }
        let blocks = make()
        lock.withLock { stored[key] = stored[key] ?? Box(blocks) }
        return blocks
    }
}
