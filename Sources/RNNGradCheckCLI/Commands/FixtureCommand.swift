import RNNGradCheck
import RNNGradCheckKit

/// `rnn-gradcheck fixture`: a seeded random fixture, to edit or to feed another program.
enum FixtureCommand {
    static let spec = CommandSpec(
        name: "fixture",
        abstract: "Write a seeded random fixture (JSON) to standard output.",
        discussion: """
            The network and sequence are the ones 'check --seed <seed>' uses. Edit the file, check it \
            with 'rnn-gradcheck check --fixture FILE', or give it to your own BPTT code.
            """,
        usage: "rnn-gradcheck fixture [--notation <notation>] [--seed <seed>] [<sizes>] [--truncate <tau>]",
        options: GradientsCommand.spec.options.filter { !["fixture", "json", "bug"].contains($0.name) })

    static func run(_ arguments: ParsedArguments, console: Console) throws(RNNGradCheckError) -> ExitStatus {
        try arguments.noPositionals()
        let problemCase = try GradientsCommand.singleCase(arguments, console: console)
        let description = "rnn-gradcheck fixture: \(problemCase.notation.name), \(problemCase.sizesText), \(problemCase.origin), weights uniform in ±scale/√fan-in"
        console.write(JSONWriter.write(Fixture.encode(problemCase, description: description)))
        return .success
    }
}
