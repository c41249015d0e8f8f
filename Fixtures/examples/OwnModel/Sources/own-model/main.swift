// Checks BiasedRNN's hand-derived BPTT against numerical gradients and prints the table
// `rnn-gradcheck check` prints. Exit status 0 when every block passes, 1 when one fails, 64 for a
// wrong command line, 65 when the model cannot be checked (malformed parameters or gradients).
import Foundation
import OwnModel
import RNNGradCheck
import RNNGradCheckKit

let usage = "own-model [--seed S] [--method central|richardson|complex-step] [--planted-bug \(BiasedRNN.PlantedBug.allCases.map(\.rawValue).joined(separator: "|"))]"
let help = """
    OVERVIEW: Checks the BiasedRNN example's hand-derived BPTT against numerical gradients.

    USAGE: \(usage)

    OPTIONS:
      --seed S             the random network and sequence (default: 1)
      --method M           central, richardson or complex-step (default: central; failing entries
                           are derived again by the complex step)
      --planted-bug B      plant one of the example's mistakes in the gradient (default: none)
      -h, --help           show this help

    EXIT STATUS: 0 every block passed, 1 a block failed, 64 usage error, 65 the model cannot be checked.
    """

/// Prints `message` and the usage line on standard error and exits with status 64.
func usageError(_ message: String) -> Never {
    FileHandle.standardError.write(Data("Error: \(message)\nUsage: \(usage)\n".utf8))
    exit(64)
}

var seed: UInt64 = 1
var scheme = DifferenceScheme.central
var plantedBug: BiasedRNN.PlantedBug?
var arguments = CommandLine.arguments.dropFirst()
while let option = arguments.popFirst() {
    if option == "-h" || option == "--help" {
        print(help)
        exit(0)
    }
    guard ["--seed", "--method", "--planted-bug"].contains(option) else { usageError("unknown option \(option)") }
    guard let value = arguments.popFirst() else { usageError("\(option) needs a value") }
    switch option {
    case "--seed":
        guard let parsed = UInt64(value) else { usageError("--seed must be a whole number ≥ 0, got \(value)") }
        seed = parsed
    case "--method":
        guard let parsed = DifferenceScheme(rawValue: value) else { usageError("--method must be central, richardson or complex-step, got \(value)") }
        scheme = parsed
    default:
        guard let parsed = BiasedRNN.PlantedBug(rawValue: value) else {
            usageError("--planted-bug must be one of \(BiasedRNN.PlantedBug.allCases.map(\.rawValue).joined(separator: ", ")), got \(value)")
        }
        plantedBug = parsed
    }
}

let model = BiasedRNN.example(seed: seed, plantedBug: plantedBug)
do {
    let check = try checkGradients(of: model, settings: CheckSettings(scheme: scheme))
    print(check, terminator: "")
    if let summary = check.failureSummary { print("worst: \(summary)") }
    exit(check.passed ? 0 : 1)
} catch {
    FileHandle.standardError.write(Data("Error: \(error)\n".utf8))
    exit(65)
}
