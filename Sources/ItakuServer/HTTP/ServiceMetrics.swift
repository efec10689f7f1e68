import CoreMetrics
import Foundation
import ItakuCore
import Prometheus

/// The process's Prometheus registry. swift-metrics can be bootstrapped once per process, so the
/// first instance configured does it and later ones (tests) share it.
enum ServiceMetrics {
    static let registry: PrometheusCollectorRegistry = {
        let registry = PrometheusCollectorRegistry()
        var factory = PrometheusMetricsFactory(registry: registry)
        // Request and database latencies are milliseconds to seconds; the default buckets reach 10 s.
        factory.defaultDurationHistogramBuckets = [
            .milliseconds(1), .milliseconds(2), .milliseconds(5), .milliseconds(10), .milliseconds(25), .milliseconds(50),
            .milliseconds(100), .milliseconds(250), .milliseconds(500), .seconds(1), .seconds(2), .seconds(5), .seconds(10), .seconds(30),
        ]
        MetricsSystem.bootstrap(factory)
        return registry
    }()

    /// Makes sure the registry exists before anything records a metric.
    static func bootstrap() {
        _ = registry
    }

    /// The text exposition format, with the live flags by severity brought up to date first.
    static func exposition(liveFlags: [FlagCount]) -> String {
        for severity in Severity.allCases {
            let count = liveFlags.filter { $0.severity == severity }.reduce(0) { $0 + $1.count }
            Gauge(label: "itaku_live_flags", dimensions: [("severity", severity.rawValue)]).record(count)
        }
        var buffer: [UInt8] = []
        registry.emit(into: &buffer)
        return String(decoding: buffer, as: UTF8.self)
    }

    /// Records a finished whole-portfolio scan.
    static func recordScan(_ scan: Scan, timings: ScanTimings, trigger: String) {
        let kind = trigger.hasPrefix("schedule") ? "schedule" : trigger.hasPrefix("policy") ? "policy" : "manual"
        Timer(label: "itaku_scan_duration_seconds", dimensions: [("trigger", kind)])
            .recordNanoseconds(timings.phases.nanoseconds)
        Counter(label: "itaku_scanned_contractors_total").increment(by: scan.total)
    }
}

/// The store with its use measured: units of work in flight and their durations, by kind —
/// what the database pools are being asked for.
struct MeteredStore: Store {
    let base: any Store
    // Meters move up and down without a lock or an actor hop: this is on every unit of work.
    private static let readsInFlight = Meter(label: "itaku_database_work_in_flight", dimensions: [("kind", "read")])
    private static let writesInFlight = Meter(label: "itaku_database_work_in_flight", dimensions: [("kind", "write")])
    private static let readTimer = Timer(label: "itaku_database_work_seconds", dimensions: [("kind", "read")])
    private static let writeTimer = Timer(label: "itaku_database_work_seconds", dimensions: [("kind", "write")])

    func write<T: Sendable>(_ work: @escaping @Sendable (any StoreTransaction) async throws -> T) async throws -> T {
        try await measure(kind: .write) { try await base.write(work) }
    }

    func read<T: Sendable>(_ work: @escaping @Sendable (any StoreTransaction) async throws -> T) async throws -> T {
        try await measure(kind: .read) { try await base.read(work) }
    }

    func isReachable() async -> Bool {
        await base.isReachable()
    }

    private func measure<T>(kind: Kind, _ body: () async throws -> T) async throws -> T {
        let meter = kind == .read ? Self.readsInFlight : Self.writesInFlight
        meter.increment()
        let started = ContinuousClock.now
        defer {
            (kind == .read ? Self.readTimer : Self.writeTimer).recordNanoseconds((ContinuousClock.now - started).nanoseconds)
            meter.decrement()
        }
        return try await body()
    }

    private enum Kind { case read, write }
}

extension Duration {
    var nanoseconds: Int64 {
        components.seconds * 1_000_000_000 + components.attoseconds / 1_000_000_000
    }
}
