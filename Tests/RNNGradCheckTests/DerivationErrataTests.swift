import Foundation
import XCTest

@testable import RNNGradCheck

/// notes/errata.md is written by `rnn-gradcheck derive --networks 30 --errata`; these tests read it
/// back and hold it to the findings: the same findings with the same severities, the same counts, and
/// every figure equal to the survey's range to the digits printed (figures at rounding level only as
/// "holds", since libm differs between platforms in the last bits).
final class DerivationErrataTests: XCTestCase {
    static let errataURL = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .deletingLastPathComponent().appendingPathComponent("notes/errata.md")

    // MARK: Reading the file

    /// The cells of a markdown table row, with `\|` kept inside a cell.
    static func cells(_ row: String) -> [String] {
        var cells: [String] = []
        var current = ""
        var previous: Character = " "
        for character in row.dropFirst() {
            if character == "|" && previous != "\\" {
                cells.append(current.trimmingCharacters(in: .whitespaces))
                current = ""
            } else {
                current.append(character)
            }
            previous = character
        }
        return cells
    }

    /// The numbers of a figure: "25.1 % – 60.2 %" → [0.251, 0.602]; "≤ 3.1e-16" → [3.1e-16].
    static func numbers(_ text: String) -> [Double] {
        let pattern = try! Regex(#"([0-9]+(?:\.[0-9]+)?(?:e[+-][0-9]+)?)( %)?"#)
        return text.matches(of: pattern).compactMap { match in
            guard let value = Double(String(text[match.output[1].range!])) else { return nil }
            return match.output[2].range == nil ? value : value / 100
        }
    }

    /// Why `cell` does not report `range` (nil when it does).
    static func mismatch(_ cell: String, _ range: OutcomeRange) -> String? {
        if range.notComparable > 0 && !cell.contains("not comparable") { return "“\(cell)” leaves out the networks where it is not comparable" }
        if range.measured == 0 { return cell.hasPrefix("not comparable") ? nil : "“\(cell)” gives a number where there is none" }
        let figure = cell.components(separatedBy: " on ")[0].components(separatedBy: "; not comparable")[0]
        let values = numbers(figure)
        guard let low = values.first, let high = values.last else { return "“\(cell)” has no figure" }
        if range.max <= Derivation.tolerance {
            return figure.hasPrefix("≤ ") && high <= Derivation.tolerance ? nil : "“\(cell)” should say that it holds (≤ \(range.max))"
        }
        func close(_ printed: Double, _ actual: Double) -> Bool {
            actual <= Derivation.tolerance ? printed <= Derivation.tolerance : abs(printed - actual) <= 0.03 * actual
        }
        return close(low, range.min) && close(high, range.max) ? nil : "“\(cell)” against \(range.min) … \(range.max)"
    }

    /// Every way the errata text disagrees with the survey's findings and figures.
    static func disagreements(_ text: String, _ survey: Survey) -> [String] {
        var problems: [String] = []
        let lines = text.components(separatedBy: "\n")
        // Sections: "### <id> — <severity>", up to the next heading.
        var sections: [String: (severity: String, lines: [String])] = [:]
        var current: String?
        var inHold = false, inNetworks = false
        var holdRows: [String: String] = [:]
        var networkRows: [String] = []
        for line in lines {
            if line.hasPrefix("## ") {
                current = nil
                inHold = line == "## Hold"
                inNetworks = line == "## The networks"
            } else if line.hasPrefix("### ") {
                let parts = line.dropFirst(4).components(separatedBy: " — ")
                guard parts.count == 2 else { problems.append("a heading without a severity: \(line)"); continue }
                if sections[parts[0]] != nil { problems.append("\(parts[0]) appears twice") }
                sections[parts[0]] = (parts[1], [])
                current = parts[0]
            } else if let id = current {
                sections[id]!.lines.append(line)
            } else if inHold, line.hasPrefix("| "), !line.hasPrefix("| finding") {
                let row = cells(line)
                if holdRows[row[0]] != nil { problems.append("\(row[0]) appears twice") }
                holdRows[row[0]] = row.last!
            } else if inNetworks, line.hasPrefix("| "), !line.hasPrefix("| network") {
                networkRows.append(cells(line)[2])
            }
        }
        let findings = survey.documents.flatMap(\.findings)
        let listed = Set(sections.keys).union(holdRows.keys)
        for extra in listed.subtracting(findings.map(\.id)).sorted() { problems.append("\(extra) is in the errata but not a finding") }
        for finding in findings {
            if finding.severity == .holds {
                guard let figure = holdRows[finding.id] else { problems.append("\(finding.id) (holds) is missing from the table of findings that hold"); continue }
                let largest = (survey.readings[finding.id] ?? []).filter { $0.measured > 0 && $0.max <= Derivation.tolerance }.map(\.max).max()
                if let message = mismatch(figure, OutcomeRange(.relativeError(largest ?? 1))) { problems.append("\(finding.id): \(message)") }
                continue
            }
            guard let section = sections[finding.id] else { problems.append("\(finding.id) (\(finding.severity.rawValue)) is missing"); continue }
            if section.severity != finding.severity.rawValue {
                problems.append("\(finding.id) is \(finding.severity.rawValue), the errata say \(section.severity)")
            }
            guard case .checkpoint(let c) = finding else { continue }
            // The readings table, then one table per downstream list that has effects.
            var tables: [[[String]]] = []
            var table: [[String]]?
            for line in section.lines {
                if line.hasPrefix("| reading | relative error") || line.hasPrefix("| later checkpoint | fed") {
                    table = []
                } else if line.hasPrefix("|---") {
                    continue
                } else if line.hasPrefix("| "), table != nil {
                    table!.append(cells(line))
                } else if let finished = table {
                    tables.append(finished)
                    table = nil
                }
            }
            if let finished = table { tables.append(finished) }
            let ranges = survey.readings[c.id] ?? []
            guard let readings = tables.first, readings.count == ranges.count else {
                problems.append("\(c.id): the readings table does not list its \(ranges.count) readings")
                continue
            }
            for (r, row) in readings.enumerated() {
                if let message = mismatch(row.last!, ranges[r]) { problems.append("\(c.id), reading \(r): \(message)") }
            }
            let lists = (survey.downstream[c.id] ?? []).filter { !$0.isEmpty }
            if tables.count - 1 != lists.count { problems.append("\(c.id): \(tables.count - 1) downstream tables for \(lists.count) lists") }
            for (list, rows) in zip(lists, tables.dropFirst()) {
                if rows.count != list.count { problems.append("\(c.id): a downstream table of \(rows.count) rows for \(list.count) effects"); continue }
                for (effect, row) in zip(list, rows) {
                    if row[0] != effect.consumer { problems.append("\(c.id): \(row[0]) listed where \(effect.consumer) is") }
                    if let message = mismatch(row[1], effect.printed) { problems.append("\(c.id) → \(effect.consumer), fed the printed quantity: \(message)") }
                    if let message = mismatch(row[2], effect.corrected) { problems.append("\(c.id) → \(effect.consumer), fed the corrected one: \(message)") }
                }
            }
        }
        // The networks, and the count line.
        if networkRows != survey.sizes.map(\.description) { problems.append("the list of networks differs from the survey's") }
        let checkpoints = survey.documents.flatMap(\.checkpoints)
        let total = "\(findings.count) findings (\(checkpoints.count) checkpoints, \(findings.count - checkpoints.count) not computable): "
        guard let totalLine = lines.first(where: { $0.hasPrefix(total) }) else {
            problems.append("no summary line starting “\(total)”")
            return problems
        }
        let counts = numbers(String(totalLine.dropFirst(total.count))).map(Int.init)
        let expected = [Severity.wrongAsPrinted, .misleading, .typo, .convention, .holds].map { severity in findings.filter { $0.severity == severity }.count }
        if counts != expected { problems.append("the summary line counts \(counts), the findings \(expected)") }
        if !text.contains("derive --networks \(survey.networks)") { problems.append("the errata do not name the command that wrote them") }
        return problems
    }

    // MARK: Tests

    func testErrata_AgreeWithTheFindingsOfThirtyNetworks() throws {
        let text = try String(contentsOf: Self.errataURL, encoding: .utf8)
        XCTAssertEqual(Self.disagreements(text, surveyOfThirty), [], "regenerate with: swift run rnn-gradcheck derive --networks 30 --errata > notes/errata.md")
    }

    func testPlantedErrataChanges_AreCaught() throws {
        let text = try String(contentsOf: Self.errataURL, encoding: .utf8)
        // A severity changed, a finding dropped, and a figure changed.
        let severity = text.replacingOccurrences(of: "### 002-2.18 — wrong as printed", with: "### 002-2.18 — typo")
        XCTAssertTrue(Self.disagreements(severity, surveyOfThirty).contains("002-2.18 is wrong as printed, the errata say typo"))
        let dropped = text.replacingOccurrences(of: "### 000.22 — typo", with: "")
        XCTAssertTrue(Self.disagreements(dropped, surveyOfThirty).contains { $0.hasPrefix("000.22") })
        let range = surveyOfThirty.readings["002-2.18"]![0]
        let printed = "| \(Self.percent(range.min)) – \(Self.percent(range.max)) |"
        XCTAssertTrue(text.contains(printed), "the errata print 002-2.18's range as \(printed)")
        let figure = text.replacingOccurrences(of: printed, with: "| \(Self.percent(range.min * 1.1)) – \(Self.percent(range.max)) |")
        XCTAssertTrue(Self.disagreements(figure, surveyOfThirty).contains { $0.hasPrefix("002-2.18, reading 0") })
    }

    /// The errata's percentage, written independently of the CLI's formatter: three significant digits.
    static func percent(_ x: Double) -> String {
        let p = x * 100
        let decimals = max(0, 2 - Int(log10(p).rounded(.down)))
        return String(format: "%.\(decimals)f %%", p)
    }

    func testNumbers_ReadTheFiguresAsPrinted() {
        XCTAssertEqual(Self.numbers("25.1 % – 60.2 %"), [0.251, 0.602])
        XCTAssertEqual(Self.numbers("≤ 3.1e-16"), [3.1e-16])
        XCTAssertEqual(Self.numbers("2.2e-04 – 193 %"), [2.2e-4, 1.93])
        XCTAssertEqual(Self.cells(#"| a \| b | c |"#), [#"a \| b"#, "c"])
    }
}
