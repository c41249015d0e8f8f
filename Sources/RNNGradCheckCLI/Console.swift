#if canImport(Glibc)
    import Glibc
#elseif canImport(Musl)
    import Musl
#elseif canImport(Darwin)
    import Darwin
#endif
import Foundation
import RNNGradCheckKit

/// Where a command writes and reads: the real terminal in the executable, strings in tests.
public final class Console: @unchecked Sendable {
    private let writeOut: (String) -> Void
    private let writeError: (String) -> Void
    /// Standard input, read on demand (a fixture given as `-`), at most `InputFile.sizeLimit + 1` bytes.
    let readInput: () -> [UInt8]
    /// Colour on standard output: only on a terminal, never with NO_COLOR set.
    let colour: Bool
    /// The environment (for NO_COLOR and the like).
    let environment: [String: String]

    public init(
        out: @escaping (String) -> Void, error: @escaping (String) -> Void, input: @escaping () -> [UInt8] = { [] },
        colour: Bool = false, environment: [String: String] = [:]
    ) {
        writeOut = out
        writeError = error
        readInput = input
        self.colour = colour
        self.environment = environment
    }

    /// The process's standard streams.
    public static func standard() -> Console {
        let environment = ProcessInfo.processInfo.environment
        let colour = isatty(STDOUT_FILENO) == 1 && environment["NO_COLOR"] == nil && environment["TERM"] != "dumb"
        return Console(
            out: { text in FileHandle.standardOutput.write(Data(text.utf8)) },
            error: { text in FileHandle.standardError.write(Data(text.utf8)) },
            input: { InputFile.readCapped(FileHandle.standardInput) },
            colour: colour, environment: environment)
    }

    /// Writes a line (or lines) to standard output.
    func print(_ text: String = "") { writeOut(text + "\n") }
    /// Writes text to standard output as is.
    func write(_ text: String) { writeOut(text) }
    /// Writes a line to standard error.
    func printError(_ text: String) { writeError(text + "\n") }

    /// `text` in a colour or weight, when colour is on.
    func styled(_ text: String, _ style: TextStyle) -> String {
        colour ? style.ansi(text) : text
    }
}
