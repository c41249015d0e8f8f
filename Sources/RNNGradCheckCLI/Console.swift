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
    /// Standard error is a terminal: progress lines are shown there (never in files or pipes, never in
    /// standard output).
    let showsProgress: Bool
    private var lastProgress = ContinuousClock.now
    private var progressShown = false

    public init(
        out: @escaping (String) -> Void, error: @escaping (String) -> Void, input: @escaping () -> [UInt8] = { [] },
        colour: Bool = false, environment: [String: String] = [:], showsProgress: Bool = false
    ) {
        writeOut = out
        writeError = error
        readInput = input
        self.colour = colour
        self.environment = environment
        self.showsProgress = showsProgress
    }

    /// The process's standard streams.
    public static func standard() -> Console {
        let environment = ProcessInfo.processInfo.environment
        let colour = isatty(STDOUT_FILENO) == 1 && environment["NO_COLOR"] == nil && environment["TERM"] != "dumb"
        return Console(
            out: { text in FileHandle.standardOutput.write(Data(text.utf8)) },
            error: { text in FileHandle.standardError.write(Data(text.utf8)) },
            input: { InputFile.readCapped(FileHandle.standardInput) },
            colour: colour, environment: environment, showsProgress: isatty(STDERR_FILENO) == 1 && environment["TERM"] != "dumb")
    }

    /// Writes a line (or lines) to standard output.
    func print(_ text: String = "") { writeOut(text + "\n") }
    /// Writes text to standard output as is.
    func write(_ text: String) { writeOut(text) }
    /// Writes a line to standard error.
    func printError(_ text: String) { writeError(text + "\n") }

    /// One progress line on standard error, rewritten in place at most five times a second; cleared when
    /// `done == total`. Only on a terminal.
    func progress(_ text: String, done: Int, total: Int) {
        guard showsProgress else { return }
        let now = ContinuousClock.now
        if done >= total {
            if progressShown { writeError("\r\u{1B}[K") }
            progressShown = false
            return
        }
        guard now - lastProgress >= .milliseconds(200) else { return }
        lastProgress = now
        progressShown = true
        let percent = total > 0 ? 100 * done / total : 0
        writeError("\r\u{1B}[K\(text) (\(percent) %)")
    }

    /// `text` in a colour or weight, when colour is on.
    func styled(_ text: String, _ style: TextStyle) -> String {
        colour ? style.ansi(text) : text
    }
}
