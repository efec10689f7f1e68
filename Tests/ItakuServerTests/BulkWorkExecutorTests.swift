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

    @Test("a scan hands its memory back once it has ended: after its last report, once")
    func scanReleasesMemoryAfterwards() async throws {
        try await withHarness { harness in
            _ = try await ReportingFixture.make(harness)
            let events = NIOLockedValueBox<[String]>([])
            let services = harness.services
            let risk = RiskDesk(
                store: services.store, catalog: services.catalog, questionnaires: QuestionnaireCache(),
                afterScan: { events.withLockedValue { $0.append("after scan") } }, now: services.now)
            let (scan, _) = try await risk.run(try await risk.startScan(trigger: "test", by: .system("test"))) { progress in
                events.withLockedValue { $0.append(progress.status == .finished ? "finished" : "progress") }
            }
            #expect(scan.status == .finished)
            #expect(events.withLockedValue { Array($0.suffix(2)) } == ["finished", "after scan"])
            #expect(events.withLockedValue { $0.filter { $0 == "after scan" }.count } == 1)
        }
    }

    @Test("a scan is recorded as finished before its memory is freed, and the freeing is timed")
    func cleanupComesAfterTheFinish() async throws {
        try await withHarness { harness in
            _ = try await ReportingFixture.make(harness)
            let services = harness.services
            let seenAtCleanup = NIOLockedValueBox<[Bool]>([])
            let finishReported = NIOLockedValueBox(false)
            let risk = RiskDesk(
                store: services.store, catalog: services.catalog, questionnaires: QuestionnaireCache(),
                afterScan: { seenAtCleanup.withLockedValue { $0.append(finishReported.withLockedValue { $0 }) } }, now: services.now)
            let (scan, timings) = try await risk.run(try await risk.startScan(trigger: "test", by: .system("test"))) { progress in
                if progress.status == .finished { finishReported.withLockedValue { $0 = true } }
            }
            #expect(scan.status == .finished)
            #expect(seenAtCleanup.withLockedValue { $0 } == [true])
            #expect(timings.cleanup > .zero)
            let stored = try await services.store.read { tx in try await tx.scan(scan.id) }
            #expect(stored?.status == .finished)
        }
    }

    @Test("a scan that fails is recorded as failed and still hands its memory back, once")
    func failedScanReleasesMemory() async throws {
        try await withHarness { harness in
            let services = harness.services
            let trims = NIOLockedValueBox(0)
            let store = ScanFaultStore(wrapped: services.store, failing: .reads)
            let risk = RiskDesk(
                store: store, catalog: services.catalog, questionnaires: QuestionnaireCache(),
                afterScan: { trims.withLockedValue { $0 += 1 } }, now: services.now)
            let (scan, _) = try await risk.run(try await risk.startScan(trigger: "test", by: .system("test")))
            #expect(scan.status == .failed)
            #expect(scan.error?.contains("injected") == true)
            #expect(trims.withLockedValue { $0 } == 1)
            #expect(try await services.store.read { tx in try await tx.scan(scan.id) }?.status == .failed)
        }
    }

    @Test("a scan whose end cannot be recorded throws, and still hands its memory back, once")
    func unrecordedScanReleasesMemory() async throws {
        try await withHarness { harness in
            _ = try await ReportingFixture.make(harness)
            let services = harness.services
            let trims = NIOLockedValueBox(0)
            let started = try await services.risk.startScan(trigger: "test", by: .system("test"))
            let risk = RiskDesk(
                store: ScanFaultStore(wrapped: services.store, failing: .writes), catalog: services.catalog,
                questionnaires: QuestionnaireCache(), afterScan: { trims.withLockedValue { $0 += 1 } }, now: services.now)
            await #expect(throws: ScanFaultStore.Injected.self) { try await risk.run(started) }
            #expect(trims.withLockedValue { $0 } == 1)
        }
    }

    @Test("the service's scans trim the allocator when they end")
    func serviceScansTrim() async throws {
        try await withHarness { harness in
            _ = try await ReportingFixture.make(harness)
            let trims = NIOLockedValueBox(0)
            let risk = harness.services.risk
            let scan = try await risk.startScan(trigger: "test", by: .system("test"))
            try await MallocArenas.$trimObserver.withValue({ trims.withLockedValue { $0 += 1 } }) { _ = try await risk.run(scan) }
            #expect(trims.withLockedValue { $0 } == 1)
        }
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

/// A store that fails every read or every write, to drive a scan down its failure paths.
private struct ScanFaultStore: Store {
    enum Failing { case reads, writes }
    struct Injected: Error, CustomStringConvertible {
        var description: String { "injected failure" }
    }

    let wrapped: any Store
    let failing: Failing

    func write<T: Sendable>(_ work: @escaping @Sendable (any StoreTransaction) async throws -> T) async throws -> T {
        if failing == .writes { throw Injected() }
        return try await wrapped.write(work)
    }

    func read<T: Sendable>(_ work: @escaping @Sendable (any StoreTransaction) async throws -> T) async throws -> T {
        if failing == .reads { throw Injected() }
        return try await wrapped.read(work)
    }

    func isReachable() async -> Bool { await wrapped.isReachable() }
}
