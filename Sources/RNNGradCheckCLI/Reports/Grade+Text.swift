import Foundation
import RNNGradCheck
import RNNGradCheckKit

extension Grade {
    /// The report `exercise grade` prints. A student's report holds no expected value; an
    /// instructor's (`--reveal`) shows the expected and the given values of the worst entries.
    public func printText(to console: Console, audience: GradeAudience = .student) {
        console.print(console.styled("exercise \(exercise.number): \(exercise.title)", .bold))
        let view = audience.reveals ? "; instructor view: expected values shown" : ""
        console.print("\(source) graded against \(instance.networkName) (\(notation.name), \(problemCase.networkLabel)); tolerance \(exercise.toleranceText) relative\(view)")
        if let named = answerStudent, named != instance.student {
            console.print("the answer names student \(Echo.capped(named))")
        }
        console.print()
        let symbolWidth = max(4, items.map(\.symbol.count).max() ?? 0)
        func pad(_ s: String, _ width: Int) -> String { s + String(repeating: " ", count: max(0, width - s.count)) }
        console.print(console.styled("  \(pad("item", symbolWidth))  \(pad("verdict", 17))  score", .dim))
        for item in items {
            let style: TextStyle = item.verdict == .correct ? .green : item.verdict == .wrong ? .red : .yellow
            let verdict = console.styled(pad(item.verdict.rawValue, 17), style)
            console.print("  \(pad(item.symbol, symbolWidth))  \(verdict)  \(String(format: "%.2f", item.score))")
            for line in detailLines(item, audience: audience) {
                for (i, part) in Format.wrap(line, width: 92).enumerated() { console.print((i == 0 ? "      " : "        ") + part) }
            }
            let text = item.voided ? "" : feedback(item, audience: audience)
            if !text.isEmpty {
                for line in Format.wrap(text, width: 92) { console.print("      \(line)") }
            }
        }
        console.print()
        if let match = otherVariant, let first = items.first {
            for line in Format.wrap(ItemFeedback.sentences([describe(.differentVariant(match), first, audience: audience)]), width: 96) {
                console.print(line)
            }
            console.print()
        }
        console.print(console.styled(summary, passed ? .green : .red))
    }
}
