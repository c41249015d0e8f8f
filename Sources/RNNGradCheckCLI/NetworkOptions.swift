import RNNGradCheck
import RNNGradCheckKit

// The options that choose a notation and make a seeded random network, built from the notation
// registry: each size option (--vocabulary, --hidden, …) and each model option (--output-activation)
// exists because some registered notation declares it.

extension OptionSpec {
    /// `--notation`, with every registered notation as an allowed value.
    static func notation(help: String, default defaultValue: String) -> OptionSpec {
        OptionSpec("notation", value: "notation", help: help, default: defaultValue, values: NotationRegistry.all.map(\.name))
    }

    /// The sizes, the weight scale and the model options of a seeded random network.
    static var randomNetwork: [OptionSpec] { randomNetwork(defaults: [:]) }

    /// The same, for a command whose random network takes other sizes by default (by option name:
    /// `["hidden": 32]`) than the classroom network.
    static func randomNetwork(defaults sizeDefaults: [String: Int]) -> [OptionSpec] {
        var options: [OptionSpec] = []
        for name in sizeOptionNames {
            // "Hidden units: H (wildml, denominator-layout), M (index-wise)."
            var symbols: [(symbol: String, notations: [String], classroom: Int)] = []
            var meaning = ""
            for notation in NotationRegistry.all {
                guard let size = notation.sizes.first(where: { $0.option == name }) else { continue }
                if meaning.isEmpty { meaning = size.meaning }
                let value = sizeDefaults[name] ?? size.classroom
                if let i = symbols.firstIndex(where: { $0.symbol == size.symbol && $0.classroom == value }) {
                    symbols[i].notations.append(notation.name)
                } else {
                    symbols.append((size.symbol, [notation.name], value))
                }
            }
            let help = meaning.prefix(1).uppercased() + meaning.dropFirst() + ": "
                + symbols.map { "\($0.symbol) (\($0.notations.joined(separator: ", ")))" }.joined(separator: ", ") + "."
            let defaults = Set(symbols.map(\.classroom))
            let defaultText = defaults.count == 1
                ? String(defaults.first!) : symbols.map { "\($0.classroom) (\($0.notations.joined(separator: ", ")))" }.joined(separator: ", ")
            options.append(OptionSpec(name, value: symbols.first?.symbol ?? "n", help: help, default: defaultText))
        }
        options.append(OptionSpec(
            "weight-scale", value: "scale", help: "Multiply the random initial weights by this (large values saturate tanh and sigmoid).", default: "1"))
        for option in modelOptions {
            options.append(OptionSpec(option.option, value: option.symbol, help: option.help, default: option.defaultValue, values: option.values))
        }
        return options
    }

    /// Every size option some notation declares, in registry order.
    static var sizeOptionNames: [String] {
        var names: [String] = []
        for notation in NotationRegistry.all {
            for size in notation.sizes where !names.contains(size.option) { names.append(size.option) }
        }
        return names
    }

    /// Every model option some notation declares, once.
    static var modelOptions: [ModelOption] {
        var options: [ModelOption] = []
        for notation in NotationRegistry.all {
            for option in notation.options where !options.contains(where: { $0.option == option.option }) { options.append(option) }
        }
        return options
    }

    /// The options that describe a random network, refused together with a fixture.
    static var randomNetworkNames: [String] { ["seed"] + randomNetwork.map(\.name) }
}

extension ParsedArguments {
    /// The notation named by `--notation` (nil when absent).
    func notation() throws(RNNGradCheckError) -> AnyNotation? {
        guard let name = string("notation") else { return nil }
        guard let notation = NotationRegistry.named(name) else {
            throw .usage("unknown notation '\(Echo.capped(name))' (expected \(JSONReader.list(NotationRegistry.all.map(\.name))))", command: command.name)
        }
        return notation
    }

    /// `--notation` as a list (nil when absent).
    func notations() throws(RNNGradCheckError) -> [AnyNotation]? { try notation().map { [$0] } }

