import Foundation
import Testing

@testable import ItakuCore

/// Reads `value`'s canonical text both ways and expects the reader to agree with `JSONDecoder`.
private func expectReadsBack<T: JSONReadable & Codable & Equatable>(_ value: T, sourceLocation: SourceLocation = #_sourceLocation) throws {
    let text = CanonicalJSON.string(value)
    let read = try JSONReader.read(T.self, from: text)
    #expect(read == value, "\(text)", sourceLocation: sourceLocation)
    #expect(read == (try CanonicalJSON.decodeWithFoundation(T.self, from: text)), sourceLocation: sourceLocation)
}

@Suite("Reading stored JSON without Codable")
struct JSONReaderTests {
    @Test("every stored body of a demo portfolio reads back as JSONDecoder reads it")
    func demoPortfolioReadsBack() throws {
        let portfolio = try demoPortfolio()
        for entrustment in portfolio.entrustments { try expectReadsBack(entrustment.scope) }
        for attestation in portfolio.attestations { try expectReadsBack(attestation.sections) }
        for contractor in portfolio.contractors {
            try expectReadsBack(contractor.profile.contacts)
            try expectReadsBack(contractor.profile.certifications)
        }
        for contract in portfolio.contracts { try expectReadsBack(contract.entrustmentIDs) }
        #expect(portfolio.attestations.contains { !$0.sections.subcontractorsUsed.isEmpty })
        #expect(portfolio.attestations.contains { !$0.sections.thirdPartyDisclosures.isEmpty })
    }

