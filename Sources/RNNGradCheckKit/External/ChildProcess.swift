#if canImport(Glibc)
    import Glibc
#elseif canImport(Musl)
    import Musl
#elseif canImport(Darwin)
    import Darwin
#endif
import Foundation

/// A program rnn-gradcheck runs (a student's BPTT, a model in another language), started with
/// posix_spawn in a process group of its own, with pipes for its standard streams.
///
/// Why not Foundation's Process: its termination handler waits for the program's output pipes to
/// close, so a program that exits but leaves a background child holding them looks like a hang; it
/// cannot say why a program failed to start ("error 256"); and it leaves the program's descendants
/// running. Here the program is the process that was started: it has ended when `waitpid` says so,
/// whatever its descendants do, and `stopDescendants` ends them all, including those that left the
/// process group with setsid (rnn-gradcheck is their subreaper on Linux).
final class ChildProcess: @unchecked Sendable {
    let pid: pid_t
    /// Our ends of the program's standard input, output and error.
    let input: FileHandle
    let output: FileHandle
    let errors: FileHandle

    private let lock = NSLock()
    private var status: Int32?

    /// How a program ended.
    enum Ending: Equatable {
        case exited(Int32)
        case signalled(Int32)

        /// The exit status or the signal number.
        var code: Int32 {
            switch self {
            case .exited(let status): return status
            case .signalled(let signal): return signal
            }
        }
    }

    private init(pid: pid_t, input: FileHandle, output: FileHandle, errors: FileHandle) {
        self.pid = pid
        self.input = input
        self.output = output
        self.errors = errors
    }

    /// Orphaned descendants of every program are re-parented to rnn-gradcheck instead of init, so
    /// that they can be found and stopped (Linux; elsewhere only the process group is stopped).
    private static let becomeSubreaper: Void = {
        #if os(Linux)
            // prctl(PR_SET_CHILD_SUBREAPER, 1): the Glibc module does not import prctl (variadic in
            // its header), so it is looked up by name. PR_SET_CHILD_SUBREAPER is 36 (linux/prctl.h).
            typealias Prctl = @convention(c) (Int32, UInt, UInt, UInt, UInt) -> Int32
            if let symbol = dlsym(nil, "prctl") {
                _ = unsafeBitCast(symbol, to: Prctl.self)(36, 1, 0, 0, 0)
            }
        #endif
    }()