    /// `--truncate τ` (nil when absent), refused for a notation whose code has no truncation.
    func truncation(for notations: [AnyNotation]) throws(RNNGradCheckError) -> Int? {
        guard let tau = try integer("truncate", in: 0...Int.max) else { return nil }
        if let plain = notations.first(where: { $0.truncationName == nil }) {
            throw .usage("'--truncate' does not apply to \(plain.name): its BPTT always reaches the first step of the sequence", command: command.name)
        }
        return tau
    }

    /// `--truncate τ` for each notation: with --notation, refused for a notation without truncation;
    /// without it (every notation), given to the notations that have one.
    func truncations(for notations: [AnyNotation]) throws(RNNGradCheckError) -> [Int?] {
        if has("notation") {
            let tau = try truncation(for: notations)
            return notations.map { _ in tau }
        }
        let tau = try integer("truncate", in: 0...Int.max)
        return notations.map { $0.truncationName == nil ? nil : tau }
    }

    /// Seeded random cases, one per notation, from --seed, the size options, --weight-scale and the
    /// model options. A size or model option that no selected notation has is refused by name.
    /// `seed` replaces --seed (a student's fixture derives its own).
    func randomCases(_ notations: [AnyNotation], truncations: [Int?], seed given: UInt64? = nil, defaultSizes: [String: Int] = [:]) throws(RNNGradCheckError) -> [ProblemCase] {
        for name in OptionSpec.sizeOptionNames where has(name) {
            guard notations.contains(where: { $0.sizes.contains { $0.option == name } }) else {
                let users = NotationRegistry.all.filter { $0.sizes.contains { $0.option == name } }.map(\.name)
                throw .usage("'--\(name)' applies to \(JSONReader.list(users)), not to \(JSONReader.list(notations.map(\.name)))", command: command.name)
            }
        }
        for option in OptionSpec.modelOptions where has(option.option) {
            guard notations.contains(where: { $0.options.contains { $0.option == option.option } }) else {
                let users = NotationRegistry.all.filter { $0.options.contains { $0.option == option.option } }.map(\.name)
                throw .usage("'--\(option.option)' applies to \(JSONReader.list(users)) only", command: command.name)
            }
        }
        let parsed = try seed("seed")
        let seed = given ?? parsed ?? 1
        let scale = try positiveReal("weight-scale") ?? 1
        guard scale <= 100 else {
            throw .usage("the value '\(Echo.capped(string("weight-scale")!))' is invalid for '--weight-scale <scale>': expected a number in (0, 100]", command: command.name)
        }
        var cases: [ProblemCase] = []
        for (notation, truncation) in zip(notations, truncations) {
            var sizes: [String: Int] = [:]
            for size in notation.sizes {
                if let value = try integer(size.option, in: size.range) ?? defaultSizes[size.option] { sizes[size.symbol] = value }
            }
            var options: [String: String] = [:]
            for option in notation.options {
                if let value = string(option.option) { options[option.key] = value }
            }
            cases.append(.random(notation, sizes: sizes, seed: seed, weightScale: scale, truncation: truncation, options: options))
        }
        return cases
    }

    /// The cases a command line asks for: one fixture (`--fixture`), or a random network per
    /// selected notation (`notations` when --notation is absent).
    func problemCases(defaultNotations: [AnyNotation], console: Console, defaultSizes: [String: Int] = [:]) throws(RNNGradCheckError) -> [ProblemCase] {
        if let path = string("fixture") {
            try forbid(OptionSpec.randomNetworkNames, with: "fixture", because: "the fixture fixes the network and the sequence")
            let (bytes, name) = try InputFile.read(path, standardInput: console.readInput)
            var problemCase = try Fixture.decode(bytes, source: name)
            if let wanted = string("notation"), wanted != problemCase.notation.name {
                throw .usage("--notation \(wanted) does not match the fixture, which is written in \(problemCase.notation.name)", command: command.name)
            }
            if has("truncate") { problemCase = problemCase.withTruncation(try truncation(for: [problemCase.notation])) }
            return [problemCase]
        }
        let notations = try notations() ?? defaultNotations
        return try randomCases(notations, truncations: try truncations(for: notations), defaultSizes: defaultSizes)
    }
}
