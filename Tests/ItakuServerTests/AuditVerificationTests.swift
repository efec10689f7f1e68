import FluentKit
import Foundation
import ItakuCore
import SQLKit
import Testing
import VaporTesting

@testable import ItakuServer

/// The audit chain is checked the way an auditor would: rows are altered, deleted and reordered
/// directly in the database, behind the service's back, and the exact break must be named.
@Suite("Audit verification against tampering")
struct AuditVerificationTests {
    /// Six events, then `tamper` run as raw SQL, then what `GET /api/v1/audit/verify` says.
    func verify(after tamper: (any SQLDatabase, [AuditEvent]) async throws -> Void) async throws -> (JSON?, [AuditEvent]) {
        var outcome: (JSON?, [AuditEvent]) = (nil, [])
        try await withHarness { harness in
            let procurement = try await harness.token(.procurement)
            for index in 1...3 { _ = try await harness.registerContractor(procurement, name: "Tamper \(index) KK") }
            let auditor = try await harness.token(.auditor)
            let events = try await harness.services.store.read { tx in try await tx.auditEvents(afterSequence: 0, limit: 100) }
            #expect(events.count >= 6)
            let sql = try #require(harness.app.db as? any SQLDatabase)
            try await tamper(sql, events)
            let reply = try await harness.send(.GET, "/api/v1/audit/verify", token: auditor)
            #expect(reply.status == .ok)
            outcome = (reply.json, events)
        }
        return outcome
    }

    @Test("an untouched chain verifies, every event counted")
    func intact() async throws {
        let (json, events) = try await verify { _, _ in }
        #expect(json?.intact?.bool == true)
        // The auditor's token issue is one more event after the ones read before the call.
        #expect(json?.verifiedEvents?.int == events.count)
        #expect(json?.brokenAt == nil)
    }

    @Test("a changed row is named: its content no longer matches its hash")
    func altered() async throws {
        let (json, events) = try await verify { sql, _ in
            try await sql.raw("UPDATE audit_events SET actor = 'mallory' WHERE sequence = 3").run()
        }
        #expect(json?.intact?.bool == false)
        #expect(json?.brokenAt?.sequence?.int == 3)
        #expect(json?.brokenAt?.eventId?.string == events[2].id.uuidString.lowercased())
        #expect(json?.brokenAt?.reason?.string?.contains("altered") == true)
        #expect(json?.verifiedEvents?.int == 2)
    }

    @Test("a deleted row is named by the event after the gap")
    func deleted() async throws {
        let (json, events) = try await verify { sql, _ in
            try await sql.raw("DELETE FROM audit_events WHERE sequence = 3").run()
        }
        #expect(json?.brokenAt?.sequence?.int == 4)
        #expect(json?.brokenAt?.eventId?.string == events[3].id.uuidString.lowercased())
        #expect(json?.brokenAt?.reason?.string?.contains("missing or out of order") == true)
    }

    @Test("two rows swapped are named at the first one out of place")
    func reordered() async throws {
        let (json, events) = try await verify { sql, _ in
            try await sql.raw("UPDATE audit_events SET sequence = -3 WHERE sequence = 3").run()
            try await sql.raw("UPDATE audit_events SET sequence = 3 WHERE sequence = 4").run()
            try await sql.raw("UPDATE audit_events SET sequence = 4 WHERE sequence = -3").run()
        }
        #expect(json?.brokenAt?.sequence?.int == 3)
        // What now stands third is the old fourth event, whose link points at the old third.
        #expect(json?.brokenAt?.eventId?.string == events[3].id.uuidString.lowercased())
        #expect(json?.brokenAt?.reason?.string?.contains("previousHash") == true)
    }

    @Test("a rewritten row whose hash was recomputed still breaks the next link")
    func rehashed() async throws {
        let (json, events) = try await verify { sql, events in
            var forged = events[2]
            forged.actor = "mallory"
            forged.hash = AuditChain.hash(of: forged)
            try await sql.raw("UPDATE audit_events SET actor = 'mallory', hash = \(bind: forged.hash) WHERE sequence = 3").run()
        }
        #expect(json?.brokenAt?.sequence?.int == 4)
        #expect(json?.brokenAt?.eventId?.string == events[3].id.uuidString.lowercased())
        #expect(json?.brokenAt?.reason?.string?.contains("previousHash") == true)
    }

    @Test("only auditors, compliance and admins may verify")
    func access() async throws {
        try await withHarness { harness in
            let procurement = try await harness.token(.procurement)
            #expect(try await harness.send(.GET, "/api/v1/audit/verify", token: procurement).status == .forbidden)
            #expect(try await harness.send(.GET, "/api/v1/audit/verify").status == .unauthorized)
        }
    }
}
