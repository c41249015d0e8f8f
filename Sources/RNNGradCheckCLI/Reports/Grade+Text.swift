import Foundation
import RNNGradCheck
import RNNGradCheckKit

extension Grade {
    var digits: Int { exercise.byHand ? 7 : 10 }

    public func printText(to console: Console) {
        console.print(console.styled("exercise \(exercise.number): \(exercise.title)", .bold))
        console.print("\(source) graded against \(exercise.fixturePath) (\(notation.name), \(problemCase.networkLabel)); tolerance \(exercise.toleranceText) relative")
        console.print()
        let symbolWidth = max(4, items.map(\.symbol.count).max() ?? 0)
        func pad(_ s: String, _ width: Int) -> String { s + String(repeating: " ", count: max(0, width - s.count)) }
        console.print(console.styled("  \(pad("item", symbolWidth))  \(pad("verdict", 17))  score", .dim))
        for item in items {
            let style: TextStyle = item.verdict == .correct ? .green : item.verdict == .wrong ? .red : .yellow
            let verdict = console.styled(pad(item.verdict.rawValue, 17), style)
            console.print("  \(pad(item.symbol, symbolWidth))  \(verdict)  \(String(format: "%.2f", item.score))")
            for entry in item.worst {
                console.print("      \(entry.label): expected \(Format.value(entry.expected, digits: digits)), got \(Format.value(entry.given, digits: digits))")
            }
            let text = feedback(item)
            if !text.isEmpty {
                for line in Help.wrap(text, width: 92) { console.print("      \(line)") }
            }
        }
        console.print()
        let summary = "score \(String(format: "%.2f", score)) (\(correctCount) of \(items.count) items correct)"
        console.print(console.styled(summary, passed ? .green : .red))
    }
}
