// Threads for the checker, from the C library's POSIX threads (the core uses nothing else from the
// system besides libm). Where there are none, everything runs on the calling thread.
#if canImport(Glibc)
    import Glibc
#elseif canImport(Musl)
    import Musl
#elseif canImport(Darwin)
    import Darwin
#endif

/// A fixed number of threads running one body each, and a lock.
public enum Threads {
    /// The processors online (1 where the platform cannot say).
    public static var availableCores: Int {
        #if canImport(Glibc) || canImport(Musl) || canImport(Darwin)
            return max(1, Int(sysconf(Int32(_SC_NPROCESSORS_ONLN))))
        #else
            return 1
        #endif
    }

    /// Runs `body(0)`, …, `body(count − 1)`, each on its own thread (body(0) on the calling one), and
    /// returns when all have returned.
    static func run(_ count: Int, _ body: @escaping @Sendable (Int) -> Void) {
        #if canImport(Glibc) || canImport(Musl) || canImport(Darwin)
            guard count > 1 else {
                body(0)
                return
            }
            var started: [Started] = []
            for index in 1..<count {
                let context = Unmanaged.passRetained(ThreadBody { body(index) }).toOpaque()
                #if canImport(Darwin)
                    var thread: pthread_t?
                    let status = pthread_create(&thread, nil, { raw in
                        Unmanaged<ThreadBody>.fromOpaque(raw).takeRetainedValue().run()
                        return nil
                    }, context)
                #else
                    var thread = pthread_t()
                    let status = pthread_create(&thread, nil, { raw in
                        Unmanaged<ThreadBody>.fromOpaque(raw!).takeRetainedValue().run()
                        return nil
                    }, context)
                #endif
                if status == 0 {
                    started.append(Started(thread: thread))
                } else {
                    // No thread: run that share here.
                    Unmanaged<ThreadBody>.fromOpaque(context).takeRetainedValue().run()
                }
            }
            body(0)
            for thread in started { thread.join() }
        #else
            for index in 0..<count { body(index) }
        #endif
    }

    private final class ThreadBody {
        let run: () -> Void
        init(_ run: @escaping () -> Void) { self.run = run }
    }

    #if canImport(Darwin)
        private struct Started {
            let thread: pthread_t?
            func join() { if let thread { pthread_join(thread, nil) } }
        }
    #elseif canImport(Glibc) || canImport(Musl)
        private struct Started {
            let thread: pthread_t
            func join() { pthread_join(thread, nil) }
        }
    #endif
}

/// A mutual-exclusion lock (a pthread mutex, or nothing where there are no threads).
final class Lock: @unchecked Sendable {
    #if canImport(Glibc) || canImport(Musl) || canImport(Darwin)
        private let mutex: UnsafeMutablePointer<pthread_mutex_t>

        init() {
            mutex = .allocate(capacity: 1)
            mutex.initialize(to: pthread_mutex_t())
            pthread_mutex_init(mutex, nil)
        }

        deinit {
            pthread_mutex_destroy(mutex)
            mutex.deallocate()
        }

        func withLock<R>(_ body: () -> R) -> R {
            pthread_mutex_lock(mutex)
            defer { pthread_mutex_unlock(mutex) }
            return body()
        }
    #else
        func withLock<R>(_ body: () -> R) -> R { body() }
    #endif
}
