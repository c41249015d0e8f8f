import Foundation
import RNNGradCheck
import XCTest

@testable import RNNGradCheckCLI
@testable import RNNGradCheckKit

/// What one run of the command line printed.
struct Run {
    let status: ExitStatus
    let out: String
    let err: String
}

/// Runs `rnn-gradcheck ARGUMENTS` in process, with `input` as standard input.
func rnnGradcheck(_ arguments: [String], input: String = "") -> Run {
    final class Buffer: @unchecked Sendable { var text = "" }
    let out = Buffer(), err = Buffer()
    let console = Console(out: { out.text += $0 }, error: { err.text += $0 }, input: { Array(input.utf8) })
    let status = RNNGradCheckCLI.run(arguments, console: console)
    return Run(status: status, out: out.text, err: err.text)
}

/// A temporary file holding `text`, removed at the end of the test.
func temporaryFile(_ text: String, name: String = "fixture.json", testCase: XCTestCase) throws -> String {
    let directory = FileManager.default.temporaryDirectory.appendingPathComponent("rnn-gradcheck-tests-\(UUID().uuidString)")
    try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
    testCase.addTeardownBlock { try? FileManager.default.removeItem(at: directory) }
    let url = directory.appendingPathComponent(name)
    try text.write(to: url, atomically: true, encoding: .utf8)
    return url.path
}

/// The repository's Fixtures folder, found from this file's path.
let fixturesDirectory = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
    .deletingLastPathComponent().appendingPathComponent("Fixtures")

extension AnyNotation {
    static let wildml = NotationRegistry.named("wildml")!
    static let denominatorLayout = NotationRegistry.named("denominator-layout")!
    static let indexWise = NotationRegistry.named("index-wise")!
}

/// The built `rnn-gradcheck` (`swift test` builds it beside the test bundle).
func builtExecutable() throws -> String {
    let candidates = [
        URL(fileURLWithPath: CommandLine.arguments[0]).deletingLastPathComponent().appendingPathComponent("rnn-gradcheck").path,
        fixturesDirectory.deletingLastPathComponent().appendingPathComponent(".build/debug/rnn-gradcheck").path,
    ]
    guard let found = candidates.first(where: FileManager.default.isExecutableFile(atPath:)) else {
        throw XCTSkip("the rnn-gradcheck executable was not found (looked in \(candidates.joined(separator: ", "))): run 'swift build' first")
    }
    return found
}
