import FluentKit
import Foundation
import NIOPosix
import SQLKit
import ItakuTestSupport
import Testing

@testable import ItakuCore
@testable import ItakuPersistence

@Suite("One contractor's stored risk in one statement")
struct StoredRiskTests {
    @Test("the index that finds the latest revision can be reverted and made again, and reading works without it")
    func latestIndexMigration() async throws {
        try await StoreFixture.withDemo(contractors: 8) { fixture, demo in
            let contractorID = try #require(demo.attestations.first?.contractorID)
            let before = try await fixture.store.read { tx in try await tx.storedRisk(ofContractor: contractorID, on: Self.day) }?.facts
            // One connection throughout: SQLite checks a new statement against the schema its
            // connection last saw, so another connection could still see the index dropped here.
            let without = try await fixture.store.database().withConnection { connection in
                try await CreateAttestationLatestIndex().revert(on: connection)
                let facts = try await FluentTransaction(db: connection, engine: fixture.store.engine).storedRisk(ofContractor: contractorID, on: Self.day)?.facts
                try await CreateAttestationLatestIndex().prepare(on: connection)
                return facts
            }
            #expect(without?.latestAttestation != nil && without?.latestAttestation == before?.latestAttestation)
            #expect(without?.attestations == before?.attestations)
        }
    }

    @Test("reads the latest revision whole and the rest in outline, even when a resubmission's clock ran behind")
    func latestRevisionWhole() async throws {
        try await StoreFixture.withDemo(contractors: 12) { fixture, demo in
            let first = try #require(demo.attestations.first)
            // The outlines arrive as arrays of the columns an outline reads, named one by one.
            #expect(Set(AttestationRecord.outlineColumns).isSubset(of: AttestationRecord.columns(first).map(\.0)))
            var later = first
            later.id = UUID()
            later.periodStart = first.periodEnd.adding(days: 3_000)
            later.periodEnd = first.periodEnd.adding(days: 3_090)
            later.submittedAt = first.submittedAt.addingTimeInterval(3_600)
            later.answers["note_for_test"] = .text("later")
            later.status = .changesRequested
            // Answers `later`, but its clock ran an hour behind: no longer the latest by time.
            var resubmission = later
            resubmission.id = UUID()
            resubmission.revision = 2
            resubmission.previousRevisionID = later.id
            resubmission.submittedAt = later.submittedAt.addingTimeInterval(-3_600)
            resubmission.answers["note_for_test"] = .text("resubmitted")
            resubmission.status = .submitted
            // Each, once stored, is the latest: `later` by its period, the resubmission because
            // it answers `later` (read on its own, since its time is no longer the latest).
            for added in [later, resubmission] {
                try await fixture.store.write { tx in try await tx.insert(added) }
                let facts = try #require(try await fixture.store.read { tx in try await tx.storedRisk(ofContractor: first.contractorID, on: Self.day) }).facts
                #expect(facts.latestAttestation == added)
                let (all, contracts) = try await fixture.store.read { tx in
                    (try await tx.allAttestations(ofContractor: first.contractorID), try await tx.allContracts(ofContractor: first.contractorID))
                }
                #expect(Set(facts.attestations.map(\.id)) == Set(OutlineWindow.outlines(all.map(\.outline), contracts: contracts, on: Self.day).map(\.id)))
                #expect(facts.attestations.first { $0.id == added.id } == added.outline)
            }
        }
    }

