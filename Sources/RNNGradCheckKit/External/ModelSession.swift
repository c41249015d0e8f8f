#if canImport(Glibc)
    import Glibc
#elseif canImport(Musl)
    import Musl
#elseif canImport(Darwin)
    import Darwin
#endif
import Foundation

/// Why a program stopped answering: one line for the report, and what kind of failure it was.
public struct ModelFailure: Error, Sendable, Equatable {
    public enum Kind: String, Sendable {
        /// It exited (or was killed) before answering.
        case exited
        /// It did not answer within the per-request timeout.
        case timedOut = "timed-out"
        /// A line that is not JSON.
        case notJSON = "not-json"
        /// JSON that does not answer the request: missing or extra names, wrong shapes, wrong types.
        case badAnswer = "bad-answer"
        /// A line longer than `ModelSession.lineLimit`.
        case lineTooLong = "line-too-long"
        /// A line nobody asked for (two answers to one request).
        case extraLine = "extra-line"
        /// The program answered {"error": …}.
        case reportedError = "reported-error"
        /// The loss is NaN or infinite where its noise is measured.
        case nonFiniteLoss = "non-finite-loss"
    }

    public let kind: Kind
    /// One line, without a "FAIL:" prefix.
    public let message: String

    public init(_ kind: Kind, _ message: String) {
        self.kind = kind
        self.message = message
    }
}

/// How a program ended.
public enum ProgramEnding: Sendable, Equatable {
    case exited(Int32)
    case signalled(Int32)
    /// It could not be waited for, even after SIGKILL.
    case unknown
}

/// One program kept running for a whole check: requests on its standard input, one JSON object per
/// line, and exactly one answer line per request from its standard output (the protocol of
/// `check-model`, notes/check-model.md).
///
/// The program cannot take rnn-gradcheck down: its output is read on threads of its own and each line
/// is capped (`lineLimit`); each request has a timeout, after which the program's process group is
/// stopped (SIGTERM, then SIGKILL); SIGPIPE is ignored while it runs; its standard error is kept (the
/// last `ExternalProgram.errorTailLimit` bytes) for the report. After the first failure every request
/// returns nil at once and `failure` says what happened.
public final class ModelSession: @unchecked Sendable {
    /// The longest answer line read: a gradient of 10⁶ numbers is about 20 MB of JSON.
    public static let lineLimit = 64 << 20
    /// How much of a line a message shows.
    public static let echoLimit = 200

    private let process: Process
    private let input: FileHandle
    private let lines = LineReader()
    private let errors = TailReader(limit: ExternalProgram.errorTailLimit)
    private let ended = DispatchSemaphore(value: 0)
    private let writer = DispatchQueue(label: "rnn-gradcheck.model-session.writer")
    private let timeout: Double
    private let previousSigpipe: (@convention(c) (Int32) -> Void)?
    private var closed = false

    /// The first failure (nil while the program answers).
    public private(set) var failure: ModelFailure?
    /// How the program ended (after `close()` or a failure).
    public private(set) var ending: ProgramEnding?
    /// Requests answered, by op, and the time they took from writing the request to reading the answer:
    /// the first one (which includes the program's start-up) and all the others.
    public private(set) var answered: [String: Int] = [:]
    public private(set) var firstRequestSeconds = 0.0
    public private(set) var requestSeconds = 0.0
    /// When the program started, for the total time.
    public let started = DispatchTime.now()

    /// Starts `executable` with `arguments`. A program that cannot be started is exit status 66.
    public init(executable: String, arguments: [String], timeout: Double) throws(RNNGradCheckError) {
        process = Process()
        process.executableURL = URL(fileURLWithPath: executable)
        process.arguments = arguments
        let stdin = Pipe(), stdout = Pipe(), stderr = Pipe()
        process.standardInput = stdin
        process.standardOutput = stdout
        process.standardError = stderr
        input = stdin.fileHandleForWriting
        self.timeout = timeout
        let ended = self.ended
        process.terminationHandler = { _ in ended.signal() }
        do {
            try process.run()
        } catch {
            throw RNNGradCheckError(.noInput, "cannot run \(executable): \(error.localizedDescription)")
        }
        // A program that exits with requests still unread must not end rnn-gradcheck with SIGPIPE: the
        // write fails with EPIPE instead. Restored in `close()`.
        previousSigpipe = signal(SIGPIPE, SIG_IGN)
        // One of the programs being run: `check-external` stopping another program's leftover
        // descendants (on another thread) must not take it for one.
        ChildProcess.register(pid: process.processIdentifier)
        lines.start(stdout.fileHandleForReading)
        errors.start(stderr.fileHandleForReading)
    }

    deinit {
        if !closed { _ = close() }
    }

