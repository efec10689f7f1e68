import FluentKit
import Foundation
import ItakuTestSupport
import NIOPosix
import SQLKit
import Testing

@testable import ItakuCore
@testable import ItakuPersistence

@Suite("Fluent store on SQLite and PostgreSQL")
struct FluentStoreTests {
    @Test("a contractor and an entrustment round-trip unchanged")
    func roundTrip() async throws {
        try await StoreFixture.withStore { fixture in
            let contractor = Sample.contractor("Acme KK", corporateNumber: "7000012050002")
            let scope = EntrustmentScope(
                title: "Desk", purposes: ["customer_support"], subjectCategories: ["customers"], dataItems: ["name"],
                estimatedRecords: 10, locations: ["JP"], retentionDays: 30, startsOn: CalendarDay("2026-01-01")!)
            let entrustment = Entrustment(
                id: UUID(), contractorID: contractor.id, scope: scope, version: 1, createdAt: Sample.moment,
                updatedAt: Sample.moment)
            try await fixture.store.write { tx in
                try await tx.insert(contractor)
                try await tx.insert(entrustment)
            }
            let (readContractor, readEntrustment, byNumber) = try await fixture.store.read { tx in
                (try await tx.contractor(contractor.id), try await tx.entrustment(entrustment.id),
                 try await tx.contractor(corporateNumber: "7000012050002"))
            }
            #expect(readContractor == contractor)
            #expect(readEntrustment == entrustment)
            #expect(byNumber?.id == contractor.id)
        }
    }

    @Test("a scan's worth of new flags, encoded while the batch before is written, is stored unchanged; an update moves only its columns")
    func manyFlags() async throws {
        try await StoreFixture.withStore { fixture in
            let contractors = (0..<3).map { Sample.contractor("Flagged \($0) KK") }
            // Two whole batches and part of a third.
            let flags = (0..<(FluentTransaction.flagBatch * 2 + 500)).map { index in
                RiskFlag(
                    finding: Finding(
                        rule: "attestation-overdue", severity: index.isMultiple(of: 3) ? .high : .medium,
                        contractorID: contractors[index % 3].id, subjectType: "period", subjectID: "p\(index)",
                        explanation: "Finding \(index) with \"quotes\" and 日本語.", evidence: [EvidenceRef("period", "p\(index)")]),
                    at: Sample.moment.addingTimeInterval(Double(index)))
            }
            try await fixture.store.write { tx in
                for contractor in contractors { try await tx.insert(contractor) }
                try await tx.apply(FlagChanges(inserted: flags))
            }
            let changed = {
                var flag = flags[7]
                flag.severity = .critical
                flag.lastSeenAt = Sample.moment.addingTimeInterval(86_400)
                flag.version += 1
                return flag
            }()
            let (stored, updatedOnce, updatedTwice) = try await fixture.store.write { tx in
                (try await tx.flags(ofContractor: contractors[1].id), try await tx.update(changed, expectedVersion: 1),
                 try await tx.update(changed, expectedVersion: 1))
            }
            // Read before the update: every flag of the second contractor, from every batch, as it was inserted.
            let byID = { (flags: [RiskFlag]) in flags.sorted { $0.id.uuidString < $1.id.uuidString } }
            #expect(byID(stored) == byID(flags.filter { $0.contractorID == contractors[1].id }))
            #expect(updatedOnce && !updatedTwice)
            let reread = try await fixture.store.read { tx in try await tx.flag(changed.id) }
            #expect(reread == changed)
            #expect(reread?.firstSeenAt == flags[7].firstSeenAt)
        }
    }

    @Test("flags and scores reference contractors by foreign key on SQLite only; the facts do on both")
    func derivedRowsForeignKeys() async throws {
        try await StoreFixture.withStore { fixture in
            struct Count: Decodable { var n: Int }
            func references(_ table: String) async throws -> Int {
                switch fixture.testDatabase {
                case .sqlite:
                    return try await fixture.sql.raw(
                        "SELECT count(*) AS n FROM pragma_foreign_key_list(\(bind: table)) WHERE \"table\" = \(bind: ContractorRecord.schema)"
                    ).first(decoding: Count.self)?.n ?? 0
                case .postgres:
                    return try await fixture.sql.raw(
                        """
                        SELECT count(*)::int AS n FROM pg_constraint
                        WHERE conrelid = to_regclass(\(bind: table)) AND confrelid = to_regclass(\(bind: ContractorRecord.schema)) AND contype = 'f'
                        """
                    ).first(decoding: Count.self)?.n ?? 0
                }
            }
            let onSQLite = if case .sqlite = fixture.testDatabase { true } else { false }
            let flags = try await references(FlagRecord.schema)
            let scores = try await references(ScoreRecord.schema)
            let entrustments = try await references(EntrustmentRecord.schema)
            #expect(flags == (onSQLite ? 1 : 0))
            #expect(scores == (onSQLite ? 1 : 0))
            #expect(entrustments == 1)
        }
    }

