import Foundation
import RNNGradCheck
import XCTest

/// The boundaries that keep the package open: the checker knows no notation, and the command line
/// names none (everything notation-specific comes from the registry).
final class ArchitectureTests: XCTestCase {
    /// Every way a registered notation is written in code: `wildml`, `Wildml`, `denominator-layout`,
    /// `DenominatorLayout`, `denominatorLayout`.
    private var notationWords: [String] {
        NotationRegistry.all.flatMap { notation -> [String] in
            let parts = notation.name.split(separator: "-").map(String.init)
            let camel = parts.map { $0.prefix(1).uppercased() + $0.dropFirst() }.joined()
            return [notation.name, camel, camel.prefix(1).lowercased() + camel.dropFirst()]
        }
    }

    /// The code lines of every Swift file under `folder` (comments left out).
    private func codeLines(under folder: String) throws -> [(file: String, line: String)] {
        let root = fixturesDirectory.deletingLastPathComponent().appendingPathComponent(folder)
        let files = FileManager.default.enumerator(atPath: root.path)?.compactMap { $0 as? String }.filter { $0.hasSuffix(".swift") } ?? []
        XCTAssertFalse(files.isEmpty, folder)
        var lines: [(String, String)] = []
        for file in files {
            let text = try String(contentsOf: root.appendingPathComponent(file), encoding: .utf8)
            for line in text.components(separatedBy: "\n") {
                let code = line.components(separatedBy: "//").first ?? ""
                if !code.trimmingCharacters(in: .whitespaces).isEmpty { lines.append((file, code)) }
            }
        }
        return lines
    }

    private func occurrences(under folder: String) throws -> [String] {
        try codeLines(under: folder).compactMap { file, line in
            notationWords.first { line.contains($0) }.map { "\(file): \($0) in: \(line.trimmingCharacters(in: .whitespaces))" }
        }
    }

    func testChecker_NamesNoNotation() throws {
        XCTAssertEqual(try occurrences(under: "Sources/RNNGradCheck/Checking"), [])
    }

    func testAnalyses_NameNoNotation() throws {
        XCTAssertEqual(try occurrences(under: "Sources/RNNGradCheck/Analysis"), [])
        XCTAssertEqual(try occurrences(under: "Sources/RNNGradCheckKit/Plots"), [])
    }

    func testCommandLine_NamesNoNotation() throws {
        XCTAssertEqual(try occurrences(under: "Sources/RNNGradCheckCLI"), [])
    }

    /// The scan can fail: it finds the notations where they are written.
    func testScan_FindsNotationsWhereTheyAre() throws {
        XCTAssertFalse(try occurrences(under: "Sources/RNNGradCheck/Notations").isEmpty)
    }
}
