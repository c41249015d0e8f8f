import RNNGradCheck
import RNNGradCheckKit

/// Help text in the layout of swift-argument-parser: OVERVIEW, USAGE, OPTIONS, SUBCOMMANDS.
enum Help {
    static let width = 100
    static let optionColumn = 28

    static func command(_ spec: CommandSpec) -> String {
        var lines = ["OVERVIEW: \(spec.abstract)", ""]
        if let discussion = spec.discussion {
            for paragraph in discussion.components(separatedBy: "\n\n") {
                lines += Format.wrap(paragraph, width: width)
                lines.append("")
            }
        }
        lines += ["USAGE: \(spec.usage)", ""]
        if !spec.arguments.isEmpty {
            lines.append("ARGUMENTS:")
            for argument in spec.arguments { lines += column("<\(argument.name)>", argument.help) }
            lines.append("")
        }
        lines.append("OPTIONS:")
        for option in spec.options {
            var help = option.help
            var notes: [String] = []
            if let values = option.allowedValues { notes.append("values: \(values.joined(separator: ", "))") }
            if let defaultValue = option.defaultValue { notes.append("default: \(defaultValue)") }
            if !notes.isEmpty { help += " (\(notes.joined(separator: "; ")))" }
            lines += column(option.synopsis, help)
        }
        lines += column("-h, --help", "Show help information.")
        lines.append("")
        lines.append("EXIT STATUS:")
        lines += exitStatusLines
        lines.append("")
        return lines.joined(separator: "\n")
    }

    static func root(_ commands: [CommandSpec], version: String) -> String {
        let notations = NotationRegistry.all
        let nameWidth = (notations.map(\.name.count).max() ?? 0) + 3
        var lines = [
            "OVERVIEW: rnn-gradcheck \(version): check hand-derived backpropagation through time (BPTT) for vanilla",
            "RNNs against numerical gradients, in \(notations.count) notations:",
        ]
        for notation in notations {
            lines.append("  " + notation.name + String(repeating: " ", count: nameWidth - notation.name.count) + "\(notation.model) (\(notation.sources))")
        }
        let classroom = notations.map { notation in
            "\(notation.name) " + notation.sizes.map { "\($0.symbol)=\($0.classroom)" }.joined(separator: ", ")
        }
        lines += [""]
        lines += Format.wrap(
            "With no arguments, checks every notation on an embedded classroom network (\(classroom.joined(separator: "; ")); "
                + "seed 1) and exits 0 when every check passes.", width: width)
        lines += ["", "USAGE: rnn-gradcheck [<subcommand>] [<options>]", "", "OPTIONS:"]
        lines += column("--version", "Show the version.")
        lines += column("-h, --help", "Show help information.")
        lines.append("")
        lines.append("SUBCOMMANDS:")
        for command in commands {
            lines += column(command.name == "check" ? "check (default)" : command.name, command.abstract)
        }
        lines += column("help", "Show help for a subcommand.")
        lines.append("")
        lines.append("EXIT STATUS:")
        lines += exitStatusLines
        lines.append("")
        lines.append("  See 'rnn-gradcheck help <subcommand>' for detailed help.")
        lines.append("")
        return lines.joined(separator: "\n")
    }

    /// "  0    every check passed", …
    static var exitStatusLines: [String] {
        ExitStatus.allCases.map { status in
            let code = String(status.rawValue)
            return "  " + code + String(repeating: " ", count: 5 - code.count) + status.meaning
        }
    }

    /// "  name      help", the help wrapped under its own column.
    static func column(_ name: String, _ help: String) -> [String] {
        let helpLines = Format.wrap(help, width: width - optionColumn)
        let first = "  " + name
        var lines: [String] = []
        if first.count + 2 <= optionColumn {
            lines.append(first + String(repeating: " ", count: optionColumn - first.count) + (helpLines.first ?? ""))
            lines += helpLines.dropFirst().map { String(repeating: " ", count: optionColumn) + $0 }
        } else {
            lines.append(first)
            lines += helpLines.map { String(repeating: " ", count: optionColumn) + $0 }
        }
        return lines
    }
}
