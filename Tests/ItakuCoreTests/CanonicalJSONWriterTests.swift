import Foundation
import Testing

@testable import ItakuCore

/// Expects the writer to handle `value` and to write exactly what `JSONEncoder` writes.
private func expectSameAsFoundation<T: Encodable>(_ value: T, sourceLocation: SourceLocation = #_sourceLocation) {
    let written = CanonicalJSONWriter.string(value)
    #expect(written != nil, "the writer gave up on \(T.self)", sourceLocation: sourceLocation)
    #expect(written == CanonicalJSON.stringWithFoundation(value), sourceLocation: sourceLocation)
}

/// Text with every character class the escaping treats differently.
private let awkwardTexts = [
    "", "plain", "quote \" and backslash \\ and slash /", "line\nfeed\rreturn\ttab", "\u{08}\u{0C}\u{00}\u{01}\u{1F}\u{7F}",
    "ünïcödé 委託先 😀", "\u{2028}\u{2029}", "</script>", "\\u0041", "end\\",
]

/// A value with the shapes the domain's types do not all have: doubles, nested optionals,
/// dictionaries keyed by integers and by awkward strings, arrays of arrays.
private struct Assorted: Codable {
    var ratio: Double
    var nothing: String?
    var something: Int?
    var flags: [Bool]
    var grid: [[Int]]
    var byNumber: [Int: String]
    var byName: [String: [String]]
    var when: Date
    var day: CalendarDay
    var id: UUID
    var big: Int64
    var small: Int8
    var unsigned: UInt64
}

/// A type whose encoding opens a nested container, which the writer leaves to `JSONEncoder`.
private struct Nested: Encodable {
    enum Keys: String, CodingKey { case outer, inner }

    func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: Keys.self)
        var inner = container.nestedContainer(keyedBy: Keys.self, forKey: .outer)
        try inner.encode(1, forKey: .inner)
    }
}

@Suite("Writing canonical JSON without JSONEncoder")
struct CanonicalJSONWriterTests {
    @Test("every value of a demo portfolio is written byte for byte as JSONEncoder writes it")
    func demoPortfolio() throws {
        let portfolio = try ItakuCoreTests.demoPortfolio(contractors: 200)
        for contractor in portfolio.contractors { expectSameAsFoundation(contractor) }
        for entrustment in portfolio.entrustments { expectSameAsFoundation(entrustment) }
        for contract in portfolio.contracts { expectSameAsFoundation(contract) }
        for attestation in portfolio.attestations {
            expectSameAsFoundation(attestation)
            expectSameAsFoundation(attestation.answers)
            expectSameAsFoundation(attestation.sections)
        }
        for incident in portfolio.incidents { expectSameAsFoundation(incident) }
        for subcontracting in portfolio.subcontractings { expectSameAsFoundation(subcontracting) }
        let catalog = try Catalog.bundled()
        expectSameAsFoundation(try PolicyContent.shippedDefault(catalog: catalog))
        expectSameAsFoundation(try QuestionnaireContent.shippedDefault())
    }

    @Test("flags with awkward text, every status and a waiver are written as JSONEncoder writes them")
    func flags() {
        let moment = Date(timeIntervalSince1970: 1_790_000_000.123)
        for (index, text) in awkwardTexts.enumerated() {
            let finding = Finding(
                rule: "rule-\(index)", severity: Severity.allCases[index % Severity.allCases.count], contractorID: UUID(),
                subjectType: "attestation", subjectID: text, explanation: "Explained: \(text)",
                evidence: [EvidenceRef("attestation", UUID(), label: text), EvidenceRef("term", text)])
            var flag = RiskFlag(finding: finding, at: moment)
            flag.status = FlagStatus.allCases[index % FlagStatus.allCases.count]
            if index.isMultiple(of: 2) {
                flag.waiver = Waiver(reason: text, expiresOn: CalendarDay("2027-01-31")!, by: "officer \(text)", at: moment)
                flag.acknowledgedAt = moment.addingTimeInterval(0.5)
                flag.acknowledgedBy = text
            }
            expectSameAsFoundation(flag)
            expectSameAsFoundation(finding)
        }
    }

    @Test("numbers, dictionaries and keys are ordered and spelt as JSONEncoder does")
    func assortedShapes() {
        let doubles: [Double] = [0, -0.0, 1, 0.1, -2.5, 1e20, 1e-7, 123_456_789.125, Double.greatestFiniteMagnitude]
        for (index, ratio) in doubles.enumerated() {
            let value = Assorted(
                ratio: ratio, nothing: nil, something: index.isMultiple(of: 2) ? index : nil, flags: [true, false], grid: [[], [1, -2], [Int.max]],
                byNumber: [10: "ten", 2: "two", -1: "minus one"],
                // Keys whose byte order differs from a case-insensitive or numeric order.
                byName: ["b": [], "B": ["x"], "a_b": awkwardTexts, "aB": [], "item10": ["10"], "item2": ["2"], "é": [], "e": [], "": ["empty"]],
                when: Date(timeIntervalSince1970: Double(index) * 1_000_000.001), day: CalendarDay("2026-02-28")!, id: UUID(),
                big: Int64.min, small: -8, unsigned: UInt64.max)
            expectSameAsFoundation(value)
            expectSameAsFoundation([value, value])
        }
        for text in awkwardTexts { expectSameAsFoundation(text) }
        expectSameAsFoundation([String: Int]())
        expectSameAsFoundation([[String]]())
    }

    @Test("random text, as values and as keys, is written as JSONEncoder writes it")
    func randomTextAndKeys() {
        var generator = SystemRandomNumberGenerator()
        for _ in 0..<300 {
            let values = (0..<4).map { _ in randomText(maxLength: 30, using: &generator) }
            expectSameAsFoundation(values)
            // Keys sharing prefixes and differing in case, so the byte order is tested where it bites.
            var keyed: [String: String] = [:]
            for value in values {
                let key = randomText(maxLength: 6, using: &generator)
                keyed[key] = value
                keyed[key.uppercased()] = value
                keyed[key + "a"] = value
            }
            expectSameAsFoundation(keyed)
        }
    }

    @Test("what it cannot match it leaves to JSONEncoder, and the canonical text is still JSONEncoder's")
    func leavesTheRest() {
        #expect(CanonicalJSONWriter.string(Nested()) == nil)
        #expect(CanonicalJSONWriter.string(["data": Data([1, 2, 3])]) == nil)
        #expect(CanonicalJSONWriter.string(["url": URL(string: "https://example.com/a")!]) == nil)
        #expect(CanonicalJSONWriter.string([Double.nan]) == nil)
        #expect(CanonicalJSONWriter.string([Float(1.5)]) == nil)
        #expect(CanonicalJSON.string(Nested()) == CanonicalJSON.stringWithFoundation(Nested()))
        #expect(CanonicalJSON.string(["data": Data([1, 2, 3])]) == #"{"data":"AQID"}"#)
    }
}
