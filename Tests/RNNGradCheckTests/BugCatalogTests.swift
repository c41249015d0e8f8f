import Foundation
import XCTest

@testable import RNNGradCheck

/// The bug catalog: every bug changes the gradient, the checker catches every bug on several seeds, the
/// correct implementations pass on the same networks, and each bug differs from the correct BPTT in the
/// one line it quotes.
final class BugCatalogTests: XCTestCase {
    func testCatalog_HasAtLeast20BugsAcrossTheNotationsWithUniqueIDs() {
        let ids = Wildml.bugs.map(\.id) + DenominatorLayout.bugs.map(\.id) + IndexWise.bugs.map(\.id) + MinCharRNN.bugs.map(\.id)
        XCTAssertGreaterThanOrEqual(ids.count, 20)
        XCTAssertEqual(Set(ids).count, ids.count, "duplicate ids")
        XCTAssert(Wildml.bugs.allSatisfy { $0.id.hasPrefix("wildml/") })
        XCTAssert(DenominatorLayout.bugs.allSatisfy { $0.id.hasPrefix("denominator-layout/") })
        XCTAssert(IndexWise.bugs.allSatisfy { $0.id.hasPrefix("index-wise/") })
        XCTAssert(MinCharRNN.bugs.allSatisfy { $0.id.hasPrefix("min-char-rnn/") })
        for notation in [Wildml.bugs.count, DenominatorLayout.bugs.count, IndexWise.bugs.count, MinCharRNN.bugs.count] {
            XCTAssertGreaterThanOrEqual(notation, 5)
        }
    }

    func testEveryBug_ChangesTheGradientOnItsClassroomNetwork() {
        assertEveryBugChangesTheGradient(Wildml.bugs)
        assertEveryBugChangesTheGradient(DenominatorLayout.bugs)
        assertEveryBugChangesTheGradient(IndexWise.bugs)
        assertEveryBugChangesTheGradient(MinCharRNN.bugs)
    }

    func testEveryBug_IsCaughtByTheCheckerOnFiveSeeds() {
        assertEveryBugIsCaught(Wildml.bugs)
        assertEveryBugIsCaught(DenominatorLayout.bugs)
        assertEveryBugIsCaught(IndexWise.bugs)
        assertEveryBugIsCaught(MinCharRNN.bugs)
    }

    func testCorrectImplementations_PassOnEveryNetworkTheCatalogUses() {
        assertCorrectBPTTPasses(Wildml.bugs)
        assertCorrectBPTTPasses(DenominatorLayout.bugs)
        assertCorrectBPTTPasses(IndexWise.bugs)
        assertCorrectBPTTPasses(MinCharRNN.bugs)
    }

    /// A few bugs whose effect can be stated exactly: the checker's verdict is not the only evidence
    /// that they do what their names say.
    func testBugsWithAnExactEffect_HaveIt() throws {
        let wildml = Wildml.Problem.random(size: .classroom, seed: 3)
        let correct = wildml.bpttGradients(truncation: nil)
        let T = Double(wildml.steps)
        let averaged = try bug("wildml/averaged-loss", in: Wildml.bugs).gradients(wildml)
        assertClose(averaged.dLdU.storage, correct.dLdU.storage.map { $0 / T }, relative: 1e-14, floor: 1e-12)
        assertClose(averaged.dLdW.storage, correct.dLdW.storage.map { $0 / T }, relative: 1e-14, floor: 1e-12)
        // np.outer(s, delta) is the transpose of np.outer(delta, s), term by term.
        let transposed = try bug("wildml/transposed-outer-product", in: Wildml.bugs).gradients(wildml)
        let H = wildml.rnn.hiddenDim
        for i in 0..<H {
            for j in 0..<H { assertClose(transposed.dLdW[i, j], correct.dLdW[j, i], relative: 1e-14, floor: 1e-12) }
        }
        XCTAssertEqual(transposed.dLdU, correct.dLdU)
        // dLdV overwritten: only output 0's term survives, and U, W are untouched.
        let overwritten = try bug("wildml/dLdV-overwritten", in: Wildml.bugs).gradients(wildml)
        XCTAssertEqual(overwritten.dLdU, correct.dLdU)
        XCTAssertEqual(overwritten.dLdW, correct.dLdW)
        XCTAssertNotEqual(overwritten.dLdV, correct.dLdV)

        let indexWise = IndexWise.Problem.random(size: .classroom, seed: 3)
        let right = indexWise.bpttGradients(truncation: nil)
        let sign = try bug("index-wise/document-delta-as-gradient", in: IndexWise.bugs).gradients(indexWise)
        XCTAssertEqual(sign.dCdV.storage, right.dCdV.storage.map { -$0 })
        XCTAssertEqual(sign.dCdThetaK.storage, right.dCdThetaK.storage.map { -$0 })
        let noBias = try bug("index-wise/no-output-bias-gradient", in: IndexWise.bugs).gradients(indexWise)
        XCTAssertEqual(noBias.dCdThetaK.storage, [0, 0])
        XCTAssertEqual(noBias.dCdW, right.dCdW)
        // Under a sigmoid output the softmax mistake changes nothing: that is why its network has a softmax.
        let diagonal = try bug("index-wise/softmax-jacobian-diagonal", in: IndexWise.bugs)
        XCTAssertEqual(diagonal.gradients(indexWise), right)
    }