    @Test("leaves out revisions before the day's outline window, and reads the latest period's without any contract")
    func outlineWindow() async throws {
        try await StoreFixture.withDemo(contractors: 12) { fixture, demo in
            let contract = try #require(demo.contracts.first { $0.status == .signed })
            let template = try #require(demo.attestations.first { $0.contractorID == contract.contractorID })
            func revision(of contractorID: UUID, ending end: CalendarDay, submittedDaysAgo days: Double) -> Attestation {
                var revision = template
                revision.id = UUID()
                revision.contractorID = contractorID
                revision.periodStart = end.adding(days: -30)
                revision.periodEnd = end
                revision.submittedAt = Sample.moment.addingTimeInterval(-days * 86_400)
                return revision
            }
            // Long before the contractor's contracts: no period of theirs can match it.
            let before = revision(of: contract.contractorID, ending: contract.effectiveFrom.adding(days: -400), submittedDaysAgo: 900)
            let alone = Sample.contractor("Kumo Data")
            let history = [400.0, 200, 100].map { revision(of: alone.id, ending: Self.day.adding(days: -Int($0)), submittedDaysAgo: $0 - 20) }
            try await fixture.store.write { tx in
                try await tx.insert(before)
                try await tx.insert(alone)
                for revision in history { try await tx.insert(revision) }
            }
            try await fixture.store.read { tx in
                let facts = try #require(try await tx.storedRisk(ofContractor: contract.contractorID, on: Self.day)).facts
                let all = try await tx.allAttestations(ofContractor: contract.contractorID)
                #expect(all.contains { $0.id == before.id } && !facts.attestations.contains { $0.id == before.id })
                #expect(facts.attestations == OutlineWindow.outlines(Self.tied(all, by: \.submittedAt).map(\.outline), contracts: facts.contracts, on: Self.day))
                // Without a contract only the latest period's revisions are read, and the latest is whole.
                let lone = try #require(try await tx.storedRisk(ofContractor: alone.id, on: Self.day)).facts
                #expect(lone.attestations == [history[2].outline])
                #expect(lone.latestAttestation == history[2])
            }
        }
    }

