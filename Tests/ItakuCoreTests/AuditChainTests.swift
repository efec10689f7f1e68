import Foundation
import Testing

@testable import ItakuCore

@Suite("Audit hash chain")
struct AuditChainTests {
    func chain(_ count: Int) -> [AuditEvent] {
        var events: [AuditEvent] = []
        for index in 0..<count {
            let draft = AuditDraft(
                by: .system("test"), action: "thing.create", subjectType: "thing", subjectID: "\(index)", before: nil,
                after: #"{"n":\#(index)}"#)
            events.append(AuditChain.seal(draft, id: UUID(), at: Date(timeIntervalSince1970: Double(index)), after: events.last))
        }
        return events
    }

    @Test("an untouched chain verifies and counts its events")
    func intact() {
        #expect(AuditChain.verify(chain(5)) == .intact(count: 5))
        #expect(AuditChain.verify([AuditEvent]()) == .intact(count: 0))
    }

    @Test("sealing after the chain's end link equals sealing after its last event")
    func sealedAfterLink() {
        let events = chain(3)
        let draft = AuditDraft(by: .system("test"), action: "thing.create", subjectType: "thing", subjectID: "next", before: nil, after: nil)
        let id = UUID()
        let moment = Date(timeIntervalSince1970: 99)
        let afterLink = AuditChain.seal(draft, id: id, at: moment, after: AuditChain.Link(sequence: events[2].sequence, hash: events[2].hash))
        #expect(afterLink == AuditChain.seal(draft, id: id, at: moment, after: events[2]))
        #expect(afterLink.sequence == 4 && afterLink.previousHash == events[2].hash)
        #expect(AuditChain.verify(events + [afterLink]) == .intact(count: 4))
        let first = AuditChain.seal(draft, id: id, at: moment, after: AuditChain.Link?.none)
        #expect(first.sequence == 1 && first.previousHash == AuditChain.genesisHash)
    }

    @Test("an event sealed from its cut text equals one sealed whole, whatever its values hold")
    func unsealed() throws {
        let tricky = [
            nil, #"{"previousHash":"","sequence":0,"x":"\","}"#, #""previousHash":"","#, #""sequence":0,"#, "日本語 \\ \n /",
        ]
        let links: [AuditChain.Link?] = [nil, AuditChain.Link(sequence: 41, hash: String(repeating: "ab", count: 32))]
        for before in tricky {
            for after in tricky {
                let draft = AuditDraft(
                    by: .system("test"), action: "thing.update", subjectType: "thing", subjectID: after ?? "none", before: before, after: after)
                let id = UUID()
                let moment = Date(timeIntervalSince1970: 1_790_000_000.123)
                let cut = try #require(AuditChain.unsealed(draft, id: id, at: moment))
                for link in links {
                    let whole = AuditChain.seal(draft, id: id, at: moment, after: link)
                    #expect(cut.sealed(after: link) == whole)
                    #expect(ContentHash.sha256(cut.text(after: link)) == whole.hash)
                }
            }
        }
    }

    @Test("text is cut only around a marker that stands exactly once")
    func cutAtOnlyMarker() throws {
        let once = try #require(AuditChain.cut("日本語 [m] rest", atOnly: "[m]"))
        #expect(once.before == "日本語 " && once.after == " rest")
        let atEdges = try #require(AuditChain.cut("[m]", atOnly: "[m]"))
        #expect(atEdges.before.isEmpty && atEdges.after.isEmpty)
        #expect(AuditChain.cut("no marker", atOnly: "[m]") == nil)
        #expect(AuditChain.cut("[m] twice [m]", atOnly: "[m]") == nil)
        #expect(AuditChain.cut("[m", atOnly: "[m]") == nil)
        let inside = "ab[m]cd"
        let slice = inside[inside.index(after: inside.startIndex)...]
        let cutSlice = try #require(AuditChain.cut(slice, atOnly: "[m]"))
        #expect(cutSlice.before == "b" && cutSlice.after == "cd")
    }

    @Test("a changed field breaks the chain at that event")
    func altered() {
        var events = chain(5)
        events[2].actor = "mallory"
        guard case .broken(let id, let sequence, let verified, let reason) = AuditChain.verify(events) else {
            Issue.record("not detected")
            return
        }
        #expect(id == events[2].id)
        #expect(sequence == 3)
        #expect(verified == 2)
        #expect(reason.contains("altered"))
    }

    @Test("a deleted event is named by the one that follows the gap")
    func deleted() {
        var events = chain(5)
        let next = events[3]
        events.remove(at: 2)
        guard case .broken(let id, _, _, let reason) = AuditChain.verify(events) else {
            Issue.record("not detected")
            return
        }
        #expect(id == next.id)
        #expect(reason.contains("missing or out of order"))
    }

    @Test("re-hashing an altered event does not help: the next link no longer matches")
    func rehashed() {
        var events = chain(4)
        events[1].after = #"{"n":99}"#
        events[1].hash = AuditChain.hash(of: events[1])
        guard case .broken(let id, _, _, let reason) = AuditChain.verify(events) else {
            Issue.record("not detected")
            return
        }
        #expect(id == events[2].id)
        #expect(reason.contains("previousHash"))
    }

    @Test("verification can start after an already verified event")
    func anchored() {
        let events = chain(6)
        #expect(AuditChain.verify(events[3...], after: events[2]) == .intact(count: 3))
    }
}

@Suite("Small value types")
struct ValueTypeTests {
    @Test("calendar days parse strictly and compare")
    func days() {
        #expect(CalendarDay("2024-02-29") != nil)
        #expect(CalendarDay("2023-02-29") == nil)
        #expect(CalendarDay("2026-1-01") == nil)
        #expect(CalendarDay("2026-01-01T00:00") == nil)
        #expect(CalendarDay("2026-01-31")!.adding(days: 1) == CalendarDay("2026-02-01"))
        #expect(CalendarDay("2026-01-01")! < CalendarDay("2026-01-02")!)
        #expect(CalendarDay("2026-01-01")!.days(until: CalendarDay("2026-03-01")!) == 59)
    }

    @Test("cursors round-trip and garbage is refused")
    func cursors() {
        let cursor = Cursor(key: "acme kk", id: UUID().uuidString)
        #expect(Cursor(token: cursor.token) == cursor)
        #expect(Cursor(token: "%%%") == nil)
        #expect(throws: ItakuError.invalid([FieldIssue("limit", "must be between 1 and 500")])) {
            try PageRequest.parse(limit: 501, cursor: nil)
        }
    }

    @Test("token secrets carry 256 random bits and are stored only as SHA-256")
    func tokens() {
        let first = AccessToken.generateSecret()
        let second = AccessToken.generateSecret()
        #expect(first != second)
        #expect(first.hasPrefix("itk_"))
        #expect(first.count == 4 + 43)
        #expect(AccessToken.hash(secret: first).count == 64)
        #expect(AccessToken.hash(secret: first) == AccessToken.hash(secret: first))
        let token = AccessToken(
            id: UUID(), owner: .contractor(UUID()), label: nil, secretHash: "", createdAt: Date(),
            expiresAt: Date(timeIntervalSinceNow: -1), createdBy: "t")
        #expect(!token.isUsable(at: Date()))
    }

    @Test("names normalise for matching across case, width and corporate suffixes")
    func names() {
        #expect(Contractor.normalisedName("ACME Co., Ltd.") == Contractor.normalisedName("acme"))
        #expect(Contractor.normalisedName("株式会社ＡＢＣ") == Contractor.normalisedName("abc"))
    }
}
