import Foundation
import RNNGradCheck

/// One self-contained HTML page of a check: every case's table, where its gradient goes wrong, the
/// step-size sweep and the dynamics, with the pictures inline as SVG. No scripts, no fonts or images
/// from elsewhere; the markup is well-formed XML (XHTML syntax), so it opens in any browser, prints,
/// and parses with an XML parser.
public enum HTMLReport {
    /// The page for `report`, `analyses[i]` belonging to `report.results[i]`.
    public static func page(_ report: CheckReport, analyses: [CaseAnalysis?], command: String, version: String) -> String {
        var body = ""
        body += "<h1>rnn-gradcheck: hand-derived BPTT against numerical gradients</h1>\n"
        body += paragraph("numerical: \(CheckTable.methodDescription(report.settings)); an entry passes when its relative error ≤ \(Format.setting(report.settings.tolerance))")
        body += "<p class=\"summary \(report.failed == 0 ? "pass" : "fail")\">\(escape("\(report.passed) passed, \(report.failed) failed"))</p>\n"
        body += "<nav><ul>\n"
        for (index, result) in report.results.enumerated() {
            body += "<li><a href=\"#case-\(index)\">\(escape("\(result.problemCase.notation.name), \(result.problemCase.sizesText), \(result.problemCase.origin)"))</a> "
                + "<span class=\"\(result.passed ? "pass" : "fail")\">\(result.passed ? "PASS" : "FAIL")</span></li>\n"
        }
        body += "</ul></nav>\n"
        for (index, result) in report.results.enumerated() {
            body += caseSection(result, analysis: index < analyses.count ? analyses[index] : nil, index: index)
        }
        if !report.equivalences.isEmpty {
            body += "<section>\n<h2>Notations that are one model</h2>\n"
            for equivalence in report.equivalences {
                let pairs = equivalence.pairs.map { "\($0.second)=\($0.first)" }.joined(separator: ", ")
                body += paragraph("\(equivalence.notations.first) ≡ \(equivalence.notations.second) on the same network (\(pairs)\(equivalence.condition.map { ", \($0)" } ?? "")): "
                    + "loss and gradients agree to \(Format.error(equivalence.largestDifference)) relative (limit \(Format.setting(equivalence.limit)))",
                    verdict: equivalence.passed)
            }
            body += "</section>\n"
        }
        body += "<footer>\(escape("rnn-gradcheck \(version), written by: \(command)"))</footer>\n"
        return """
            <!DOCTYPE html>
            <html xmlns="http://www.w3.org/1999/xhtml" lang="en">
            <head>
            <meta charset="utf-8"/>
            <meta name="viewport" content="width=device-width, initial-scale=1"/>
            <title>rnn-gradcheck report</title>
            <style>
            \(style)
            </style>
            </head>
            <body>
            \(body)</body>
            </html>

            """
    }

    static let style = """
        body { font-family: Helvetica, Arial, sans-serif; font-size: 14px; line-height: 1.45; color: #111; max-width: 980px; margin: 24px auto; padding: 0 16px; }
        h1 { font-size: 22px; } h2 { font-size: 18px; border-bottom: 1px solid #ccc; padding-bottom: 4px; margin-top: 36px; } h3 { font-size: 15px; margin-top: 22px; }
        table { border-collapse: collapse; margin: 8px 0; font-size: 13px; }
        th, td { border: 1px solid #ccc; padding: 3px 8px; text-align: left; font-variant-numeric: tabular-nums; }
        th { background: #f2f2f2; }
        .pass { color: #1a7f37; font-weight: bold; } .fail { color: #c0392b; font-weight: bold; } .note { color: #555; }
        .summary { font-size: 16px; }
        figure { margin: 12px 0; } svg { max-width: 100%; height: auto; }
        code { font-family: Menlo, Consolas, monospace; font-size: 12px; }
        footer { margin-top: 40px; color: #666; font-size: 12px; }
        @media print { body { max-width: none; } section, figure, table { page-break-inside: avoid; } nav { display: none; } }
        """

    static func escape(_ text: String) -> String { SVGRenderer.escape(text) }

