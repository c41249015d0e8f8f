import RNNGradCheck
import RNNGradCheckKit

// libFuzzer calls this with every input it makes. Each reader must return a value or throw an
// RNNGradCheckError: a trap (an out-of-range index, an overflow, a failed precondition) is a crash
// libFuzzer reports and keeps.

/// A fixture whose answers are decoded against it: the classroom wildml network.
nonisolated(unsafe) let answerCase = ProblemCase.random(NotationRegistry.all[0], seed: 1)

@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzDecoders(_ data: UnsafePointer<UInt8>, _ size: Int) -> Int32 {
    let bytes = Array(UnsafeBufferPointer(start: data, count: size))
    _ = try? JSONParser.parse(bytes)
    _ = try? JSONParser.parse(bytes, acceptingNonFinite: true)
    if let problemCase = try? Fixture.decode(bytes, source: "fuzz") {
        // A fixture that decodes must be a problem the package can compute on: the forward pass and
        // the hand-derived gradient run (small ones only, to keep the fuzzer fast).
        let entries = problemCase.problem.parameterBlocks.reduce(0) { $0 + $1.values.count }
        if entries * problemCase.problem.steps <= 4096 {
            _ = problemCase.problem.loss()
            _ = problemCase.gradientBlocks
        }
    }
    _ = try? GradientsDocument.decode(bytes, source: "fuzz", for: answerCase)
    // Three gradients exercises, and the answers that hold "values" (a matrix and a Boolean; a bug
    // id and a line).
    for exercise in Exercises.all.prefix(3) + Exercises.all.filter({ !$0.asksForGradients }) {
        if let problemCase = try? exercise.problemCase() {
            _ = try? Answer.decode(bytes, source: "fuzz", for: exercise, problemCase: problemCase)
        }
    }
    return 0
}

// SwiftPM links an executable's entry point as `<Target>_main`; libFuzzer's driver is started from
// there (its own `main` is then not linked).
@_silgen_name("LLVMFuzzerRunDriver")
func LLVMFuzzerRunDriver(
    _ argc: UnsafeMutablePointer<Int32>, _ argv: UnsafeMutablePointer<UnsafeMutablePointer<UnsafeMutablePointer<CChar>?>?>,
    _ callback: @convention(c) (UnsafePointer<UInt8>, Int) -> Int32
) -> Int32

@_cdecl("FuzzDecoders_main")
public func fuzzMain(_ argc: Int32, _ argv: UnsafeMutablePointer<UnsafeMutablePointer<CChar>?>?) -> Int32 {
    var count = argc
    var arguments = argv
    return LLVMFuzzerRunDriver(&count, &arguments, fuzzDecoders)
}
