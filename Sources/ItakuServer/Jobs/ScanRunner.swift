import ItakuCore
import Logging

/// Runs whole-portfolio scans in the background and keeps track of them until they end.
public actor ScanRunner {
    let risk: RiskDesk
    private var running: [UUID: Task<Void, Never>] = [:]
    private let logger = Logger(label: "itaku.scans")

    init(risk: RiskDesk) {
        self.risk = risk
    }

    /// Records a scan and starts it; the caller follows it through `GET /api/v1/scans/{id}`.
    public func start(trigger: String, by principal: Principal) async throws -> Scan {
        let scan = try await risk.startScan(trigger: trigger, by: principal)
        let risk = self.risk
        let logger = self.logger
        running[scan.id] = Task {
            do {
                let (finished, timings) = try await risk.run(scan)
                ServiceMetrics.recordScan(finished, timings: timings, trigger: trigger)
                logger.info(
                    "scan finished",
                    metadata: [
                        "scan": "\(finished.id)", "trigger": "\(trigger)", "contractors": "\(finished.total)",
                        "opened": "\(finished.opened)", "resolved": "\(finished.resolved)", "read": "\(timings.read)",
                        "prepare": "\(timings.prepare)", "evaluate": "\(timings.evaluate)", "persist": "\(timings.persist)",
                        "cleanup": "\(timings.cleanup)",
                    ])
            } catch {
                logger.error("scan failed", metadata: ["scan": "\(scan.id)", "error": "\(error)"])
            }
            self.forget(scan.id)
        }
        return scan
    }

    /// Waits for every running scan (tests; an orderly shutdown).
    public func waitForAll() async {
        while let task = running.values.first {
            await task.value
        }
    }

    private func forget(_ id: UUID) {
        running[id] = nil
    }
}

import Foundation