    /// The python `s[-1]` trap changes ∂E/∂W only: at bptt_step 0 it adds δ ⊗ s_{T−1} instead of δ ⊗ 0.
    func testPythonNegativeIndex_ChangesOnlyW() throws {
        let problem = Wildml.Problem.random(size: .classroom, seed: 4)
        let correct = problem.bpttGradients(truncation: nil)
        let trapped = try bug("wildml/python-negative-index", in: Wildml.bugs).gradients(problem)
        XCTAssertEqual(trapped.dLdU, correct.dLdU)
        XCTAssertEqual(trapped.dLdV, correct.dLdV)
        XCTAssertNotEqual(trapped.dLdW, correct.dLdW)
    }

    /// Each bug function is the correct BPTT with the quoted line changed (or removed), nothing else.
    func testEveryBug_DiffersFromTheCorrectBPTTInTheLineItQuotes() throws {
        let sources = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
            .deletingLastPathComponent().appendingPathComponent("Sources/RNNGradCheck")
        func read(_ path: String) throws -> String { try String(contentsOf: sources.appendingPathComponent(path), encoding: .utf8) }
        let cases: [(bugs: [(id: String, wrong: String, right: String)], bugFile: String, correctFile: String, function: String)] = [
            (Wildml.bugs.map { ($0.id, $0.wrongLine, $0.rightLine) }, "Notations/Wildml/Wildml+Bugs.swift", "Notations/Wildml/Wildml+BPTT.swift", "func bptt("),
            (DenominatorLayout.bugs.map { ($0.id, $0.wrongLine, $0.rightLine) }, "Notations/DenominatorLayout/DenominatorLayout+Bugs.swift",
             "Notations/DenominatorLayout/DenominatorLayout+BPTT.swift", "func bptt("),
            (IndexWise.bugs.map { ($0.id, $0.wrongLine, $0.rightLine) }, "Notations/IndexWise/IndexWise+Bugs.swift", "Notations/IndexWise/IndexWise+BPTT.swift", "func bptt("),
            (MinCharRNN.bugs.map { ($0.id, $0.wrongLine, $0.rightLine) }, "Notations/MinCharRNN/MinCharRNN+Bugs.swift",
             "Notations/MinCharRNN/MinCharRNN+BPTT.swift", "func lossFun("),
        ]
        for (bugs, bugFile, correctFile, function) in cases {
            let bugText = try read(bugFile)
            let correct = try XCTUnwrap(SourceDiff.body(ofFunctionOn: { $0.contains(function) }, in: try read(correctFile)), correctFile)
            for bug in bugs {
                let marker = "/// \(bug.id)"
                let lines = bugText.components(separatedBy: "\n")
                let markerLine = try XCTUnwrap(lines.firstIndex { $0.trimmingCharacters(in: .whitespaces) == marker }, "no function marked \(marker)")
                let body = try XCTUnwrap(SourceDiff.body(ofFunctionOn: { $0.contains("func ") }, in: lines[(markerLine + 1)...].joined(separator: "\n")))
                XCTAssertEqual(body.raw.filter { $0.contains("// BUG:") }.count, 1, "\(bug.id): one line marked // BUG:")
                let (removed, added) = SourceDiff.difference(from: correct.logical, to: body.logical)
                XCTAssertEqual(removed, [SourceDiff.normalize(bug.right)], "\(bug.id): the line removed from the correct BPTT")
                XCTAssertEqual(added, bug.wrong.isEmpty ? [] : [SourceDiff.normalize(bug.wrong)], "\(bug.id): the line added")
            }
        }
    }

    // MARK: - Helpers

    private func bug<P>(_ id: String, in bugs: [BPTTBug<P>]) throws -> BPTTBug<P> {
        try XCTUnwrap(bugs.first { $0.id == id }, "no bug \(id)")
    }

    private func assertEveryBugChangesTheGradient<P: BPTTProblem>(_ bugs: [BPTTBug<P>], file: StaticString = #filePath, line: UInt = #line) {
        for bug in bugs {
            let problem = bug.classroomProblem(1)
            let right = problem.bpttGradients(truncation: problem.truncation)
            let wrong = bug.gradients(problem)
            let largest = P.blocks.map { Equivalence.relativeDifference(right[keyPath: $0.gradient], wrong[keyPath: $0.gradient]) }.max() ?? 0
            XCTAssertGreaterThan(largest, 1e-3, "\(bug.id) barely changes the gradient", file: file, line: line)
        }
    }

