#if canImport(Glibc)
    import Glibc
#elseif canImport(Musl)
    import Musl
#elseif canImport(Darwin)
    import Darwin
#endif
import Foundation

extension ExternalRun.Ending {
    init(_ ending: ChildProcess.Ending) {
        switch ending {
        case .exited(let status): self = .exited(status)
        case .signalled(let signal): self = .signalled(signal)
        }
    }
}

/// What happened when an external program ran on one input.
public struct ExternalRun: Sendable {
    public enum Ending: Sendable {
        case exited(Int32)
        case signalled(Int32)
    }

    /// How the program ended (nil when it could not be waited for, even after SIGKILL).
    public let ending: Ending?
    /// It was still running at the timeout and was stopped.
    public let timedOut: Bool
    /// It wrote more than `ExternalProgram.outputLimit` bytes to standard output and was stopped.
    public let outputLimitExceeded: Bool
    /// Its standard output was still open a second after it ended (a background process it started
    /// held it and was stopped).
    public let outputStillOpen: Bool
    /// It exited but processes it started were still running; they were stopped. A warning, not a
    /// failure: the program's answer is what it wrote before it exited.
    public let leftRunningChildren: Bool
    public let output: [UInt8]
    /// The last `ExternalProgram.errorTailLimit` bytes of its standard error.
    public let errorTail: [UInt8]
    public let seconds: Double
    /// The answer came from a program kept running across fixtures (one line per fixture), which
    /// has not ended: `ending` is nil and the timings are those of one request.
    public var persistent = false

    /// The last `count` non-empty lines of standard error.
    public func errorLines(last count: Int) -> [String] {
        let lines = String(decoding: errorTail, as: UTF8.self).split(whereSeparator: \.isNewline).map(String.init)
        return Array(lines.filter { !$0.trimmingCharacters(in: .whitespaces).isEmpty }.suffix(count))
    }
}

/// Runs another program (any language) with an input on its standard input, and never lets it take
/// rnn-gradcheck down: both output pipes are read concurrently (no deadlock however much it prints),
/// a timeout stops it (SIGTERM, then SIGKILL, to its whole process group), SIGPIPE is ignored (a
/// program that never reads its input cannot kill the writer), and standard output is capped.
public enum ExternalProgram {
    /// The most of standard output kept: a gradients document is a few kilobytes.
    public static let outputLimit = 16 << 20
    public static let errorTailLimit = 16 << 10

    /// The executable for `command`: a path when it contains '/', otherwise the first match in PATH.
    /// A command that cannot be started is an unreadable input (exit status 66).
    public static func resolve(_ command: String, environment: [String: String]) throws(RNNGradCheckError) -> String {
        let fileManager = FileManager.default
        func runnable(_ path: String) -> Bool {
            var isDirectory: ObjCBool = false
            return fileManager.fileExists(atPath: path, isDirectory: &isDirectory) && !isDirectory.boolValue
                && fileManager.isExecutableFile(atPath: path)
        }
        if command.contains("/") {
            var isDirectory: ObjCBool = false
            guard fileManager.fileExists(atPath: command, isDirectory: &isDirectory) else {
                throw RNNGradCheckError(.noInput, "cannot run \(command): no such file")
            }
            guard !isDirectory.boolValue else { throw RNNGradCheckError(.noInput, "cannot run \(command): it is a directory") }
            guard fileManager.isExecutableFile(atPath: command) else {
                throw RNNGradCheckError(.noInput, "cannot run \(command): not executable (chmod +x, or name its interpreter: python3 \(command))")
            }
            return command
        }
        let path = environment["PATH"] ?? "/usr/local/bin:/usr/bin:/bin"
        for directory in path.split(separator: ":", omittingEmptySubsequences: false) {
            let candidate = (directory.isEmpty ? "." : String(directory)) + "/" + command
            if runnable(candidate) { return candidate }
        }
        throw RNNGradCheckError(.noInput, "cannot run '\(command)': not found in PATH")
    }

    /// Collects what a pipe delivers, on its own thread, up to a limit.
    private final class PipeReader: @unchecked Sendable {
        private let lock = NSLock()
        private var bytes: [UInt8] = []
        private var exceeded = false
        private let limit: Int
        /// Keep the last `limit` bytes instead of the first ones.
        private let keepTail: Bool
        public let finished = DispatchSemaphore(value: 0)

        public init(limit: Int, keepTail: Bool) {
            self.limit = limit
            self.keepTail = keepTail
        }

        public var result: (bytes: [UInt8], exceeded: Bool) {
            lock.lock()
            defer { lock.unlock() }
            return (bytes, exceeded)
        }

        public func start(_ handle: FileHandle, onLimit: @escaping @Sendable () -> Void) {
            Thread.detachNewThread { [self] in
                readChunks(handle) { chunk in
                    if append(chunk) { onLimit() }
                    return true
                }
                try? handle.close()
                finished.signal()
            }
        }

