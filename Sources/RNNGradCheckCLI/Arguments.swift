import RNNGradCheck
import RNNGradCheckKit

/// One option of a command: `--name <value>` or a flag `--name`.
struct OptionSpec: Sendable {
    let name: String
    /// nil for a flag.
    let valueName: String?
    let help: String
    /// Shown as "(default: …)".
    let defaultValue: String?
    /// Shown as "(values: …)".
    let allowedValues: [String]?

    init(_ name: String, value: String? = nil, help: String, default defaultValue: String? = nil, values: [String]? = nil) {
        self.name = name
        self.valueName = value
        self.help = help
        self.defaultValue = defaultValue
        self.allowedValues = values
    }

    var synopsis: String { valueName.map { "--\(name) <\($0)>" } ?? "--\(name)" }
}

/// A subcommand: its help text and options.
struct CommandSpec: Sendable {
    let name: String
    let abstract: String
    let discussion: String?
    let usage: String
    let options: [OptionSpec]
    /// Positional arguments, for the help text.
    let arguments: [(name: String, help: String)]
    /// Whether `-- COMMAND ARGS…` may follow the options.
    let acceptsTrailingCommand: Bool

    init(
        name: String, abstract: String, discussion: String? = nil, usage: String, options: [OptionSpec],
        arguments: [(name: String, help: String)] = [], acceptsTrailingCommand: Bool = false
    ) {
        self.name = name
        self.abstract = abstract
        self.discussion = discussion
        self.usage = usage
        self.options = options
        self.arguments = arguments
        self.acceptsTrailingCommand = acceptsTrailingCommand
    }
}

/// What a command line said, after checking every option against the command's spec.
struct ParsedArguments {
    let command: CommandSpec
    private(set) var values: [String: String] = [:]
    private(set) var flags: Set<String> = []
    private(set) var positionals: [String] = []
    /// The words after `--` (nil when there is no `--`).
    private(set) var trailing: [String]?
    var wantsHelp = false

    /// Parses `words` (the arguments after the subcommand name).
    init(_ words: [String], for command: CommandSpec) throws(RNNGradCheckError) {
        self.command = command
        var i = 0
        while i < words.count {
            let word = words[i]
            i += 1
            if word == "--" {
                guard command.acceptsTrailingCommand else {
                    throw .usage("unexpected '--': '\(command.name)' does not run a command", command: command.name)
                }
                trailing = Array(words[i...])
                break
            }
            if word == "-h" || word == "--help" {
                wantsHelp = true
                continue
            }
            guard word.hasPrefix("--") else {
                if word.hasPrefix("-") && word.count > 1 && Double(word) == nil {
                    throw .usage("unknown option '\(Echo.capped(word))'", command: command.name)
                }
                positionals.append(word)
                continue
            }
            var name = String(word.dropFirst(2))
            var inlineValue: String?
            if let equals = name.firstIndex(of: "=") {
                inlineValue = String(name[name.index(after: equals)...])
                name = String(name[..<equals])
            }
            guard let spec = command.options.first(where: { $0.name == name }) else {
                throw .usage("unknown option '--\(Echo.capped(name))'", command: command.name)
            }
            guard values[name] == nil && !flags.contains(name) else {
                throw .usage("'--\(name)' is given more than once", command: command.name)
            }
            if let valueName = spec.valueName {
                if let inlineValue {
                    values[name] = inlineValue
                } else {
                    guard i < words.count, !(words[i].hasPrefix("--") && words[i].count > 2) else {
                        throw .usage("missing value for '--\(name) <\(valueName)>'", command: command.name)
                    }
                    values[name] = words[i]
                    i += 1
                }
                if let allowed = spec.allowedValues, let value = values[name], !allowed.contains(value) {
                    throw .usage(
                        "the value '\(Echo.capped(value))' is invalid for '--\(name) <\(valueName)>' (expected \(JSONReader.list(allowed)))",
                        command: command.name)
                }
            } else {
                guard inlineValue == nil else {
                    throw .usage("'--\(name)' is a flag and takes no value", command: command.name)
                }
                flags.insert(name)
            }
        }
    }

    func has(_ name: String) -> Bool { values[name] != nil || flags.contains(name) }

    /// The command line as parsed, options in the spec's order: `check --notation wildml --sweep`.
    var words: [String] {
        var words = [command.name]
        for option in command.options {
            if let value = values[option.name] { words += ["--\(option.name)", value] } else if flags.contains(option.name) { words.append("--\(option.name)") }
        }
        return words + positionals + (trailing.map { ["--"] + $0 } ?? [])
    }
    func flag(_ name: String) -> Bool { flags.contains(name) }
    func string(_ name: String) -> String? { values[name] }

    private func invalid(_ name: String, _ value: String, _ expected: String) -> RNNGradCheckError {
        let valueName = command.options.first { $0.name == name }?.valueName ?? name
        return .usage("the value '\(Echo.capped(value))' is invalid for '--\(name) <\(valueName)>': expected \(expected)", command: command.name)
    }

    /// An integer option within `range`.
    func integer(_ name: String, in range: ClosedRange<Int>) throws(RNNGradCheckError) -> Int? {
        guard let text = values[name] else { return nil }
        guard let value = Int(text), range.contains(value) else {
            let expected = range.upperBound == Int.max ? "an integer ≥ \(range.lowerBound)" : "an integer in \(range.lowerBound)…\(range.upperBound)"
            throw invalid(name, text, expected)
        }
        return value
    }

    /// A seed: any integer in 0…2⁶⁴−1.
    func seed(_ name: String) throws(RNNGradCheckError) -> UInt64? {
        guard let text = values[name] else { return nil }
        guard let value = UInt64(text) else { throw invalid(name, text, "an integer in 0…18446744073709551615") }
        return value
    }

    /// A positive, finite real option.
    func positiveReal(_ name: String) throws(RNNGradCheckError) -> Double? {
        guard let text = values[name] else { return nil }
        guard let value = Double(text), value.isFinite, value > 0 else { throw invalid(name, text, "a positive number") }
        return value
    }

    /// Refuses options that make no sense together.
    func forbid(_ names: [String], with other: String, because reason: String) throws(RNNGradCheckError) {
        if has(other), let clash = names.first(where: has) {
            throw .usage("'--\(clash)' cannot be combined with '--\(other)': \(reason)", command: command.name)
        }
    }

    /// Refuses positional arguments for commands that take none.
    func noPositionals() throws(RNNGradCheckError) {
        if let first = positionals.first {
            throw .usage("unexpected argument '\(Echo.capped(first))'", command: command.name)
        }
    }
}
