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

            With --student ID and the course secret (--secret or RNN_GRADCHECK_SECRET), the seed is \
            derived from the student id and the secret instead: each student gets a network of their \
            own that nobody without the secret can compute. ('exercise show N --student ID --fixture' \
            is a student's variant of an exercise.)
            """,
        usage: "rnn-gradcheck fixture [--notation <notation>] [--seed <seed> | --student <id>] [<sizes>] [--truncate <tau>]",
        options: GradientsCommand.spec.options.filter { !["fixture", "json", "bug"].contains($0.name) } + [.student, .secret])

    static func run(_ arguments: ParsedArguments, console: Console) throws(RNNGradCheckError) -> ExitStatus {
        try arguments.noPositionals()
        let problemCase: ProblemCase
        if let student = try arguments.student() {
            try arguments.forbid(["seed"], with: "student", because: "the student's fixture derives its own seed")
            let secret = try arguments.requiredSecret(console: console, for: "--student \(Echo.capped(student))")
            let notation = try arguments.notation() ?? NotationRegistry.all[0]
            let seed = Variants.fixtureSeed(student: student, secret: secret)
            let random = try arguments.randomCases([notation], truncations: [try arguments.truncation(for: [notation])], seed: seed)[0]
            problemCase = ProblemCase(notation: random.notation, problem: random.problem, origin: "the fixture of student \(student)")
        } else {
            if arguments.has("secret") {
                throw .usage("'--secret' derives a student's fixture: it needs '--student <id>'", command: spec.name)
            }
            problemCase = try GradientsCommand.singleCase(arguments, console: console)
        }
        let description = "rnn-gradcheck fixture: \(problemCase.notation.name), \(problemCase.sizesText), \(problemCase.origin), weights uniform in ±scale/√fan-in"
        console.write(JSONWriter.write(Fixture.encode(problemCase, description: description)))
        return .success
    }
}