        /// Appends; true the first time the limit is passed.
        private func append(_ chunk: ArraySlice<UInt8>) -> Bool {
            lock.lock()
            defer { lock.unlock() }
            if keepTail {
                bytes += chunk
                if bytes.count > limit { bytes.removeFirst(bytes.count - limit) }
                return false
            }
            guard !exceeded else { return false }
            if bytes.count + chunk.count > limit {
                exceeded = true
                return true
            }
            bytes += chunk
            return false
        }
    }

    /// Runs `executable` with `arguments`, writes `input` to its standard input and closes it, and
    /// collects its output until it ends or `timeout` seconds have passed. The program has ended when
    /// it exits, whatever its descendants do: what they still hold open is read for a moment more, then
    /// they are stopped and the run says so (`leftRunningChildren`).
    public static func run(_ executable: String, arguments: [String], input: [UInt8], timeout: Double) throws(RNNGradCheckError) -> ExternalRun {
        let start = DispatchTime.now()
        // A program that exits without reading its input must not kill rnn-gradcheck with SIGPIPE:
        // while it runs, SIGPIPE is ignored and a write to its closed input fails with EPIPE instead.
        // (The program itself starts with the default disposition; rnn-gradcheck's own output to a
        // closed pipe ends it quietly as before, once the program is done.)
        let previousDisposition = signal(SIGPIPE, SIG_IGN)
        let child: ChildProcess
        do {
            child = try ChildProcess.spawn(executable, arguments: arguments)
        } catch {
            signal(SIGPIPE, previousDisposition)
            throw error
        }
        let output = PipeReader(limit: outputLimit, keepTail: false)
        let errors = PipeReader(limit: errorTailLimit, keepTail: true)
        output.start(child.output) { child.signalGroup(SIGKILL) }
        errors.start(child.errors) {}
        let writer = child.input
        let written = DispatchSemaphore(value: 0)
        Thread.detachNewThread {
            try? writer.write(contentsOf: Data(input))
            try? writer.close()
            written.signal()
        }

        let deadline = start + timeout
        var timedOut = false
        var ending = child.wait(until: deadline)
        if ending == nil {
            timedOut = true
            child.signalGroup(SIGTERM)
            ending = child.wait(until: .now() + 0.5)
            if ending == nil {
                child.signalGroup(SIGKILL)
                ending = child.wait(until: .now() + 2)
            }
        }
        // The program has ended. Its output ends when nothing holds the pipes any more: give its
        // descendants a moment, then stop them all.
        let grace = DispatchTime.now() + 0.2
        var outputStillOpen = false
        let drained = output.finished.wait(timeout: grace) == .success && errors.finished.wait(timeout: grace) == .success
        let stopped = child.stopDescendants()
        let leftRunning = !drained || stopped > 0
        if !drained {
            outputStillOpen = output.finished.wait(timeout: .now() + 1) == .timedOut
            _ = errors.finished.wait(timeout: .now() + 0.1)
        }
        let seconds = Double(DispatchTime.now().uptimeNanoseconds - start.uptimeNanoseconds) / 1e9
        // The writer ends as soon as nothing holds the input open any more; only then may SIGPIPE be
        // deliverable again.
        if written.wait(timeout: .now() + 1) == .success {
            signal(SIGPIPE, previousDisposition)
        }
        let (bytes, exceeded) = output.result
        return ExternalRun(
            ending: ending.map(ExternalRun.Ending.init), timedOut: timedOut,
            outputLimitExceeded: exceeded, outputStillOpen: outputStillOpen, leftRunningChildren: leftRunning && !timedOut,
            output: bytes, errorTail: errors.result.bytes, seconds: seconds)
    }

    /// "SIGSEGV" for 11, and so on for the signals a crashing or stopped program usually gets.
    public static func signalName(_ number: Int32) -> String {
        let names: [Int32: String] = [
            SIGHUP: "SIGHUP", SIGINT: "SIGINT", SIGQUIT: "SIGQUIT", SIGILL: "SIGILL", SIGTRAP: "SIGTRAP", SIGABRT: "SIGABRT",
            SIGBUS: "SIGBUS", SIGFPE: "SIGFPE", SIGKILL: "SIGKILL", SIGSEGV: "SIGSEGV", SIGPIPE: "SIGPIPE", SIGALRM: "SIGALRM",
            SIGTERM: "SIGTERM", SIGXCPU: "SIGXCPU",
        ]
        return names[number] ?? "signal \(number)"
    }
}

/// Reads `handle` to its end in chunks of up to 64 KiB, giving each to `consume`, which returns false
/// to stop reading early. A read interrupted by a signal is retried.
func readChunks(_ handle: FileHandle, _ consume: (ArraySlice<UInt8>) -> Bool) {
    let descriptor = handle.fileDescriptor
    var buffer = [UInt8](repeating: 0, count: 1 << 16)
    while true {
        let count = buffer.withUnsafeMutableBytes { read(descriptor, $0.baseAddress, $0.count) }
        if count < 0 && errno == EINTR { continue }
        if count <= 0 || !consume(buffer[0..<count]) { return }
    }
}