    @Test("reads what the table-by-table reads read, for every contractor of a demo portfolio")
    func sameAsTableByTable() async throws {
        try await StoreFixture.withStore { fixture in
            let (catalog, policy) = try await Self.seed(fixture)
            let snapshot = try await fixture.store.read { tx in try await tx.portfolioSnapshot() }
            let seen = try await fixture.store.read { tx in
                var sawChainAbove = false
                var sawFirstTierElsewhere = false
                var sawFlags = false
                for id in snapshot.contractors.map(\.id) {
                    let risk = try #require(try await tx.storedRisk(ofContractor: id, on: Self.day))
                    let facts = risk.facts
                    #expect(facts.contractor == (try await tx.contractor(id)))
                    // Both read in time order; rows created at the same moment may come in either order.
                    #expect(facts.entrustments == Self.tied(try await tx.allEntrustments(ofContractor: id), by: \.createdAt))
                    #expect(facts.contracts == Self.tied(try await tx.allContracts(ofContractor: id), by: \.createdAt))
                    let attestations = Self.tied(try await tx.allAttestations(ofContractor: id), by: \.submittedAt)
                    #expect(facts.attestations == OutlineWindow.outlines(attestations.map(\.outline), contracts: facts.contracts, on: Self.day))
                    #expect(facts.latestAttestation == ContractorFacts(contractor: facts.contractor, attestations: attestations).latestAttestation)
                    #expect(facts.incidents == Self.tied(try await tx.allIncidents(ofContractor: id), by: \.reportedAt))
                    let edges = Self.tied(try await tx.subcontractings(passedOnBy: id), by: \.requestedAt)
                    #expect(facts.subcontractings == edges)
                    #expect(Set(facts.subcontractors.keys) == Set(edges.map(\.childContractorID)))
                    for (childID, child) in facts.subcontractors { #expect(child == (try await tx.contractor(childID))) }
                    #expect(Self.sorted(risk.flags) == Self.sorted(try await tx.flags(ofContractor: id)))
                    #expect(risk.score == (try await tx.scores(of: [id])).first)
                    #expect(risk.policy == policy.stamp)
                    sawFlags = sawFlags || !risk.flags.isEmpty

                    // The surroundings hold every edge above the contractor and all its sub-contractors pass on.
                    for edge in try await Self.edgesAbove(id, among: snapshot.subcontractings, in: tx) { #expect(risk.chain.edges[edge.id] == edge) }
                    for child in edges.map(\.childContractorID) {
                        #expect(risk.chain.passedOn[child] == Self.tied(try await tx.subcontractings(passedOnBy: child), by: \.requestedAt))
                    }
                    for (firstTier, contracts) in risk.chain.contracts {
                        #expect(contracts == Self.tied(try await tx.allContracts(ofContractor: firstTier), by: \.createdAt))
                        sawFirstTierElsewhere = sawFirstTierElsewhere || firstTier != id
                    }
                    sawChainAbove = sawChainAbove || !risk.chain.edges.isEmpty

                    // And the chain checks read from them exactly what they read from the store.
                    let approved = edges.filter { $0.status == .approved }
                    var surroundings = risk.chain
                    surroundings.add(facts)
                    let today = CalendarDay(Sample.moment)
                    let fromSurroundings = try await RiskDerivation.chainReports(
                        for: approved, policy: policy, catalog: catalog, today: today, surroundings: surroundings, in: tx)
                    let fromStore = try await RiskDerivation.chainReports(for: approved, policy: policy, catalog: catalog, today: today, in: tx)
                    #expect(fromSurroundings == fromStore)
                }
                return sawChainAbove && sawFirstTierElsewhere && sawFlags
            }
            #expect(seen, "chains above, first tiers elsewhere and flags are all exercised")
        }
    }

    @Test("an unknown contractor reads as nothing; before any policy the policy reads as nil")
    func unknownAndUnpolicied() async throws {
        try await StoreFixture.withStore { fixture in
            let contractor = Sample.contractor("Kumo Data")
            try await fixture.store.write { tx in try await tx.insert(contractor) }
            try await fixture.store.read { tx in
                #expect(try await tx.storedRisk(ofContractor: UUID(), on: Self.day) == nil)
                let risk = try #require(try await tx.storedRisk(ofContractor: contractor.id, on: Self.day))
                #expect(risk.policy == nil)
                #expect(risk.facts.contractor == contractor)
                #expect(risk.flags.isEmpty && risk.score == nil && risk.chain.edges.isEmpty)
                // No revision, so no whole row to carry the outlines on SQLite and none aggregated on PostgreSQL.
                #expect(risk.facts.attestations.isEmpty && risk.facts.latestAttestation == nil)
            }
        }
    }

    @Test("reading while holding flags reads what reading alone reads, for few contractors and for many")
    func holdingAndReading() async throws {
        try await StoreFixture.withStore { fixture in
            _ = try await Self.seed(fixture)
            let ids = try await fixture.store.read { tx in try await tx.portfolioSnapshot() }.contractors.map(\.id)
            // A few take a lock each (one round trip with the first read on PostgreSQL); more than
            // the limit take the portfolio's lock instead.
            for count in [1, 3, ids.count] {
                // Unknown contractors are left out; with the whole portfolio they take it past the limit.
                let unknown = count < ids.count ? 1 : FluentTransaction.flagLocksPerContractorLimit + 1 - count
                let asked = Array(ids.prefix(count)) + (0..<max(1, unknown)).map { _ in UUID() }
                let (held, alone) = try await fixture.store.write { tx -> ([StoredContractorRisk], [StoredContractorRisk]) in
                    let held = try await tx.storedRisks(holdingFlagsOf: asked, on: Self.day)
                    var alone: [StoredContractorRisk] = []
                    for id in asked { if let risk = try await tx.storedRisk(ofContractor: id, on: Self.day) { alone.append(risk) } }
                    return (held, alone)
                }
                #expect(held.count == count)
                #expect(held.map(\.facts.contractor.id) == alone.map(\.facts.contractor.id))
                for (one, other) in zip(held, alone) {
                    #expect(one.facts.entrustments == other.facts.entrustments && one.facts.contracts == other.facts.contracts)
                    #expect(one.facts.attestations == other.facts.attestations && one.facts.subcontractings == other.facts.subcontractings)
                    #expect(one.facts.latestAttestation == other.facts.latestAttestation)
                }
                #expect(held.map { Self.sorted($0.flags) } == alone.map { Self.sorted($0.flags) })
            }
        }
    }

    @Test("a reading that waited for another writer's hold sees what that writer committed")
    func readAfterTheWait() async throws {
        try await StoreFixture.withStore { fixture in
            let contractor = Sample.contractor("Kumo Data")
            try await fixture.store.write { tx in try await tx.insert(contractor) }
            let flag = RiskFlag(
                finding: Finding(
                    rule: "unapproved-subcontractor", severity: .critical, contractorID: contractor.id, subjectType: "contractor",
                    subjectID: contractor.id.uuidString.lowercased(), explanation: "written by the first writer", evidence: []),
                at: Sample.moment)
            let (held, release) = AsyncStream.makeStream(of: Void.self)
            async let first: Void = fixture.store.write { tx in
                _ = try await tx.storedRisks(holdingFlagsOf: [contractor.id], on: Self.day)
                try await tx.apply(FlagChanges(inserted: [flag]))
                release.yield()
                // Long enough for the second writer to be waiting on the hold when this commits.
                try await Task.sleep(for: .milliseconds(300))
            }
            for await _ in held { break }
            let seen = try await fixture.store.write { tx in try await tx.storedRisks(holdingFlagsOf: [contractor.id], on: Self.day).first?.flags }
            try await first
            #expect(seen?.map(\.id) == [flag.id])
        }
    }

    @Test("installing the functions again, from two instances at once, leaves them working")
    func installAgain() async throws {
        try await StoreFixture.withStore { fixture in
            let group = MultiThreadedEventLoopGroup.singleton
            async let one: Void = FluentStore.installFunctions(on: fixture.databases.database(logger: fixture.logger, on: group.any())!)
            async let other: Void = FluentStore.installFunctions(on: fixture.databases.database(logger: fixture.logger, on: group.any())!)
            _ = try await (one, other)
            let contractor = Sample.contractor("Kumo Data")
            try await fixture.store.write { tx in try await tx.insert(contractor) }
            let read = try await fixture.store.write { tx in try await tx.storedRisks(holdingFlagsOf: [contractor.id], on: Self.day) }
            #expect(read.map(\.facts.contractor) == [contractor])
        }
    }

    @Test("a failed preparation on PostgreSQL does not leave its connection unable to read stored risk")
    func failedPreparationIsForgotten() async throws {
        try await StoreFixture.withStore { fixture in
            guard fixture.store.engine == .postgres else { return }
            let contractor = Sample.contractor("Kumo Data")
            try await fixture.store.write { tx in try await tx.insert(contractor) }
            let database = try #require(fixture.databases.database(logger: fixture.logger, on: MultiThreadedEventLoopGroup.singleton.any()))
            // One connection throughout: its first preparation of the statement happens inside a
            // transaction an earlier error has aborted, so the preparation itself fails.
            try await database.withConnection { connection in
                let sql = connection as! any SQLDatabase
                let tx = FluentTransaction(db: connection, engine: .postgres)
                try await sql.raw("BEGIN").run()
                await #expect(throws: (any Error).self) { try await sql.raw("SELECT 1 / 0").run() }
                await #expect(throws: (any Error).self) { try await tx.storedRisk(ofContractor: contractor.id, on: Self.day) }
                try await sql.raw("ROLLBACK").run()
                let risk = try await tx.storedRisk(ofContractor: contractor.id, on: Self.day)
                #expect(risk?.facts.contractor == contractor)
            }
        }
    }

    @Test("a row made JSON by the database reads column by column like a driver's row")
    func rowAsJSON() throws {
        let id = UUID()
        let row = try JSONObjectRow(json: #"{"id":"\#(id.uuidString.lowercased())","n":3,"b":true,"i":0,"t":"x\"y","z":null}"#)
        #expect(try row.uuid("id") == id)
        #expect(try row.number("n") == 3)
        #expect(try row.flag("b"))
        #expect(try !row.flag("i"))
        #expect(try row.text("t") == "x\"y")
        #expect(try row.optionalText("z") == nil)
        #expect(try row.optionalUUID("z") == nil)
        #expect(throws: StoredDataError.self) { try row.text("missing") }
        #expect(throws: StoredDataError.self) { try row.number("t") }
        #expect(throws: StoredDataError.self) { try row.text("z") }
        #expect(throws: StoredDataError.self) { try row.uuid("t") }
        #expect(throws: StoredDataError.self) { try JSONObjectRow(json: #"{"a":{"b":1}}"#) }
    }

    @Test("outlines aggregated as arrays read by position, and an array too long or too short is refused")
    func outlinesAsArrays() throws {
        let contractorID = UUID()
        let first = UUID()
        let second = UUID()
        let text = #"[["\#(first.uuidString.lowercased())","2026-01-01","2026-03-31",1,null,"accepted","2026-04-02T09:00:00.000Z"],"#
            + #"["\#(second.uuidString.lowercased())","2026-01-01","2026-03-31",2,"\#(first.uuidString.lowercased())","submitted","2026-04-03T09:00:00.000Z"]]"#
        let outlines = try AttestationRecord.outlines(json: text, of: contractorID)
        #expect(outlines.map(\.id) == [first, second])
        #expect(outlines.map(\.previousRevisionID) == [nil, first])
        #expect(outlines.map(\.revision) == [1, 2])
        #expect(outlines.map(\.status) == [.accepted, .submitted])
        #expect(outlines.allSatisfy { $0.contractorID == contractorID && $0.periodEnd == CalendarDay("2026-03-31") })
        #expect(outlines[1].submittedAt == Timestamp.date("2026-04-03T09:00:00.000Z"))
        #expect(try AttestationRecord.outlines(json: "[]", of: contractorID).isEmpty)
        let short = #"[["\#(first.uuidString.lowercased())","2026-01-01","2026-03-31",1,null,"accepted"]]"#
        #expect(throws: StoredDataError.self) { try AttestationRecord.outlines(json: short, of: contractorID) }
        let long = #"[["\#(first.uuidString.lowercased())","2026-01-01","2026-03-31",1,null,"accepted","2026-04-02T09:00:00.000Z",7]]"#
        #expect(throws: StoredDataError.self) { try AttestationRecord.outlines(json: long, of: contractorID) }
        #expect(throws: StoredDataError.self) { try AttestationRecord.outlines(json: #"[["not an id"]]"#, of: contractorID) }
    }

    /// A demo portfolio with its policy and questionnaire, every contractor re-derived once so
    /// flags and scores are stored too.
    /// The day every read here re-derives on.
    static let day = CalendarDay(Sample.moment)

    static func seed(_ fixture: StoreFixture) async throws -> (Catalog, PolicyVersion) {
        let (catalog, policy, questionnaire, demo) = try Sample.demo(contractors: 40)
        try await fixture.store.write { tx in
            try await tx.insert(policy)
            try await tx.insert(questionnaire)
            try await tx.insert(demo)
        }
        try await fixture.store.write { tx in
            try await RiskDerivation.rederive(
                Set(demo.contractors.map(\.id)), catalog: catalog, questionnaires: QuestionnaireCache(), at: Sample.moment, in: tx)
        }
        return (catalog, policy)
    }

    /// Every edge that reaches `contractorID` and every edge above those, walked one read at a time.
    static func edgesAbove(_ contractorID: UUID, among all: [Subcontracting], in tx: any StoreTransaction) async throws -> [Subcontracting] {
        var found = all.filter { $0.childContractorID == contractorID }
        var pending = found
        while let edge = pending.popLast() {
            guard let parentID = edge.parentSubcontractingID, !found.contains(where: { $0.id == parentID }),
                let parent = try await tx.subcontracting(parentID)
            else { continue }
            found.append(parent)
            pending.append(parent)
        }
        return found
    }

    /// `values` in time order, ties by id — the order the one statement gives.
    static func tied<T: Identifiable>(_ values: [T], by moment: KeyPath<T, Date>) -> [T] where T.ID == UUID {
        values.sorted { ($0[keyPath: moment], $0.id.uuidString) < ($1[keyPath: moment], $1.id.uuidString) }
    }

    static func sorted(_ flags: [RiskFlag]) -> [RiskFlag] {
        flags.sorted { $0.id.uuidString < $1.id.uuidString }
    }
}