    @Test("the flag table keeps one index for reads by rule: the one that also gives their order")
    func flagRuleIndexes() async throws {
        try await StoreFixture.withStore { fixture in
            struct Index: Decodable { var name: String }
            let query: SQLQueryString =
                switch fixture.testDatabase {
                case .sqlite: "SELECT name FROM pragma_index_list(\(bind: FlagRecord.schema))"
                case .postgres: "SELECT indexname AS name FROM pg_indexes WHERE tablename = \(bind: FlagRecord.schema)"
                }
            let names = Set(try await fixture.sql.raw(query).all(decoding: Index.self).map(\.name))
            #expect(names.contains("risk_flags_rule_ranked"))
            #expect(!names.contains(DropRedundantFlagRuleIndex.index))
            #expect(names.isSuperset(of: ["risk_flags_counts", "risk_flags_list", "risk_flags_ranked"]))
        }
    }

    @Test("an update applies only at the expected version, and only one of many concurrent writers wins")
    func optimisticUpdates() async throws {
        try await StoreFixture.withStore { fixture in
            let contractor = Sample.contractor("Acme KK")
            try await fixture.store.write { tx in try await tx.insert(contractor) }
            var staleCopy = contractor
            staleCopy.version = 2
            let stale = staleCopy
            #expect(try await fixture.store.write { tx in try await tx.update(stale, expectedVersion: 5) } == false)

            let wins = try await withThrowingTaskGroup(of: Bool.self) { group in
                for index in 0..<10 {
                    group.addTask {
                        var copy = contractor
                        copy.profile.legalName = "Writer \(index)"
                        copy.version = 2
                        let changed = copy
                        return try await fixture.store.write { tx in try await tx.update(changed, expectedVersion: 1) }
                    }
                }
                return try await group.reduce(0) { $0 + ($1 ? 1 : 0) }
            }
            #expect(wins == 1)
            let stored = try await fixture.store.read { tx in try await tx.contractor(contractor.id) }
            #expect(stored?.version == 2)
            #expect(stored?.profile.legalName.hasPrefix("Writer ") == true)
        }
    }

    @Test("a unit of work that fails leaves nothing behind")
    func rollback() async throws {
        struct Boom: Error {}
        try await StoreFixture.withStore { fixture in
            let contractor = Sample.contractor("Half Written KK")
            await #expect(throws: Boom.self) {
                try await fixture.store.write { tx in
                    try await tx.insert(contractor)
                    try await tx.appendAudit(Sample.draft(1), at: Sample.moment)
                    throw Boom()
                }
            }
            let (stored, events) = try await fixture.store.read { tx in
                (try await tx.contractor(contractor.id), try await tx.auditEvents(afterSequence: 0, limit: 10))
            }
            #expect(stored == nil)
            #expect(events.isEmpty)
        }
    }

    @Test("the contractor list pages by name and escapes wildcards in the name filter")
    func listing() async throws {
        try await StoreFixture.withStore { fixture in
            try await fixture.store.write { tx in
                for name in ["beta", "Alpha", "100% Data", "gamma_ray", "Delta"] { try await tx.insert(Sample.contractor(name)) }
            }
            var names: [String] = []
            var after: Cursor?
            repeat {
                let page = try await fixture.store.read { [after] tx in
                    try await tx.contractors(ContractorFilter(), page: PageRequest(limit: 2, after: after))
                }
                names += page.items.map(\.profile.legalName)
                after = page.nextCursor.flatMap(Cursor.init(token:))
            } while after != nil
            #expect(names == ["100% Data", "Alpha", "beta", "Delta", "gamma_ray"])
            let percent = try await fixture.store.read { tx in
                try await tx.contractors(ContractorFilter(nameContains: "%"), page: PageRequest())
            }
            #expect(percent.items.map(\.profile.legalName) == ["100% Data"])
            let underscore = try await fixture.store.read { tx in
                try await tx.contractors(ContractorFilter(nameContains: "a_r"), page: PageRequest())
            }
            #expect(underscore.items.map(\.profile.legalName) == ["gamma_ray"])
        }
    }
}