    /// The last `count` non-empty lines of the program's standard error.
    public func errorLines(last count: Int) -> [String] {
        let text = String(decoding: errors.bytes, as: UTF8.self)
        let lines = text.split(whereSeparator: \.isNewline).map(String.init)
        return Array(lines.filter { !$0.trimmingCharacters(in: .whitespaces).isEmpty }.suffix(count)).map { Self.echo($0) }
    }

    /// All requests answered.
    public var requestCount: Int { answered.values.reduce(0, +) }

    /// Writes one request (`line`, without the newline) and returns the answer line; nil once the
    /// program has failed. `op` names the request in messages.
    public func request(_ line: [UInt8], op: String) -> [UInt8]? {
        guard failure == nil, !closed else { return nil }
        let description = "{\"op\": \"\(op)\"}"
        if let extra = lines.pop() {
            fail(.extraLine, "the program printed a line nobody asked for, after answering \(requestCount) request\(requestCount == 1 ? "" : "s"): \(Self.quoted(extra)) (exactly one line per request; debug output belongs on stderr)")
            return nil
        }
        let start = DispatchTime.now()
        let handle = input
        writer.async {
            var bytes = line
            bytes.append(UInt8(ascii: "\n"))
            Self.writeAll(bytes, to: handle.fileDescriptor)
        }
        switch lines.next(deadline: start + timeout) {
        case .line(let answer):
            let seconds = Double(DispatchTime.now().uptimeNanoseconds - start.uptimeNanoseconds) / 1e9
            if requestCount == 0 { firstRequestSeconds = seconds } else { requestSeconds += seconds }
            answered[op, default: 0] += 1
            return answer
        case .timedOut:
            stop()
            fail(.timedOut, "the program did not answer \(description) within \(Self.seconds(timeout)) (request \(requestCount + 1)) and was stopped")
        case .tooLong:
            stop()
            fail(.lineTooLong, "the program's answer to \(description) is longer than \(Self.lineLimit >> 20) MB without a newline, and it was stopped")
        case .ended:
            // Its output ended: it exited, or it closed its standard output and goes on (then it is
            // stopped after a moment).
            let how: String
            if ending == nil && ended.wait(timeout: .now() + min(timeout, 2)) == .timedOut {
                stop()
                how = "closed its standard output (and was stopped)"
            } else {
                record()
                switch ending ?? .unknown {
                case .exited(let status): how = "exited with status \(status)"
                case .signalled(let signal): how = "was killed by signal \(signal) (\(ExternalProgram.signalName(signal)))"
                case .unknown: how = "closed its standard output"
                }
            }
            fail(.exited, "the program \(how) before answering \(description) (request \(requestCount + 1))")
        }
        return nil
    }

    /// Records a failure found in an answer (not JSON, wrong names…) and stops the program.
    public func reject(_ failure: ModelFailure) {
        guard self.failure == nil else { return }
        self.failure = failure
        stop()
    }

    /// Closes the program's standard input and waits for it to exit (up to the timeout), then stops
    /// its process group. Returns how it ended.
    @discardableResult
    public func close() -> ProgramEnding {
        if closed { return ending ?? .unknown }
        closed = true
        let handle = input
        let written = DispatchSemaphore(value: 0)
        writer.async {
            try? handle.close()
            written.signal()
        }
        if ending == nil {
            if ended.wait(timeout: .now() + min(timeout, 5)) == .timedOut { stop() } else { record() }
        }
        // Its output ends when every process holding the pipes has ended.
        if !lines.finished(before: .now() + 0.5) || !errors.finished(before: .now() + 0.1) {
            signalGroup(SIGKILL)
            _ = lines.finished(before: .now() + 1)
            _ = errors.finished(before: .now() + 0.1)
        }
        if written.wait(timeout: .now() + 1) == .success {
            signal(SIGPIPE, previousSigpipe)
        }
        ChildProcess.unregister(pid: process.processIdentifier)
        return ending ?? .unknown
    }

    // MARK: - Internals

    private func fail(_ kind: ModelFailure.Kind, _ message: String) {
        if failure == nil { failure = ModelFailure(kind, message) }
    }

    /// SIGTERM to the process group, SIGKILL half a second later if it is still running.
    private func stop() {
        guard ending == nil else { return }
        signalGroup(SIGTERM)
        if ended.wait(timeout: .now() + 0.5) == .timedOut {
            signalGroup(SIGKILL)
            _ = ended.wait(timeout: .now() + 2)
        }
        record()
    }

    private func record() {
        guard ending == nil, !process.isRunning else { return }
        switch process.terminationReason {
        case .exit: ending = .exited(process.terminationStatus)
        case .uncaughtSignal: ending = .signalled(process.terminationStatus)
        @unknown default: ending = .unknown
        }
    }

    /// Foundation (on Linux) starts the program in a process group of its own: a signal to the group
    /// reaches what it started (a shell's children). The program itself is signalled too, in case it
    /// is not a group leader.
    private func signalGroup(_ signal: Int32) {
        let pid = process.processIdentifier
        kill(-pid, signal)
        if process.isRunning { kill(pid, signal) }
    }

