import Foundation
import ItakuCore
import ItakuTestSupport
import Testing

#if canImport(FoundationXML)
    import FoundationXML
#endif

@testable import ItakuDocuments

@Suite("Rendering the shipped templates")
struct RenderingTests {
    static let golden = GoldenFile(directory: URL(fileURLWithPath: #filePath).deletingLastPathComponent().appendingPathComponent("Golden"))

    func expectGolden(_ actual: String, _ file: String) throws {
        try Self.golden.expect(actual, file)
    }

    @Test("each shipped template renders its golden HTML and DOCX document part", arguments: DocumentFixture.templates.map(\.name))
    func golden(name: String) throws {
        try expectGolden(try DocumentFixture.html(name), "\(name).html")
        let parts = try DocumentFixture.docx(name)
        try expectGolden(String(decoding: try #require(parts["word/document.xml"]), as: UTF8.self), "\(name).document.xml")
    }

    @Test("every part of every DOCX is well-formed XML and the package holds what Word needs", arguments: DocumentFixture.templates.map(\.name))
    func docxWellFormed(name: String) throws {
        let parts = try DocumentFixture.docx(name)
        #expect(
            Set(parts.keys) == [
                "[Content_Types].xml", "_rels/.rels", "docProps/core.xml", "docProps/app.xml", "word/_rels/document.xml.rels",
                "word/document.xml", "word/styles.xml", "word/numbering.xml",
            ])
        for (path, data) in parts {
            let parser = XMLParser(data: data)
            #expect(parser.parse(), "\(path): \(String(describing: parser.parserError))")
        }
    }

    @Test("rendering is deterministic: the same snapshot gives the same bytes")
    func deterministic() throws {
        let body = DocumentFixture.body("outsourcing-agreement")
        for format in DocumentFormat.allCases {
            let first = try DocumentFixture.renderer.render(body, snapshot: DocumentFixture.example, format: format)
            let second = try DocumentFixture.renderer.render(body, snapshot: DocumentFixture.example, format: format)
            #expect(first == second, "\(format)")
        }
    }

    @Test("the HTML is print-ready: A4 page rule, a title, and a table for the schedule")
    func printReady() throws {
        let html = try DocumentFixture.html("outsourcing-agreement")
        #expect(html.contains("@page { size: A4;"))
        #expect(html.contains("<title>Personal Data Outsourcing Agreement</title>"))
        #expect(html.contains("<h1>Obligations Schedule</h1>"))
        #expect(html.contains("<th>Parameters</th>"))
    }

    @Test("every obligation kind a contract can carry appears in the schedule, with each stated parameter")
    func everyKindInSchedule() throws {
        let catalog = DocumentFixture.catalog
        var facts = try DocumentSnapshot.exampleFacts(catalog: catalog, entrustments: 2)
        let policy = facts.policy.content
        facts.contract.obligations = catalog.obligationKinds.filter(\.isContractTerm).map { kind in
            policy.term(kind.code).map { policy.statedInFull($0, catalog: catalog) } ?? ObligationTerm(kind: kind.code)
        }
        let snapshot = DocumentSnapshot(facts, catalog: catalog)
        let html = try DocumentFixture.html("outsourcing-agreement", snapshot)
        let documentXML = String(decoding: try #require(try DocumentFixture.docx("outsourcing-agreement", snapshot)["word/document.xml"]), as: UTF8.self)
        #expect(snapshot.terms.count == catalog.obligationKinds.filter(\.isContractTerm).count)
        for term in snapshot.terms {
            let row = "<td>" + term.clause + "</td><td>" + HTMLDocument.escape(term.title) + "</td>"
            #expect(html.contains(row), "\(term.kind) is missing from the HTML schedule")
            #expect(documentXML.contains(OfficeXML.escape(term.title)), "\(term.kind) is missing from the DOCX schedule")
            for parameter in term.parameters {
                let stated = HTMLDocument.escape(parameter.label + ": " + parameter.value)
                #expect(html.contains(stated), "\(term.kind).\(parameter.name)")
            }
        }
        for kind in catalog.obligationKinds.filter(\.isContractTerm) {
            for spec in kind.parameters where policy.term(kind.code)?.parameters[spec.name] != nil {
                #expect(snapshot.terms.first { $0.kind == kind.code }?.parameters.contains { $0.name == spec.name } == true)
            }
        }
    }

    @Test("the agreement shows where each JIS Q 15001 a–h and GDPR Art. 28(3) item is met, and the My Number items only when numbers are entrusted")
    func checklists() throws {
        let html = try DocumentFixture.html("outsourcing-agreement")
        for code in "abcdefgh".map(String.init) {
            #expect(html.contains("<td>" + code + ") "), "JIS item \(code)")
            #expect(html.contains("<td>(" + code + ") "), "GDPR item \(code)")
        }
        #expect(html.contains("My Number guideline"))
        var facts = try DocumentSnapshot.exampleFacts(catalog: DocumentFixture.catalog, entrustments: 2)
        for index in facts.entrustments.indices { facts.entrustments[index].scope.dataItems.removeAll { $0 == "my_number" } }
        facts.equivalence.conditions.removeAll { $0 == ScopeCondition.individualNumber }
        let without = try DocumentFixture.html("outsourcing-agreement", DocumentSnapshot(facts, catalog: DocumentFixture.catalog))
        #expect(!without.contains("My Number guideline"))
    }

    @Test("a missing clause is shown as not addressed rather than hidden")
    func missingClause() throws {
        var facts = try DocumentSnapshot.exampleFacts(catalog: DocumentFixture.catalog, entrustments: 1)
        facts.contract.obligations.removeAll { $0.kind == "audit_and_inspection" }
        let html = try DocumentFixture.html("outsourcing-agreement", DocumentSnapshot(facts, catalog: DocumentFixture.catalog))
        #expect(html.contains("<td>e) How the company confirms the contract is observed (audit)</td><td><strong>not addressed</strong></td>"))
    }

    @Test("a contractor name holding markup, HTML or Mustache delimiters is printed as text in both formats")
    func injection() throws {
        var snapshot = DocumentFixture.example
        let hostile = "**Evil** | # Co <script>alert(1)</script> {{contract.reference}} {{> partial}} & \\ ---\n# Injected"
        snapshot.contractor.legalName = hostile
        let html = try DocumentFixture.html("outsourcing-agreement", snapshot)
        let shown = HTMLDocument.escape(hostile.replacingOccurrences(of: "\n", with: " "))
        #expect(html.contains(shown))
        #expect(!html.contains("<script>"))
        #expect(!html.contains("<h1>Injected</h1>"))
        #expect(!html.contains("<strong>Evil</strong>"))
        let xml = String(decoding: try #require(try DocumentFixture.docx("outsourcing-agreement", snapshot)["word/document.xml"]), as: UTF8.self)
        #expect(xml.contains(OfficeXML.escape(hostile.replacingOccurrences(of: "\n", with: " "))))
    }

    @Test("a value with characters XML forbids still yields well-formed documents")
    func controlCharacters() throws {
        var snapshot = DocumentFixture.example
        snapshot.contractor.legalName = "Bad\u{1}Name\u{FFFE}KK"
        let parts = try DocumentFixture.docx("outsourcing-agreement", snapshot)
        #expect(XMLParser(data: try #require(parts["word/document.xml"])).parse())
        #expect(try DocumentFixture.html("outsourcing-agreement", snapshot).contains("Bad NameKK"))
    }
}