    static func paragraph(_ text: String, verdict: Bool? = nil, note: Bool = false) -> String {
        var html = "<p\(note ? " class=\"note\"" : "")>\(escape(text))"
        if let verdict { html += " <span class=\"\(verdict ? "pass" : "fail")\">\(verdict ? "PASS" : "FAIL")</span>" }
        return html + "</p>\n"
    }

    /// A table whose first row is the header.
    static func table(_ rows: [[String]]) -> String {
        guard let header = rows.first else { return "" }
        var html = "<table>\n<tr>" + header.map { "<th>\(escape($0))</th>" }.joined() + "</tr>\n"
        for row in rows.dropFirst() {
            html += "<tr>" + row.map { cell in
                let cls = cell == "PASS" || cell == "agrees" ? " class=\"pass\"" : (cell.hasPrefix("FAIL") || cell.hasPrefix("PARTS") ? " class=\"fail\"" : "")
                return "<td\(cls)>\(escape(cell))</td>"
            }.joined() + "</tr>\n"
        }
        return html + "</table>\n"
    }

    static func figure(_ charts: [Chart], title: String) -> String {
        "<figure>\n" + Figure(title: title, charts: charts).svg() + "</figure>\n"
    }

    /// The rows of a check's table (the same columns as `CheckTable`).
    static func checkRows(_ check: GradientCheck) -> [[String]] {
        var rows = [["block", "shape", "max rel error", "at", "analytic", "numerical", "norm rel error", "verdict"]]
        for block in check.blocks {
            let worst = block.worstEntry
            rows.append([
                block.symbol, block.shape.description, Format.error(block.maxRelativeError), worst.map(block.label(ofEntry:)) ?? "-",
                worst.map { Format.value(block.analytic[$0]) } ?? "-", worst.map { Format.value(block.numerical[$0]) } ?? "-",
                Format.error(block.normRelativeError), CheckTable.verdictText(block.verdict),
            ])
        }
        return rows
    }

    /// The table's notes (failing blocks, re-examinations), as `CheckTable` prints them after it.
    static func checkNotes(_ check: GradientCheck) -> String {
        let lines = CheckTable.lines(check, indent: "")
        return lines.dropFirst(check.blocks.count + 1).map { paragraph($0, note: true) }.joined()
    }

    static func caseSection(_ result: CaseResult, analysis: CaseAnalysis?, index: Int) -> String {
        let problemCase = result.problemCase
        let notation = problemCase.notation
        let L = notation.lossSymbol
        var html = "<section id=\"case-\(index)\">\n"
        html += "<h2>\(escape("\(notation.name) (\(notation.sources)): \(notation.model(of: problemCase.problem))"))</h2>\n"
        html += paragraph("\(problemCase.sizesText), \(problemCase.origin), \(problemCase.networkLabel); gradient: \(result.implementation.description)")
        switch result.outcome {
        case .full(let check):
            html += paragraph("\(L) = \(Format.value(check.loss, digits: 17))")
            html += "<h3>Check</h3>\n" + table(checkRows(check)) + checkNotes(check)
        case .truncated(let check):
            html += paragraph("\(L) = \(Format.value(check.full.loss, digits: 17))")
            html += "<h3>Full BPTT against ∂\(escape(L))/∂θ</h3>\n" + table(checkRows(check.full)) + checkNotes(check.full)
            html += "<h3>Truncated BPTT (τ=\(check.truncation)) against the truncated objective</h3>\n" + table(checkRows(check.truncated)) + checkNotes(check.truncated)
        }
        html += paragraph("verdict: \(result.passed ? "every block passes" : "some block fails")", verdict: result.passed)
        guard let analysis else { return html + "</section>\n" }
        let subtitle = "\(notation.name), \(problemCase.sizesText), \(problemCase.origin)"

        html += "<h3>Where the gradient goes wrong</h3>\n"
        if let attribution = analysis.attribution {
            let code = AnalysisText.codeName(result.implementation)
            html += paragraph(AnalysisText.attributionMethod(attribution, lossSymbol: L, code: code), note: true)
            if let parting = attribution.firstParting {
                html += "<p class=\"fail\">\(escape(AnalysisText.parting(parting, lossSymbol: L)))</p>\n"
                for hint in AnalysisText.hints(parting) { html += paragraph(hint) }
            } else {
                html += "<p class=\"pass\">every \(attribution.resolution == .lags ? "output and lag" : "output") agrees</p>\n"
            }
            html += table(AnalysisText.attributionTable(attribution))
            html += figure([AnalysisCharts.attribution(attribution, lossSymbol: L, subtitle: subtitle)], title: "where the gradient goes wrong")
        } else if let note = analysis.notes["attribution"] {
            html += paragraph("not run: \(note)", note: true)
        }

        html += "<h3>Step-size sweep</h3>\n"
        if let sweep = analysis.sweep {
            html += paragraph("worst relative error |a − n| / max(|a|, |n|) over every entry, against the step h of each numerical derivative (no floor)", note: true)
            html += table(AnalysisText.sweepTable(sweep))
            for line in AnalysisText.sweepBottoms(sweep) { html += paragraph(line) }
            html += figure([AnalysisCharts.sweep(sweep, subtitle: subtitle)], title: "step-size sweep")
        } else if let note = analysis.notes["sweep"] {
            html += paragraph("not run: \(note)", note: true)
        }

        html += "<h3>Dynamics: how far back the error reaches</h3>\n"
        if let dynamics = analysis.dynamics {
            html += paragraph(AnalysisText.dynamicsSources, note: true)
            for line in AnalysisText.dynamicsLegend(dynamics) { html += paragraph(line) }
            if !dynamics.stepJacobians.isEmpty {
                html += table(AnalysisText.stepTable(dynamics)) + table(AnalysisText.lagTable(dynamics))
            }
            if let factor = AnalysisText.perStepFactor(dynamics) { html += paragraph(factor) }
            html += "<p><strong>\(escape(AnalysisText.verdict(dynamics)))</strong></p>\n"
            if let why = AnalysisText.explanation(dynamics) { html += paragraph("why: \(why)") }
            html += figure(AnalysisCharts.dynamics([(notation.name, dynamics)], subtitle: subtitle), title: "dynamics")
        } else if let note = analysis.notes["dynamics"] {
            html += paragraph("not run: \(note)", note: true)
        }
        return html + "</section>\n"
    }
}
