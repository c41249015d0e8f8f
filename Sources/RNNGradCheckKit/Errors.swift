/// The exit statuses of `rnn-gradcheck`, one named place (the values follow BSD sysexits.h).
public enum ExitStatus: Int32, CaseIterable, Sendable {
    /// Every check passed (or the command had nothing to check and succeeded).
    case success = 0
    /// A check failed: a gradient is wrong, an equation does not hold, a program's answer is off.
    case checkFailed = 1
    /// The command line is wrong (EX_USAGE).
    case usage = 64
    /// An input file is malformed: invalid JSON, a wrong shape, a token id out of range (EX_DATAERR).
    case dataError = 65
    /// An input file cannot be read: missing, a directory, no permission (EX_NOINPUT).
    case noInput = 66
    /// The tool itself failed (EX_SOFTWARE): a bug to report.
    case internalError = 70
    /// An output file (a picture, a report) cannot be written (EX_CANTCREAT).
    case cannotWrite = 73

    /// One line for the help text.
    public var meaning: String {
        switch self {
        case .success: return "every check passed"
        case .checkFailed: return "a check failed (a gradient, an equation or an answer is wrong)"
        case .usage: return "usage error (unknown option, bad value, a check estimated over its --budget)"
        case .dataError: return "malformed input data (invalid JSON, wrong shape, token out of range, non-finite number)"
        case .noInput: return "an input file cannot be read, or a program to check cannot be started (missing, no permission)"
        case .internalError: return "internal error in rnn-gradcheck"
        case .cannotWrite: return "an output file (--svg, --html) cannot be written (no such directory, no permission)"
        }
    }
}

/// An error that ends a command with a message and an exit status: malformed input, an unreadable
/// file, a program that cannot start, a wrong command line.
public struct RNNGradCheckError: Error, Sendable {
    public let status: ExitStatus
    /// One line, without the "Error: " prefix.
    public let message: String
    /// For usage errors: the command whose usage line to print.
    public let command: String?

    public init(_ status: ExitStatus, _ message: String, command: String? = nil) {
        self.status = status
        self.message = message
        self.command = command
    }

    public static func usage(_ message: String, command: String?) -> RNNGradCheckError { RNNGradCheckError(.usage, message, command: command) }
}