    private static func writeAll(_ bytes: [UInt8], to descriptor: Int32) {
        bytes.withUnsafeBytes { buffer in
            var offset = 0
            while offset < buffer.count {
                let count = write(descriptor, buffer.baseAddress! + offset, buffer.count - offset)
                if count < 0 && errno == EINTR { continue }
                if count <= 0 { return }  // EPIPE: the program is gone; the reader reports it
                offset += count
            }
        }
    }

    /// "10 s", "0.5 s".
    static func seconds(_ x: Double) -> String { String(format: "%g s", x) }

    /// A line for a message: at most `echoLimit` characters, control characters escaped.
    public static func echo(_ text: String) -> String {
        var out = ""
        var count = 0
        for scalar in text.unicodeScalars {
            if count == echoLimit {
                out += "…"
                break
            }
            out += scalar.value < 0x20 || scalar.value == 0x7F ? scalar.escaped(asASCII: true) : String(scalar)
            count += 1
        }
        return out
    }

    /// A line as a message quotes it: "…", capped.
    public static func quoted(_ line: [UInt8]) -> String {
        "\"" + echo(String(decoding: line.prefix(echoLimit * 4), as: UTF8.self)) + "\""
    }
}

/// Splits a pipe into lines on a thread of its own; lines wait in a queue until asked for.
private final class LineReader: @unchecked Sendable {
    enum Next {
        case line([UInt8])
        case ended
        case tooLong
        case timedOut
    }

    private let lock = NSLock()
    private var queue: [[UInt8]] = []
    private var partial: [UInt8] = []
    private var ended = false
    private var overflow = false
    private let available = DispatchSemaphore(value: 0)
    private let done = DispatchSemaphore(value: 0)

    func start(_ handle: FileHandle) {
        Thread.detachNewThread { [self] in
            readChunks(handle) { append($0) }
            lock.lock()
            ended = true
            lock.unlock()
            available.signal()
            try? handle.close()
            done.signal()
        }
    }

    /// Appends a chunk; false once a line passes the limit (reading stops).
    private func append(_ chunk: ArraySlice<UInt8>) -> Bool {
        lock.lock()
        defer { lock.unlock() }
        var rest = chunk
        while let newline = rest.firstIndex(of: UInt8(ascii: "\n")) {
            partial += rest[rest.startIndex..<newline]
            if partial.last == UInt8(ascii: "\r") { partial.removeLast() }
            queue.append(partial)
            partial = []
            available.signal()
            rest = rest[(newline + 1)...]
        }
        partial += rest
        if partial.count > ModelSession.lineLimit {
            overflow = true
            available.signal()
            return false
        }
        return true
    }

    /// A line already waiting, if any.
    func pop() -> [UInt8]? {
        lock.lock()
        defer { lock.unlock() }
        return queue.isEmpty ? nil : queue.removeFirst()
    }

    /// The next line, or why there is none by `deadline`.
    func next(deadline: DispatchTime) -> Next {
        while true {
            lock.lock()
            if !queue.isEmpty {
                let line = queue.removeFirst()
                lock.unlock()
                return .line(line)
            }
            let (isOver, isEnded) = (overflow, ended)
            lock.unlock()
            if isOver { return .tooLong }
            if isEnded { return .ended }
            if available.wait(timeout: deadline) == .timedOut { return .timedOut }
        }
    }

    /// Whether the pipe reached its end before `deadline`.
    func finished(before deadline: DispatchTime) -> Bool {
        if done.wait(timeout: deadline) == .success {
            done.signal()
            return true
        }
        return false
    }
}

/// Keeps the last `limit` bytes of a pipe, read on a thread of its own.
private final class TailReader: @unchecked Sendable {
    private let lock = NSLock()
    private var tail: [UInt8] = []
    private let limit: Int
    private let done = DispatchSemaphore(value: 0)

    init(limit: Int) { self.limit = limit }

    var bytes: [UInt8] {
        lock.lock()
        defer { lock.unlock() }
        return tail
    }

    func start(_ handle: FileHandle) {
        Thread.detachNewThread { [self] in
            let descriptor = handle.fileDescriptor
            var buffer = [UInt8](repeating: 0, count: 1 << 14)
            while true {
                let count = buffer.withUnsafeMutableBytes { read(descriptor, $0.baseAddress, $0.count) }
                if count < 0 && errno == EINTR { continue }
                if count <= 0 { break }
                lock.lock()
                tail += buffer[0..<count]
                if tail.count > limit { tail.removeFirst(tail.count - limit) }
                lock.unlock()
            }
            try? handle.close()
            done.signal()
        }
    }

    func finished(before deadline: DispatchTime) -> Bool {
        if done.wait(timeout: deadline) == .success {
            done.signal()
            return true
        }
        return false
    }
}
