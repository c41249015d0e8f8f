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

/// |actual − expected| ≤ relative · max(|expected|, floor): computed doubles are never compared exactly.
func assertClose(
    _ actual: [Double], _ expected: [Double], relative: Double, floor: Double = 1e-300,
    _ message: @autoclosure () -> String = "", file: StaticString = #filePath, line: UInt = #line
) {
    XCTAssertEqual(actual.count, expected.count, "different sizes. \(message())", file: file, line: line)
    for (i, (a, e)) in zip(actual, expected).enumerated() {
        let tolerance = relative * max(abs(e), floor)
        XCTAssert(
            abs(a - e) <= tolerance, "entry \(i): \(a) is not within \(relative) (relative) of \(e): off by \(abs(a - e)). \(message())",
            file: file, line: line)
    }
}

/// Runs `rnn-gradcheck ARGUMENTS` in process with `environment` (RNN_GRADCHECK_SECRET, …).
func rnnGradcheck(_ arguments: [String], input: String = "", environment: [String: String]) -> Run {
    final class Buffer: @unchecked Sendable { var text = "" }
    let out = Buffer(), err = Buffer()
    let console = Console(out: { out.text += $0 }, error: { err.text += $0 }, input: { Array(input.utf8) }, environment: environment)
    let status = RNNGradCheckCLI.run(arguments, console: console)
    return Run(status: status, out: out.text, err: err.text)
}

/// A temporary folder, removed at the end of the test.
func temporaryDirectory(testCase: XCTestCase) throws -> URL {
    let directory = FileManager.default.temporaryDirectory.appendingPathComponent("rnn-gradcheck-tests-\(UUID().uuidString)")
    try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
    testCase.addTeardownBlock { try? FileManager.default.removeItem(at: directory) }
    return directory
}

/// The records of an RFC 4180 CSV text: CRLF line ends, quoted fields with doubled quotes.
func parseCSV(_ text: String) -> [[String]] {
    var records: [[String]] = []
    var record: [String] = []
    var field = ""
    var quoted = false
    var scalars = Array(text.unicodeScalars)[...]
    while let c = scalars.popFirst() {
        if quoted {
            if c == "\"" {
                if scalars.first == "\"" {
                    field.unicodeScalars.append("\"")
                    scalars.removeFirst()
                } else {
                    quoted = false
                }
            } else {
                field.unicodeScalars.append(c)
            }
        } else if c == "\"" && field.isEmpty {
            quoted = true
        } else if c == "," {
            record.append(field)
            field = ""
        } else if c == "\r" && scalars.first == "\n" {
            scalars.removeFirst()
            record.append(field)
            records.append(record)
            record = []
            field = ""
        } else {
            field.unicodeScalars.append(c)
        }
    }
    if !field.isEmpty || !record.isEmpty {
        record.append(field)
        records.append(record)
    }
    return records
}

/// The reference answer of an exercise on `instance`, as a student would write it: the gradients
/// format, or "values" for the tasks that ask for something else. `transform` changes a numeric item
/// (every one, or only `only`); `transposed` writes the matrix `only` with its transposed shape;
/// `values` replaces categorical items; `student` adds the "student" key.
func referenceAnswer(
    _ instance: ExerciseInstance, only: String? = nil, transposed: Bool = false,
    transform: (String, [Double]) -> [Double] = { $1 }, loss transformLoss: (Double) -> Double = { $0 },
    values replaced: [String: JSONValue] = [:], student: String? = nil
) throws -> String {
    let exercise = instance.exercise
    let reference = ExerciseReference(instance)
    func encoded(_ key: String) throws -> JSONValue {
        let block = try XCTUnwrap(reference.block(key), "no reference block \(key)")
        let changes = only == nil || only == key
        let values = changes ? transform(key, block.values) : block.values
        if transposed && changes, case .matrix(let rows, let columns) = block.shape {
            return Fixture.encodeBlock(transpose(values, rows: rows, columns: columns), shape: .matrix(rows: columns, columns: rows))
        }
        return Fixture.encodeBlock(values, shape: block.shape)
    }
    var members: [(key: String, value: JSONValue)] = [("notation", .string(instance.problemCase.notation.name))]
    if let student { members.append(("student", .string(student))) }
    if exercise.asksForGradients {
        members.append(("loss", .number(transformLoss(reference.loss))))
        if !exercise.gradients.isEmpty { members.append(("gradients", .object(try exercise.gradients.map { ($0, try encoded($0)) }))) }
    } else {
        var values: [(key: String, value: JSONValue)] = []
        for key in exercise.items {
            if let value = replaced[key] {
                values.append((key, value))
            } else if reference.block(key) != nil {
                values.append((key, try encoded(key)))
            } else if let flag = reference.booleans[key] {
                values.append((key, .bool(flag)))
            } else if let text = reference.texts[key] {
                values.append((key, .string(text)))
            } else if let number = reference.integers[key] {
                values.append((key, .integer(number)))
            }
        }
        members.append(("values", .object(values)))
    }
    return JSONWriter.write(.object(members))
}
