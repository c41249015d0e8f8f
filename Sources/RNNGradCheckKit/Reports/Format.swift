import Foundation
import RNNGradCheck

/// Number, table and text formatting for the text reports.
public enum Format {
    /// Words wrapped to lines of at most `width` characters.
    public static func wrap(_ text: String, width: Int) -> [String] {
        var lines: [String] = []
        var line = ""
        for word in text.split(separator: " ") {
            if line.isEmpty {
                line = String(word)
            } else if line.count + 1 + word.count <= width {
                line += " " + word
            } else {
                lines.append(line)
                line = String(word)
            }
        }
        if !line.isEmpty { lines.append(line) }
        return lines
    }

    /// A relative error at a glance: `1.4e-09`, `0`, `NaN`.
    public static func error(_ x: Double) -> String {
        if x.isNaN { return "NaN" }
        if x.isInfinite { return x > 0 ? "inf" : "-inf" }
        if x == 0 { return "0" }
        return String(format: "%.1e", x)
    }

    /// A value with enough digits to see where two values part: `0.002984303088`, `-1.208274000e+02`.
    public static func value(_ x: Double, digits: Int = 10) -> String {
        if x.isNaN { return "NaN" }
        if x.isInfinite { return x > 0 ? "inf" : "-inf" }
        return String(format: "%#.\(digits)g", x)
    }

    /// A count with thousands separated: `1,608,100`.
    public static func count(_ n: Int) -> String { GradientImplementation.count(n) }

    /// A step or tolerance as written on the command line: `1e-05`, `0.001`.
    public static func setting(_ x: Double) -> String { "\(x)" }

    /// Left-aligned columns, two spaces apart, each row indented.
    public static func table(_ rows: [[String]], indent: String = "  ") -> [String] {
        guard let width = rows.map(\.count).max() else { return [] }
        var widths = [Int](repeating: 0, count: width)
        for row in rows {
            for (i, cell) in row.enumerated() { widths[i] = max(widths[i], visibleLength(cell)) }
        }
        return rows.map { row in
            var line = indent
            for (i, cell) in row.enumerated() {
                line += cell
                if i + 1 < row.count { line += String(repeating: " ", count: widths[i] - visibleLength(cell) + 2) }
            }
            return line
        }
    }

    /// The length of a string without ANSI colour codes.
    public static func visibleLength(_ s: String) -> Int {
        var count = 0
        var inEscape = false
        for scalar in s.unicodeScalars {
            if inEscape {
                if scalar == "m" { inEscape = false }
            } else if scalar == "\u{1B}" {
                inEscape = true
            } else {
                count += 1
            }
        }
        return count
    }
}
