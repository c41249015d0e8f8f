/// A sequence of per-step vectors with an explicit initial value at index −1.
///
/// The documents all start from a zero state: seed 000's code allocates `s` with T + 1 rows and reads
/// the initial state as `s[-1]` (python's last row); seed 002 defines h_{−1} = 0; seed 001 needs
/// s(t−1) at t = 0. Here `s[-1]` is the stored initial state, named, not an accident of negative
/// indexing; `s[t]` for t in 0..<T is step t.
public struct StateSequence<Scalar: RealScalar>: Sendable {
    /// The state before the first step (s_{−1}, h_{−1}).
    public var initial: Vector<Scalar>
    /// Steps 0..<T.
    public var steps: [Vector<Scalar>]

    /// `count` steps, all equal to `initial` until they are written.
    public init(initial: Vector<Scalar>, count: Int) {
        self.initial = initial
        self.steps = Array(repeating: initial, count: count)
    }

    public var count: Int { steps.count }

    /// Step t for t in 0..<count, the initial state for t = −1.
    public subscript(t: Int) -> Vector<Scalar> {
        get { t == -1 ? initial : steps[t] }
        set {
            if t == -1 { initial = newValue } else { steps[t] = newValue }
        }
    }
}