    /// Starts `executable` with `arguments` (the program's own name first is added here). A program
    /// that cannot be started is an unreadable input (exit status 66), with the reason in words.
    static func spawn(_ executable: String, arguments: [String], environment: [String: String]? = nil) throws(RNNGradCheckError) -> ChildProcess {
        _ = becomeSubreaper
        // Programs are started from several threads at once (a folder of submissions). A pipe end
        // that leaked into a program started by another thread would hold that pipe open: a
        // program's standard input would never reach its end, and two programs waiting for theirs
        // would wait for each other until the timeout. So pipes are made and programs started one
        // thread at a time, and every end is close-on-exec before any other program can start.
        spawnLock.lock()
        defer { spawnLock.unlock() }
        var inputPipe: [Int32] = [-1, -1], outputPipe: [Int32] = [-1, -1], errorPipe: [Int32] = [-1, -1]
        guard makePipe(&inputPipe), makePipe(&outputPipe), makePipe(&errorPipe) else {
            let reason = String(cString: strerror(errno))
            for fd in inputPipe + outputPipe + errorPipe where fd >= 0 { close(fd) }
            throw RNNGradCheckError(.internalError, "cannot create pipes for \(Echo.capped(executable)): \(reason)")
        }

        // The program's ends become its standard streams (dup2 clears close-on-exec on the copy);
        // every other descriptor of ours closes when it starts.
        var actions = posix_spawn_file_actions_t()
        posix_spawn_file_actions_init(&actions)
        defer { posix_spawn_file_actions_destroy(&actions) }
        posix_spawn_file_actions_adddup2(&actions, inputPipe[0], 0)
        posix_spawn_file_actions_adddup2(&actions, outputPipe[1], 1)
        posix_spawn_file_actions_adddup2(&actions, errorPipe[1], 2)

        var attributes = posix_spawnattr_t()
        posix_spawnattr_init(&attributes)
        defer { posix_spawnattr_destroy(&attributes) }
        // Its own process group (to signal it with its children), default signal dispositions (SIGPIPE
        // may be ignored here while programs run) and an empty signal mask.
        var defaults = sigset_t(), empty = sigset_t()
        sigfillset(&defaults)
        sigemptyset(&empty)
        posix_spawnattr_setsigdefault(&attributes, &defaults)
        posix_spawnattr_setsigmask(&attributes, &empty)
        posix_spawnattr_setpgroup(&attributes, 0)
        posix_spawnattr_setflags(&attributes, Int16(POSIX_SPAWN_SETPGROUP | POSIX_SPAWN_SETSIGDEF | POSIX_SPAWN_SETSIGMASK))

        let argv = ([executable] + arguments).map { strdup($0) } + [nil]
        defer { for p in argv { free(p) } }
        let environmentStrings = (environment ?? ProcessInfo.processInfo.environment).map { strdup("\($0.key)=\($0.value)") } + [nil]
        defer { for p in environmentStrings { free(p) } }

        var pid: pid_t = 0
        let result = posix_spawn(&pid, executable, &actions, &attributes, argv, environmentStrings)
        for fd in [inputPipe[0], outputPipe[1], errorPipe[1]] { close(fd) }
        guard result == 0 else {
            for fd in [inputPipe[1], outputPipe[0], errorPipe[0]] { close(fd) }
            throw RNNGradCheckError(.noInput, "cannot run \(executable): \(startFailure(executable, errorNumber: result))")
        }
        // Registered before any other thread can look for orphans: a program that has just started
        // is a child of rnn-gradcheck, and must not be taken for another program's orphan.
        register(pid: pid)
        return ChildProcess(
            pid: pid, input: FileHandle(fileDescriptor: inputPipe[1], closeOnDealloc: true),
            output: FileHandle(fileDescriptor: outputPipe[0], closeOnDealloc: true),
            errors: FileHandle(fileDescriptor: errorPipe[0], closeOnDealloc: true))
    }

    /// Pipes are made and programs started one thread at a time (see `spawn`).
    private static let spawnLock = NSLock()

    /// A pipe whose two ends are close-on-exec (made under `spawnLock`: pipe2 is not in the Glibc
    /// module, and no other thread starts a program between pipe and fcntl).
    private static func makePipe(_ ends: inout [Int32]) -> Bool {
        guard pipe(&ends) == 0 else { return false }
        for fd in ends { _ = fcntl(fd, F_SETFD, FD_CLOEXEC) }
        return true
    }

    /// Why a program could not be started, in words that say what to do.
    static func startFailure(_ executable: String, errorNumber: Int32) -> String {
        let head = FileHandle(forReadingAtPath: executable).flatMap { try? $0.read(upToCount: 256) } ?? Data()
        let bytes = [UInt8](head)
        switch errorNumber {
        case ENOEXEC:
            return "it is not a program (no '#!' line naming an interpreter, and not an executable binary); name its interpreter, e.g. python3 \(executable)"
        case ENOENT where bytes.starts(with: Array("#!".utf8)):
            let line = String(decoding: bytes.prefix { $0 != 0x0A }.dropFirst(2), as: UTF8.self).trimmingCharacters(in: .whitespaces)
            let interpreter = line.split(separator: " ").first.map(String.init) ?? line
            return "its interpreter \(Echo.capped(interpreter)) (from its '#!' line) does not exist; install it or fix the '#!' line"
        case ENOENT:
            return "no such file"
        case EACCES:
            return "permission denied (chmod +x, or name its interpreter: python3 \(executable))"
        default:
            return String(cString: strerror(errorNumber))
        }
    }