    @Test("under interning, repeated lists share one array and every body still reads back exactly")
    func interning() throws {
        let portfolio = try demoPortfolio()
        try JSONReader.$interning.withValue(JSONReader.Interning()) {
            for entrustment in portfolio.entrustments { try expectReadsBack(entrustment.scope) }
            for attestation in portfolio.attestations { try expectReadsBack(attestation.sections) }

            func strings(_ text: String) throws -> [String] { try JSONReader.read(text) { try $0.strings() } }
            let first = try strings(#"["JP", "customer_surveys_and_more"]"#)
            let second = try strings(#"["JP", "customer_surveys_and_more"]"#)
            let other = try strings(#"["JP","customer_surveys_and_more"]"#)
            let escaped = try strings(#"["J\"P", "customer_surveys_and_more"]"#)
            #expect(first == second && first == other)
            #expect(escaped == ["J\"P", "customer_surveys_and_more"])
            #expect(try strings("[]").isEmpty && strings("[ ]").isEmpty && strings("[]").isEmpty)
            // Same length, different bytes: never the other's values.
            #expect(try strings(#"["JP", "customer_surveys_and_mora"]"#) == ["JP", "customer_surveys_and_mora"])
            func storage(_ values: [String]) -> UInt { values.withUnsafeBufferPointer { UInt(bitPattern: $0.baseAddress) } }
            #expect(storage(first) == storage(second))
            #expect(storage(first) != storage(escaped))
        }
    }

    @Test("optional members, when present, read back too")
    func optionalMembers() throws {
        let day = CalendarDay("2026-03-31")!
        try expectReadsBack(
            EntrustmentScope(
                title: "Payroll", description: "Monthly payroll run", purposes: ["payroll"], subjectCategories: ["employees"],
                dataItems: ["name", "my_number"], estimatedRecords: 0, locations: [], retentionDays: -1, startsOn: day, endsOn: day))
        try expectReadsBack(Contact(name: "A", email: "a@example.com", role: "DPO", phone: "+81 3 0000 0000"))
        try expectReadsBack(Certification(scheme: "iso27001", validUntil: day, reference: nil))
        try expectReadsBack(
            AttestationSections(
                dataItemsHeld: [], recordsHeld: Int.max, locations: ["JP"],
                subcontractorsUsed: [SubcontractorUse(name: "Sub KK", corporateNumber: nil, country: "JP", dataItems: ["name"])],
                thirdPartyDisclosures: [
                    Disclosure(recipient: "Police", recipientCorporateNumber: "1234567890123", basis: "law", dataItems: ["name"], records: 1, date: day)
                ],
                incidentsInPeriod: Int.min,
                dispositions: [DispositionCertificate(entrustmentID: UUID(), method: .deleted, completedOn: day, signatoryName: "B", signatoryTitle: "CISO")]))

        let finding = Finding(
            rule: "incident-open", severity: .high, contractorID: UUID(), subjectType: "incident", subjectID: "x",
            explanation: "An incident is open", evidence: [EvidenceRef("incident", UUID(), label: "Leak"), EvidenceRef("term", "no_secondary_provision")])
        var flag = RiskFlag(finding: finding, at: Date(timeIntervalSince1970: 1_790_000_000.123))
        try expectReadsBack(flag)
        flag.status = .waived
        flag.acknowledgedAt = Date(timeIntervalSince1970: 1_790_000_100)
        flag.acknowledgedBy = "officer"
        flag.resolvedAt = Date(timeIntervalSince1970: 1_790_000_200.5)
        flag.waiver = Waiver(reason: "Accepted until the audit", expiresOn: CalendarDay("2027-01-31")!, by: "officer", at: Date(timeIntervalSince1970: 1_790_000_300))
        try expectReadsBack(flag)
    }

    @Test("escaped and non-ASCII text reads back exactly, including random text")
    func strings() throws {
        var samples = [
            "quote \" backslash \\ slash / newline \n tab \t return \r", "control \u{01}\u{1F}", "“curly” 日本語 😀 e\u{301}", "", "\u{7F}\u{80}",
        ]
        var generator = SystemRandomNumberGenerator()
        for _ in 0..<500 { samples.append(randomText(maxLength: 40, using: &generator)) }
        for sample in samples { try expectReadsBack([sample]) }
        #expect(try JSONReader.read(String.self, from: #""\ud83d\ude00 \u00e9 \u0041""#) == "😀 é A")
    }

    @Test("text the reader does not expect is refused, and CanonicalJSON falls back to JSONDecoder")
    func strictness() throws {
        let extra = #"{"email":"a@example.com","name":"A","nickname":"Z"}"#
        #expect(throws: JSONReader.Mismatch.self) { try JSONReader.read(Contact.self, from: extra) }
        // JSONDecoder ignores members it does not know; so does the fallback.
        #expect(try CanonicalJSON.decode(Contact.self, from: extra) == Contact(name: "A", email: "a@example.com"))

        let refused = [
            #"{"email":"a@example.com"}"#,  // a required member missing
            #"{"email":null,"name":"A"}"#,  // null where a value is required
            #"{"email":"a","name":"A"} x"#,  // text after the value
            #"{"email":"a" "name":"A"}"#,  // no comma
            #"{,"email":"a","name":"A"}"#,  // a comma first
            #"{"email":"a","name":"A""#,  // unterminated
            #"{"email":"a\q","name":"A"}"#,  // unknown escape
            #"{"email":"a\ud800","name":"A"}"#,  // unpaired surrogate
        ]
        for text in refused {
            #expect(throws: JSONReader.Mismatch.self, "\(text)") { try JSONReader.read(Contact.self, from: text) }
        }
        for text in ["1.5", "1e3", "01", "-", "99999999999999999999", "\"1\""] {
            #expect(throws: JSONReader.Mismatch.self, "\(text)") { try JSONReader.read(text) { try $0.int() } }
        }
        #expect(try JSONReader.read(" -42 ") { try $0.int() } == -42)
        #expect(try JSONReader.read("0") { try $0.int() } == 0)
        let flags = try JSONReader.read(" [true , false] ") { json in
            var items = try json.array()
            var values: [Bool] = []
            while try json.hasNext(in: &items) { values.append(try json.bool()) }
            return values
        }
        #expect(flags == [true, false])
        // Malformed text still fails through the fallback, as a decoding error.
        #expect(throws: (any Error).self) { try CanonicalJSON.decode(Contact.self, from: #"{"email":"a""#) }
    }

    @Test("scalars read as what they are; containers and fractions are refused")
    func scalars() throws {
        let read = { (text: String) in try JSONReader.read(text) { try $0.scalar() } }
        #expect(try read(#" "a\"b" "#) == .string("a\"b"))
        #expect(try read("-7") == .integer(-7))
        #expect(try read("true") == .bool(true))
        #expect(try read("false") == .bool(false))
        #expect(try read(" null") == .null)
        for text in ["{}", "[1]", "1.5", "nul", "", "tru"] {
            #expect(throws: JSONReader.Mismatch.self, "\(text)") { try read(text) }
        }
    }
}
