import FluentKit
import Foundation
import ItakuCore
import SQLKit
import Testing
import VaporTesting

@testable import ItakuServer

@Suite("Observability: metrics, readiness, request ids")
struct ObservabilityTests {
    @Test("/metrics exposes requests by route and status with latency histograms, database work and live flags by severity")
    func metrics() async throws {
        try await withHarness { harness in
            let procurement = try await harness.token(.procurement)
            let contractor = try await harness.registerContractor(procurement)
            _ = try await harness.entrust(procurement, to: contractor)
            _ = try await harness.send(.GET, "/api/v1/contractors/\(contractor)", token: procurement)
            let reply = try await harness.send(.GET, "/metrics")
            #expect(reply.status == .ok)
            #expect(reply.headers.contentType?.description.hasPrefix("text/plain") == true)
            let text = reply.text
            #expect(text.contains("http_requests_total{"))
            #expect(text.contains(#"path="/api/v1/contractors/:id""#) || text.contains(#"path="api/v1/contractors/:id""#))
            #expect(text.contains("http_request_duration_seconds_bucket{"))
            #expect(text.contains("itaku_database_work_seconds_bucket{"))
            #expect(text.contains(#"itaku_database_work_in_flight{kind="write"}"#))
            #expect(text.contains(#"itaku_live_flags{severity="high"}"#))
        }
    }

    @Test("/readyz answers 200 when migrated and 503 naming any migration not yet applied")
    func readiness() async throws {
        try await withHarness { harness in
            #expect(try await harness.send(.GET, "/readyz").status == .ok)
            let sql = try #require(harness.app.db as? any SQLDatabase)
            try await sql.raw("DELETE FROM _fluent_migrations WHERE name = 'ItakuPersistence.CreateWatchlistIndexes'").run()
            // Sent directly: the harness flags any 5xx, and this one is the point.
            let reply = Reply(response: try await harness.app.testing().sendRequest(.GET, "/readyz"))
            #expect(reply.status == .serviceUnavailable)
            #expect(reply.json?.detail?.string?.contains("CreateWatchlistIndexes") == true)
        }
    }

    @Test("every response carries the request id its log lines carry; a caller's own id is kept")
    func requestIDs() async throws {
        try await withHarness { harness in
            let own = try await harness.send(.GET, "/healthz", headers: [("X-Request-ID", "trace-abc-123")])
            #expect(own.headers.first(name: "X-Request-ID") == "trace-abc-123")
            let generated = try await harness.send(.GET, "/healthz")
            #expect((generated.headers.first(name: "X-Request-ID") ?? "").count >= 16)
        }
    }
}
