import Foundation
import ItakuCore
import Vapor

/// `itaku benchmark-scan [--contractors N] [--samples K]`: the figures of BENCHMARKS.md for the
/// risk engine on the configured database — seeding if empty, whole-portfolio scans by phase,
/// incremental re-derivation, peak memory. Run it on a throwaway database (`scripts/bench-scan`).
struct BenchmarkScanCommand: AnyAsyncCommand {
    var help: String { "Measure the risk engine: benchmark-scan [--contractors N] [--samples K] (use scripts/bench-scan)" }

    func run(using context: inout CommandContext) async throws {
        var arguments = CommandLineArguments(context.input.arguments)
        let count = try arguments.number("--contractors", in: 10...200_000, default: 10_000)
        // No samples skips the incremental part (a profile of the scans alone).
        let samples = try arguments.number("--samples", in: 0...100_000, default: 300)
        try arguments.ensureEmpty()
        let services = context.application.itaku
        let store = services.store

        let existing = try await store.read { tx in try await tx.contractors(ContractorFilter(), page: PageRequest(limit: 1)).items.count }
        if existing == 0 {
            let started = ContinuousClock.now
            let (policy, questionnaire) = try await store.read { tx in (try await tx.currentPolicy()!, try await tx.currentQuestionnaire()!) }
            let demo = DemoPortfolio.generate(
                contractors: count, policy: policy, catalog: services.catalog, questionnaire: questionnaire, today: CalendarDay(services.now()))
            try await store.write { tx in try await tx.insert(demo) }
            print(
                "seeded \(demo.contractors.count) contractors, \(demo.entrustments.count) entrustments, \(demo.contracts.count) contracts, "
                    + "\(demo.attestations.count) attestations, \(demo.subcontractings.count) sub-contractings, \(demo.incidents.count) incidents in \(Self.ms(ContinuousClock.now - started))")
        }

        // The peak should be the scans' and re-derivations', not the seeding's: give back what
        // seeding freed, then start the peak afresh.
        let handedBack = MallocArenas.trim()
        let peakReset = Self.resetPeakResidentMemory()
        print("allocator: \(MallocArenas.allocator), freed memory handed back: \(handedBack ? "yes" : "no")")

        func scan(_ label: String) async throws {
            let before = MachineTime.now()
            let started = ContinuousClock.now
            let (finished, timings) = try await services.risk.run(try await services.risk.startScan(trigger: label, by: .system("benchmark")))
            // End to end is until the scan is recorded as finished: its freeing afterwards delays
            // no result, and is printed on its own.
            let total = ContinuousClock.now - started - timings.cleanup
            print(
                "\(label): \(Self.ms(total)) end to end — read \(Self.ms(timings.read)), prepare \(Self.ms(timings.prepare)), "
                    + "evaluate \(Self.ms(timings.evaluate)), persist \(Self.ms(timings.persist)), start and finish \(Self.ms(total - timings.phases)), "
                    + "then freeing \(Self.ms(timings.cleanup)); "
                    + "\(finished.total) contractors, \(finished.opened) opened, \(finished.changed) changed, \(finished.resolved) resolved; "
                    + "end to end / read = \(String(format: "%.2f", Self.seconds(total) / max(Self.seconds(timings.read), 0.000_001)))"
                    + MachineTime.since(before, per: "scan") + "; resident afterwards \(Self.residentMegabytes("VmRSS:")) MB")
        }
        try await scan("first scan (every flag new)")
        try await scan("steady scan (nothing changed)")
        try await scan("steady scan again")

        // Incremental: what every write that touches one contractor adds — timed as a
        // transaction of its own, and inside it without the BEGIN and COMMIT the write pays anyway.
        // Each is followed by one bare round trip to the database (`SELECT 1`): the floor under
        // any statement at that moment, so a slow hour of the machine shows as a slow floor.
        let ids = try await store.read { tx in try await tx.portfolio(page: PageRequest(limit: 5000)).items.map(\.contractorID) }
        var generator = SystemRandomNumberGenerator()
        var whole: [Duration] = []
        var inside: [Duration] = []
        var floor: [Duration] = []
        let before = MachineTime.now()
        for _ in 0..<(ids.isEmpty ? 0 : samples) {
            let id = ids.randomElement(using: &generator)!
            let started = ContinuousClock.now
            let rederived = try await store.write { tx in
                let started = ContinuousClock.now
                try await services.upkeep.rederive([id], at: services.now(), in: tx)
                return ContinuousClock.now - started
            }
            whole.append(ContinuousClock.now - started)
            inside.append(rederived)
            let probed = ContinuousClock.now
            guard await store.isReachable() else { throw Abort(.serviceUnavailable, reason: "the database stopped answering") }
            floor.append(ContinuousClock.now - probed)
        }
        if !whole.isEmpty {
            print("incremental re-derivation of one contractor (\(whole.count) samples): \(Self.percentiles(whole)) in a transaction of its own; "
                + "\(Self.percentiles(inside)) inside a write's transaction")
            print("  beside each, one bare round trip (SELECT 1): \(Self.percentiles(floor))"
                + MachineTime.since(before, per: "sample", count: whole.count))
        }
        print("peak resident memory\(peakReset ? " (scans and re-derivations, seeding excluded)" : ""): \(Self.peakResidentMegabytes()) MB")
    }

    /// "p50 …, p99 …, max …" of some durations.
    static func percentiles(_ durations: [Duration]) -> String {
        let sorted = durations.sorted()
        return "p50 \(ms(sorted[sorted.count / 2])), p99 \(ms(sorted[min(sorted.count - 1, sorted.count * 99 / 100)])), max \(ms(sorted[sorted.count - 1]))"
    }

    static func seconds(_ duration: Duration) -> Double {
        Double(duration.components.seconds) + Double(duration.components.attoseconds) / 1e18
    }

    static func ms(_ duration: Duration) -> String {
        let value = seconds(duration)
        return value >= 1 ? String(format: "%.2f s", value) : String(format: "%.1f ms", value * 1000)
    }

    /// Resets this process's VmHWM to its current resident size (Linux ≥ 4.0: `clear_refs` 5).
    static func resetPeakResidentMemory() -> Bool {
        FileManager.default.isWritableFile(atPath: "/proc/self/clear_refs")
            && (try? "5".write(toFile: "/proc/self/clear_refs", atomically: false, encoding: .utf8)) != nil
    }

    /// VmHWM of this process, from /proc (Linux).
    static func peakResidentMegabytes() -> String { residentMegabytes("VmHWM:") }

    /// A line of this process's /proc status in megabytes: VmHWM (peak) or VmRSS (now).
    static func residentMegabytes(_ field: String) -> String {
        guard let status = try? String(contentsOfFile: "/proc/self/status", encoding: .utf8),
            let line = status.split(separator: "\n").first(where: { $0.hasPrefix(field) })
        else { return "?" }
        let kilobytes = line.split(separator: " ").compactMap { Int($0) }.first ?? 0
        return String(kilobytes / 1024)
    }
}
