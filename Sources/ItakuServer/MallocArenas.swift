import Foundation

#if canImport(Glibc)
import Glibc
#endif

/// glibc gives each thread that allocates concurrently a heap of its own ("arena"), up to eight
/// per core, and memory freed in one arena cannot serve an allocation in another. A portfolio
/// scan decodes on every core: with the default, three scans in one process left it at 511 MB
/// resident; with two arenas, 391 MB, and no slower (on this machine HTTP throughput was
/// the same within its run-to-run noise). `MALLOC_ARENA_MAX` in the environment still decides.
enum MallocArenas {
    /// `M_ARENA_MAX` from glibc's malloc.h, which the Glibc module does not import.
    private static let arenaMaxParameter: Int32 = -8

    /// Caps the arenas unless the environment sets it; true when glibc accepted the cap.
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

    /// Told of every `trim()` in the task that set it (tests see whether a path trims).
    @TaskLocal static var trimObserver: (@Sendable () -> Void)?

    /// Hands memory freed so far back to the system (`malloc_trim`); true when some was.
    @discardableResult
    static func trim() -> Bool {
        trimObserver?()
        #if canImport(Glibc)
        guard let symbol = dlsym(nil, "malloc_trim") else { return false }
        let trim = unsafeBitCast(symbol, to: (@convention(c) (Int) -> Int32).self)
        return trim(0) == 1
        #else
        return false
        #endif
    }
}
