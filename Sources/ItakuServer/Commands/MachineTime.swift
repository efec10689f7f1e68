import Foundation

#if canImport(Glibc)
import Glibc
#endif

/// Where a benchmark phase's time went on this machine: the CPU this process used, and the
/// share of the machine's time the hypervisor gave to other guests ("steal"). On a shared
/// virtual machine the same work takes from one to two times as long from hour to hour; a
/// figure beside its steal and its CPU says whether the code or the machine moved.
struct MachineTime: Sendable {
    /// CPU time of this process (user and system), in milliseconds.
    var processMilliseconds: Double
    /// Jiffies of all CPUs from `/proc/stat`'s `cpu` line: stolen, and in total.
    var stolen: Int
    var total: Int

    /// Now, or nil where `/proc/stat` cannot be read (not Linux).
    static func now() -> MachineTime? {
        guard let stat = try? String(contentsOfFile: "/proc/stat", encoding: .utf8), let (stolen, total) = cpuLine(of: stat) else { return nil }
        return MachineTime(processMilliseconds: processCPUMilliseconds(), stolen: stolen, total: total)
    }

    /// Stolen and total jiffies from the aggregate `cpu` line of `/proc/stat` (user, nice,
    /// system, idle, iowait, irq, softirq, steal, …; guest time is already counted in user).
    static func cpuLine(of stat: String) -> (stolen: Int, total: Int)? {
        guard let line = stat.split(separator: "\n").first(where: { $0.hasPrefix("cpu ") }) else { return nil }
        let fields = line.split(separator: " ").dropFirst().compactMap { Int($0) }
        guard fields.count >= 8 else { return nil }
        return (fields[7], fields.prefix(8).reduce(0, +))
    }

    private static func processCPUMilliseconds() -> Double {
        var usage = rusage()
        guard getrusage(RUSAGE_SELF.rawValue, &usage) == 0 else { return 0 }
        let seconds = Double(usage.ru_utime.tv_sec + usage.ru_stime.tv_sec)
        let microseconds = Double(usage.ru_utime.tv_usec + usage.ru_stime.tv_usec)
        return seconds * 1000 + microseconds / 1000
    }

    /// "service CPU x ms per <noun>, y % of the machine's time stolen …" between `self` and `later`.
    func summary(until later: MachineTime, per noun: String = "sample", count: Int = 1) -> String {
        let cpu = (later.processMilliseconds - processMilliseconds) / Double(max(count, 1))
        let elapsed = later.total - total
        let stolenShare = elapsed > 0 ? Double(later.stolen - stolen) / Double(elapsed) * 100 : 0
        return "service CPU \(String(format: "%.2f", cpu)) ms per \(noun), "
            + "\(String(format: "%.1f", stolenShare)) % of the machine's time stolen by the hypervisor"
    }

    /// "; " and the summary from `start` until now, or nothing where either cannot be read.
    static func since(_ start: MachineTime?, per noun: String, count: Int = 1) -> String {
        guard let start, let now = now() else { return "" }
        return "; " + start.summary(until: now, per: noun, count: count)
    }
}