@Suite("Audit chain in the database")
struct AuditPersistenceTests {
    @Test("concurrent writers extend one unbroken chain")
    func concurrentAppends() async throws {
        try await StoreFixture.withStore { fixture in
            try await withThrowingTaskGroup(of: Void.self) { group in
                for index in 0..<40 {
                    group.addTask {
                        try await fixture.store.write { tx in try await tx.appendAudit(Sample.draft(index), at: Date()) }
                    }
                }
                try await group.waitForAll()
            }
            let trail = AuditTrail(store: fixture.store)
            #expect(try await trail.verify(by: .system("test")) == .intact(count: 40))
        }
    }

    @Test("on PostgreSQL an audited write's rows are on disk when the write returns, though it commits without waiting")
    func auditedWriteIsFlushed() async throws {
        try await StoreFixture.withStore { fixture in
            guard fixture.store.engine == .postgres else { return }
            // Many times: a barrier that does not itself wait still passes when the WAL writer
            // happens to have flushed first (it did, now and then, before the barrier wrote a row).
            for index in 0..<25 {
                let written = try await fixture.store.write { tx in
                    try await tx.insert(Sample.contractor("Kumo Data \(index)"))
                    try await tx.appendAudit(Sample.draft(index), at: Date())
                    let fluent = try #require(tx as? FluentTransaction)
                    return try await fluent.storedRows(sql: "SELECT pg_current_wal_insert_lsn()::text AS lsn", []).first?.text("lsn")
                }
                let lsn = try #require(written)
                let flushed = try await fixture.sql.raw("SELECT pg_current_wal_flush_lsn() >= \(bind: lsn)::pg_lsn AS ok").first(decoding: Flushed.self)
                #expect(flushed?.ok == true)
            }
        }
    }

    @Test("the chain-head function leaves the commit's flush to a barrier only when asked")
    func deferringIsAsked() async throws {
        try await StoreFixture.withStore { fixture in
            guard fixture.store.engine == .postgres else { return }
            let database = try #require(fixture.databases.database(logger: fixture.logger, on: MultiThreadedEventLoopGroup.singleton.any()))
            for (deferring, setting) in [(true, "off"), (false, "on")] {
                try await database.withConnection { connection in
                    let sql = connection as! any SQLDatabase
                    try await sql.raw("BEGIN").run()
                    try await sql.raw("SET LOCAL synchronous_commit = on").run()
                    _ = try await sql.raw("SELECT * FROM itaku_audit_chain_head(\(bind: FluentTransaction.auditChainLockKey), \(bind: deferring))").all()
                    let found = try await sql.raw("SELECT current_setting('synchronous_commit') AS value").first(decoding: Setting.self)
                    try await sql.raw("ROLLBACK").run()
                    #expect(found?.value == setting)
                }
            }
        }
    }

    private struct Flushed: Decodable { var ok: Bool }
    private struct Setting: Decodable { var value: String }

    @Test("a changed, a deleted and a reordered row are each named by verification")
    func tampering() async throws {
        try await StoreFixture.withStore { fixture in
            for index in 0..<6 {
                try await fixture.store.write { tx in try await tx.appendAudit(Sample.draft(index), at: Date()) }
            }
            let events = try await fixture.store.read { tx in try await tx.auditEvents(afterSequence: 0, limit: 10) }
            #expect(events.map(\.sequence) == Array(1...6))
            let trail = AuditTrail(store: fixture.store)
            #expect(try await trail.verify(by: .system("test")) == .intact(count: 6))

            try await fixture.sql.raw("UPDATE audit_events SET actor = 'mallory' WHERE sequence = 3").run()
            guard case .broken(let changedID, _, let verified, let reason) = try await trail.verify(by: .system("test")) else {
                Issue.record("change not detected")
                return
            }
            #expect(changedID == events[2].id)
            #expect(verified == 2)
            #expect(reason.contains("altered"))
            try await fixture.sql.raw("UPDATE audit_events SET actor = 'test' WHERE sequence = 3").run()
            #expect(try await trail.verify(by: .system("test")) == .intact(count: 6))

            try await fixture.sql.raw("DELETE FROM audit_events WHERE sequence = 5").run()
            guard case .broken(let afterGap, _, _, let gapReason) = try await trail.verify(by: .system("test")) else {
                Issue.record("deletion not detected")
                return
            }
            #expect(afterGap == events[5].id)
            #expect(gapReason.contains("missing"))

            try await fixture.sql.raw("UPDATE audit_events SET sequence = 100 WHERE sequence = 1").run()
            try await fixture.sql.raw("UPDATE audit_events SET sequence = 1 WHERE sequence = 2").run()
            try await fixture.sql.raw("UPDATE audit_events SET sequence = 2 WHERE sequence = 100").run()
            guard case .broken(let swapped, _, _, _) = try await trail.verify(by: .system("test")) else {
                Issue.record("reordering not detected")
                return
            }
            #expect(swapped == events[1].id)
        }
    }
}