    private func assertEveryBugIsCaught<P: BPTTProblem>(_ bugs: [BPTTBug<P>], file: StaticString = #filePath, line: UInt = #line) {
        for bug in bugs {
            for seed in UInt64(1)...5 {
                let check = bug.check(on: bug.classroomProblem(seed))
                XCTAssertFalse(check.passed, "\(bug.id), seed \(seed): not caught", file: file, line: line)
                // Caught with a clear margin, not by rounding.
                let worst = check.blocks.map(\.maxRelativeError).max() ?? 0
                XCTAssertGreaterThan(worst, 1e-4, "\(bug.id), seed \(seed)", file: file, line: line)
            }
        }
    }

    private func assertCorrectBPTTPasses<P: BPTTProblem>(_ bugs: [BPTTBug<P>], file: StaticString = #filePath, line: UInt = #line) {
        for bug in bugs {
            for seed in UInt64(1)...5 {
                let problem = bug.classroomProblem(seed)
                let check = GradientChecker.checkAsPosed(problem, analytic: problem.bpttGradients(truncation: problem.truncation))
                XCTAssert(check.passed, "the correct BPTT fails on \(bug.id)'s network, seed \(seed)", file: file, line: line)
            }
        }
    }
}

/// Just enough of a diff for Swift function bodies: comments dropped, a statement split over lines
/// ending in "(" or "," joined into one logical line, whitespace removed, and `var` read as `let`
/// (a bug that stops mutating a variable must declare it with `let`; the python has no such line).
enum SourceDiff {
    struct Body {
        /// The body's lines as written.
        let raw: [String]
        /// Normalized logical lines.
        let logical: [String]
    }

    /// The body of the first function whose declaration line satisfies `isDeclaration`.
    static func body(ofFunctionOn isDeclaration: (String) -> Bool, in text: String) -> Body? {
        let lines = text.components(separatedBy: "\n")
        guard let start = lines.firstIndex(where: isDeclaration) else { return nil }
        var depth = 0
        var raw: [String] = []
        for (index, line) in lines[start...].enumerated() {
            let code = stripComment(line)
            depth += code.filter { $0 == "{" }.count - code.filter { $0 == "}" }.count
            if index > 0 {
                if depth <= 0 { break }
                raw.append(line)
            }
        }
        var logical: [String] = []
        var pending = ""
        for line in raw {
            let code = stripComment(line).trimmingCharacters(in: .whitespaces)
            guard !code.isEmpty else { continue }
            pending += code
            if code.hasSuffix("(") || code.hasSuffix(",") { continue }
            logical.append(normalize(pending))
            pending = ""
        }
        if !pending.isEmpty { logical.append(normalize(pending)) }
        return Body(raw: raw, logical: logical)
    }

    static func stripComment(_ line: String) -> String {
        guard let range = line.range(of: "//") else { return line }
        return String(line[..<range.lowerBound])
    }

    static func normalize(_ code: String) -> String {
        var compact = code.filter { !$0.isWhitespace }
        if compact.hasPrefix("var") { compact = "let" + compact.dropFirst(3) }
        return compact
    }

    /// The lines of `a` not in a longest common subsequence with `b` (removed), and those of `b` (added).
    static func difference(from a: [String], to b: [String]) -> (removed: [String], added: [String]) {
        var table = Array(repeating: Array(repeating: 0, count: b.count + 1), count: a.count + 1)
        for i in stride(from: a.count - 1, through: 0, by: -1) {
            for j in stride(from: b.count - 1, through: 0, by: -1) {
                table[i][j] = a[i] == b[j] ? table[i + 1][j + 1] + 1 : max(table[i + 1][j], table[i][j + 1])
            }
        }
        var removed: [String] = [], added: [String] = []
        var i = 0, j = 0
        while i < a.count || j < b.count {
            if i < a.count, j < b.count, a[i] == b[j] {
                i += 1
                j += 1
            } else if j < b.count, i == a.count || table[i][j + 1] >= table[i + 1][j] {
                added.append(b[j])
                j += 1
            } else {
                removed.append(a[i])
                i += 1
            }
        }
        return (removed, added)
    }
}

/// The diff the line test relies on can tell a changed line from an unchanged one.
final class SourceDiffTests: XCTestCase {
    func testDifference_FindsTheChangedAndTheRemovedLine() {
        XCTAssert(SourceDiff.difference(from: ["a", "b", "c"], to: ["a", "b", "c"]) == ([], []))
        XCTAssert(SourceDiff.difference(from: ["a", "b", "c"], to: ["a", "x", "c"]) == (["b"], ["x"]))
        XCTAssert(SourceDiff.difference(from: ["a", "b", "c"], to: ["a", "c"]) == (["b"], []))
    }

    func testBody_JoinsContinuationLinesAndDropsComments() throws {
        let text = """
            func f() {
                // a comment
                var x = g(  // trailing
                    1,
                    2)
                return x
            }
            func other() { }
            """
        let body = try XCTUnwrap(SourceDiff.body(ofFunctionOn: { $0.contains("func f(") }, in: text))
        XCTAssertEqual(body.logical, ["letx=g(1,2)", "returnx"])
    }
}
