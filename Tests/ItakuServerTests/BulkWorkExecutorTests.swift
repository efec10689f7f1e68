import Foundation
import ItakuCore
import NIOConcurrencyHelpers
import Testing

@testable import ItakuServer

@Suite("Whole-portfolio work runs on threads of its own")
struct BulkWorkExecutorTests {
    @Test("a scan carries out its work on the bulk-work threads, wherever it was started")
    func scanRunsThere() async throws {
        #expect(!BulkWorkExecutor.isCurrent)
        try await withHarness { harness in
            _ = try await ReportingFixture.make(harness)
            let seen = NIOLockedValueBox<[Bool]>([])
            let risk = harness.services.risk
            let (scan, _) = try await risk.run(try await risk.startScan(trigger: "test", by: .system("test"))) { _ in
                seen.withLockedValue { $0.append(BulkWorkExecutor.isCurrent) }
            }
            #expect(scan.status == .finished)
            let reports = seen.withLockedValue { $0 }
            #expect(!reports.isEmpty)
            #expect(reports.allSatisfy { $0 })
        }
        #expect(!BulkWorkExecutor.isCurrent)
    }

    @Test("child tasks inherit the preference and all of them run there")
    func childrenRunThere() async {
        let places = await withTaskExecutorPreference(BulkWorkExecutor.shared) {
            await withTaskGroup(of: Bool.self) { group in
                for _ in 0..<8 { group.addTask { BulkWorkExecutor.isCurrent } }
                return await group.reduce(into: []) { $0.append($1) }
            }
        }
        #expect(places == Array(repeating: true, count: 8))
    }
}