@Suite("The schedule in the database")
struct ScheduleTests {
    @Test("of two instances racing for a slot exactly one runs it; an unfinished stale claim is taken over; a finished one never")
    func claims() async throws {
        try await StoreFixture.withStore { fixture in
            let moment = Sample.moment
            let results = try await withThrowingTaskGroup(of: Bool.self) { group in
                for holder in ["a", "b", "c", "d"] {
                    group.addTask {
                        try await fixture.store.write { tx in
                            try await tx.claimScheduledRun(slot: "risk-scan@1", holder: holder, at: moment, staleAfter: 600)
                        }
                    }
                }
                return try await group.reduce(into: []) { $0.append($1) }
            }
            #expect(results.filter { $0 }.count == 1)
            let soon = try await fixture.store.write { tx in
                try await tx.claimScheduledRun(slot: "risk-scan@1", holder: "e", at: moment.addingTimeInterval(60), staleAfter: 600)
            }
            #expect(soon == false)
            let takeover = try await fixture.store.write { tx in
                try await tx.claimScheduledRun(slot: "risk-scan@1", holder: "e", at: moment.addingTimeInterval(700), staleAfter: 600)
            }
            #expect(takeover == true)
            try await fixture.store.write { tx in try await tx.finishScheduledRun(slot: "risk-scan@1", at: moment.addingTimeInterval(710)) }
            let afterFinish = try await fixture.store.write { tx in
                try await tx.claimScheduledRun(slot: "risk-scan@1", holder: "f", at: moment.addingTimeInterval(5000), staleAfter: 600)
            }
            #expect(afterFinish == false)
        }
    }
}

@Suite("Reading rows through the drivers")
struct StoredRowTests {
    @Test("a demo portfolio reads back row for row through the scan's bulk read")
    func portfolioRoundTrip() async throws {
        try await StoreFixture.withDemo(contractors: 60) { fixture, demo in
            let snapshot = try await fixture.store.read { tx in try await tx.portfolioSnapshot() }
            #expect(Sample.byID(snapshot.contractors) == Sample.byID(demo.contractors))
            #expect(Sample.byID(snapshot.entrustments) == Sample.byID(demo.entrustments))
            #expect(Sample.byID(snapshot.contracts) == Sample.byID(demo.contracts))
            #expect(Sample.byID(snapshot.attestations) == Sample.byID(demo.attestations))
            #expect(Sample.byID(snapshot.incidents) == Sample.byID(demo.incidents))
            #expect(Sample.byID(snapshot.subcontractings) == Sample.byID(demo.subcontractings))
            #expect(demo.subcontractings.contains { $0.parentSubcontractingID != nil }, "optional identifiers are exercised")
        }
    }

    @Test("identifiers parse from their text in either case; anything else is refused or left to Foundation")
    func identifierText() {
        let id = UUID()
        #expect(UUID(storedText: id.uuidString) == id)
        #expect(UUID(storedText: id.uuidString.lowercased()) == id)
        #expect(UUID(storedText: "00000000-0000-0000-0000-00000000000g") == nil)
        #expect(UUID(storedText: "00000000-0000-0000-0000-0000000000") == nil)
        #expect(UUID(storedText: "000000000000-0000-0000-000000000000") == nil)
        #expect(UUID(storedText: "") == nil)
        #expect(UUID(storedText: "E621E1F8-C36C-495A-93FC-0C247A3E6E5F") == UUID(uuidString: "E621E1F8-C36C-495A-93FC-0C247A3E6E5F"))
    }
}