    /// How the program ended, waiting at most until `deadline` (nil: it is still running).
    func wait(until deadline: DispatchTime) -> Ending? {
        var delay: UInt32 = 200
        while true {
            if let ending = poll() { return ending }
            if DispatchTime.now() >= deadline { return nil }
            usleep(delay)
            delay = min(delay * 2, 20_000)
        }
    }

    /// How the program ended, without waiting (nil: still running).
    func poll() -> Ending? {
        lock.lock()
        defer { lock.unlock() }
        if status == nil {
            var raw: Int32 = 0
            let result = waitpid(pid, &raw, WNOHANG)
            if result == pid { status = raw }
        }
        guard let raw = status else { return nil }
        // WIFEXITED / WEXITSTATUS / WTERMSIG, which Swift does not import as functions.
        let signal = raw & 0x7F
        return signal == 0 ? .exited((raw >> 8) & 0xFF) : .signalled(signal)
    }

    /// Signals the program's process group, and the program itself if it is still running.
    func signalGroup(_ signal: Int32) {
        kill(-pid, signal)
        if poll() == nil { kill(pid, signal) }
    }

    /// Whether anything of the program's process group is still running.
    var groupIsAlive: Bool { kill(-pid, 0) == 0 }

    /// Stops everything the program started: its process group, and every process re-parented to
    /// rnn-gradcheck (descendants that called setsid), repeatedly until none is left. Orphans are only
    /// stopped when no other program is running (they cannot be told apart). Returns how many were
    /// still running.
    @discardableResult
    func stopDescendants() -> Int {
        var stopped = 0
        if groupIsAlive {
            kill(-pid, SIGKILL)
            stopped += 1
        }
        unregister()
        // No program starts while orphans are looked for and stopped (a new one is not yet running).
        Self.spawnLock.lock()
        defer { Self.spawnLock.unlock() }
        guard Self.running.isEmpty else { return stopped }
        for _ in 0..<16 {
            let orphans = Self.reparentedChildren().filter { $0 != pid }
            if orphans.isEmpty { break }
            for orphan in orphans {
                kill(orphan, SIGKILL)
                var raw: Int32 = 0
                waitpid(orphan, &raw, 0)
                stopped += 1
            }
        }
        return stopped
    }

    /// The processes whose parent is rnn-gradcheck, other than the programs it is running (Linux:
    /// /proc/*/stat; empty elsewhere).
    static func reparentedChildren() -> [pid_t] {
        #if os(Linux)
            let me = getpid()
            guard let entries = try? FileManager.default.contentsOfDirectory(atPath: "/proc") else { return [] }
            var children: [pid_t] = []
            for entry in entries {
                guard let pid = pid_t(entry), pid != me,
                    let stat = try? String(contentsOfFile: "/proc/\(entry)/stat", encoding: .utf8),
                    let close = stat.lastIndex(of: ")")
                else { continue }
                // "pid (comm) state ppid …": the fields after the command name.
                let fields = stat[stat.index(after: close)...].split(separator: " ")
                if fields.count > 1, pid_t(fields[1]) == me, !running.contains(pid) { children.append(pid) }
            }
            return children
        #else
            return []
        #endif
    }

    /// The programs being run now (their descendants are fair game; they are not).
    private nonisolated(unsafe) static var runningSet = Set<pid_t>()
    private static let runningLock = NSLock()
    static var running: Set<pid_t> {
        runningLock.lock()
        defer { runningLock.unlock() }
        return runningSet
    }
    func unregister() { Self.unregister(pid: pid) }
    /// A program started another way (check-model's session) is one of the programs being run too.
    static func register(pid: pid_t) {
        runningLock.lock()
        runningSet.insert(pid)
        runningLock.unlock()
    }
    static func unregister(pid: pid_t) {
        runningLock.lock()
        runningSet.remove(pid)
        runningLock.unlock()
    }
}
