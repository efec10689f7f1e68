import Foundation
import ItakuCore
import Logging
import Vapor

/// Re-derives the whole portfolio on a fixed schedule, so time-based findings (overdue
/// attestations, expired certifications, incidents left open, dispositions past due) appear
/// without anyone writing anything.
///
/// Each run belongs to a slot (`risk-scan@<slot start>`). An instance runs a slot only after
/// claiming it in the database, so several instances on one PostgreSQL run each slot once; a
/// claim that was never finished is taken over after `staleAfter`, so a crash does not skip it.
/// On SQLite a single instance is assumed.
final class RiskScheduler: LifecycleHandler, @unchecked Sendable {
    let services: ItakuServices
    let interval: TimeInterval
    let staleAfter: TimeInterval
    /// The clock slots are read from: the services' own, unless a test pins it.
    let now: @Sendable () -> Date
    let holder = "instance-\(UUID().uuidString.prefix(8).lowercased())"
    private var task: Task<Void, Never>?
    private let logger = Logger(label: "itaku.scheduler")

    init(services: ItakuServices, interval: TimeInterval, staleAfter: TimeInterval = 15 * 60, now: (@Sendable () -> Date)? = nil) {
        self.services = services
        self.interval = interval
        self.staleAfter = staleAfter
        self.now = now ?? services.now
    }

    /// The slot a moment falls in.
    static func slot(of moment: Date, interval: TimeInterval) -> String {
        let start = Date(timeIntervalSince1970: (moment.timeIntervalSince1970 / interval).rounded(.down) * interval)
        return "risk-scan@\(Timestamp.string(start))"
    }

    func didBootAsync(_ application: Application) async throws {
        task = Task { [self] in
            while !Task.isCancelled {
                await runDueSlot()
                // Look again every minute (or sooner for short intervals) so a stale claim is taken over promptly.
                try? await Task.sleep(for: .seconds(min(60, interval)))
            }
        }
    }

    func shutdownAsync(_ application: Application) async {
        task?.cancel()
        await task?.value
    }

    /// Claims and runs the current slot if no one has.
    func runDueSlot() async {
        let moment = now()
        let slot = Self.slot(of: moment, interval: interval)
        do {
            let claimed = try await services.store.write { [holder, staleAfter] tx in
                try await tx.claimScheduledRun(slot: slot, holder: holder, at: moment, staleAfter: staleAfter)
            }
            guard claimed else { return }
            logger.info("scheduled scan starting", metadata: ["slot": "\(slot)", "holder": "\(holder)"])
            let scan = try await services.risk.startScan(trigger: "schedule \(slot)", by: .system("scheduler"))
            let (finished, timings) = try await services.risk.run(scan)
            ServiceMetrics.recordScan(finished, timings: timings, trigger: "schedule")
            try await services.store.write { tx in try await tx.finishScheduledRun(slot: slot, at: self.now()) }
        } catch {
            logger.error("scheduled scan failed", metadata: ["slot": "\(slot)", "error": "\(error)"])
        }
    }
}
