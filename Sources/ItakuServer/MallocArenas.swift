import Foundation

#if canImport(Glibc)
import Glibc
#endif

/// The allocator's heaps ("arenas"). The `itaku` executable runs on jemalloc (its options are in
/// the ItakuAllocator target); a process without it, such as the test runner, runs on glibc's
/// allocator, which gives each thread that allocates concurrently an arena of its own, up to eight
/// per core, and cannot serve an allocation in one arena from memory freed in another. A
/// portfolio scan decodes on every core: with glibc's default, three scans in one process left it
/// at 511 MB resident; with two arenas, 391 MB, and no slower. `MALLOC_ARENA_MAX` in the
/// environment still decides there.
enum MallocArenas {
    /// `M_ARENA_MAX` from glibc's malloc.h, which the Glibc module does not import.
    private static let arenaMaxParameter: Int32 = -8

    /// Caps glibc's arenas unless the environment sets it; true when glibc accepted the cap
    /// (whether or not glibc's allocator is the one in use).
    @discardableResult
    static func limit(to count: Int32 = 2) -> Bool {
        #if canImport(Glibc)
        guard ProcessInfo.processInfo.environment["MALLOC_ARENA_MAX"] == nil,
            let symbol = dlsym(nil, "mallopt")  // nil is RTLD_DEFAULT
        else { return false }
        let mallopt = unsafeBitCast(symbol, to: (@convention(c) (Int32, Int32) -> Int32).self)
        return mallopt(arenaMaxParameter, count) == 1
        #else
        return false
        #endif
    }

    /// jemalloc's `mallctl`, looked up once: present exactly when the process runs on jemalloc.
    private typealias Control = @convention(c) (UnsafePointer<CChar>, UnsafeMutableRawPointer?, UnsafeMutablePointer<Int>?, UnsafeMutableRawPointer?, Int) -> Int32
    private static let jemallocControl: Control? = {
        #if canImport(Glibc)
        dlsym(nil, "mallctl").map { unsafeBitCast($0, to: Control.self) }
        #else
        nil
        #endif
    }()

    /// The allocator this process runs on, as benchmarks report it.
    static var allocator: String {
        #if canImport(Glibc)
        jemallocControl != nil ? "jemalloc" : "glibc"
        #else
        "the system's"
        #endif
    }

    /// Told of every `trim()` in the task that set it (tests see whether a path trims).
    @TaskLocal static var trimObserver: (@Sendable () -> Void)?

    /// Hands memory freed so far back to the system: jemalloc's purge of every arena where the
    /// process runs on it, else glibc's `malloc_trim`; true when the allocator did so.
    @discardableResult
    static func trim() -> Bool {
        trimObserver?()
        #if canImport(Glibc)
        if let mallctl = jemallocControl {
            // 4096 is MALLCTL_ARENAS_ALL: every arena at once.
            return mallctl("arena.4096.purge", nil, nil, nil, 0) == 0
        }
        guard let symbol = dlsym(nil, "malloc_trim") else { return false }
        let trim = unsafeBitCast(symbol, to: (@convention(c) (Int) -> Int32).self)
        return trim(0) == 1
        #else
        return false
        #endif
    }
}
