import RNNGradCheck
import RNNGradCheckKit

/// The command line: `rnn-gradcheck [<subcommand>] [<options>]`. The executable calls `main`; tests
/// call `run` with a console that records what was written.
public enum RNNGradCheckCLI {
    public static let version = "0.1.0"

    struct Command: Sendable {
        let spec: CommandSpec
        let run: @Sendable (ParsedArguments, Console) throws(RNNGradCheckError) -> ExitStatus
    }

    static let commands: [Command] = [
        Command(spec: CheckCommand.spec, run: CheckCommand.run),
        Command(spec: GradientsCommand.spec, run: GradientsCommand.run),
        Command(spec: FixtureCommand.spec, run: FixtureCommand.run),
        Command(spec: DeriveCommand.spec, run: DeriveCommand.run),
        Command(spec: ExerciseCommand.spec, run: ExerciseCommand.run),
        Command(spec: BugsCommand.spec, run: BugsCommand.run),
        Command(spec: CheckExternalCommand.spec, run: CheckExternalCommand.run),
        Command(spec: CheckModelCommand.spec, run: CheckModelCommand.run),
        Command(spec: BenchCommand.spec, run: BenchCommand.run),
        Command(spec: DynamicsCommand.spec, run: DynamicsCommand.run),
        Command(spec: TruncationCommand.spec, run: TruncationCommand.run),
        Command(spec: StressCommand.spec, run: StressCommand.run),
    ]

    /// Runs the command line `arguments` (without the program name) and returns the exit status.
    public static func run(_ arguments: [String], console: Console) -> ExitStatus {
        do {
            return try dispatch(arguments, console: console)
        } catch {
            report(error, console: console)
            return error.status
        }
    }

    /// The process entry: runs `CommandLine.arguments` on the standard streams.
    public static func main() -> Int32 {
        run(Array(CommandLine.arguments.dropFirst()), console: .standard()).rawValue
    }

    private static func dispatch(_ arguments: [String], console: Console) throws(RNNGradCheckError) -> ExitStatus {
        guard let first = arguments.first else {
            return try CheckCommand.run(try ParsedArguments([], for: CheckCommand.spec), console: console)
        }
        switch first {
        case "-h", "--help":
            console.write(Help.root(commands.map(\.spec), version: version))
            return .success
        case "--version":
            console.print(version)
            return .success
        case "help":
            guard arguments.count <= 2 else {
                throw .usage("'help' takes one subcommand name, got \(arguments.count - 1) arguments", command: nil)
            }
            guard let name = arguments.dropFirst().first else {
                console.write(Help.root(commands.map(\.spec), version: version))
                return .success
            }
            guard let command = commands.first(where: { $0.spec.name == name }) else {
                throw .usage("unknown subcommand '\(Echo.capped(name))' (expected \(JSONReader.list(commands.map(\.spec.name))))", command: nil)
            }
            console.write(Help.command(command.spec))
            return .success
        default:
            break
        }
        // `rnn-gradcheck --notation wildml` means `check --notation wildml`.
        let (command, rest): (Command, [String])
        if let named = commands.first(where: { $0.spec.name == first }) {
            (command, rest) = (named, Array(arguments.dropFirst()))
        } else if first.hasPrefix("-") {
            (command, rest) = (commands[0], arguments)
        } else {
            throw .usage("unknown subcommand '\(Echo.capped(first))' (expected \(JSONReader.list(commands.map(\.spec.name) + ["help"])))", command: nil)
        }
        let parsed = try ParsedArguments(rest, for: command.spec)
        if parsed.wantsHelp {
            console.write(Help.command(command.spec))
            return .success
        }
        return try command.run(parsed, console)
    }

    /// `Error: …` on standard error; for usage errors also the usage line and where to find help.
    static func report(_ error: RNNGradCheckError, console: Console) {
        console.printError("Error: \(error.message)")
        guard error.status == .usage else { return }
        if let name = error.command, let command = commands.first(where: { $0.spec.name == name }) {
            console.printError("Usage: \(command.spec.usage)")
            console.printError("  See 'rnn-gradcheck \(name) --help' for more information.")
        } else {
            console.printError("Usage: rnn-gradcheck [<subcommand>] [<options>]")
            console.printError("  See 'rnn-gradcheck --help' for more information.")
        }
    }
}
