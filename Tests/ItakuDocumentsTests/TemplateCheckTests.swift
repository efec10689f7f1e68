import Foundation
import ItakuCore
import Testing

@testable import ItakuDocuments

@Suite("Template checks")
struct TemplateCheckTests {
    func problems(_ body: String) -> [TemplateProblem] {
        DocumentFixture.renderer.problems(in: body)
    }

    @Test("the five shipped templates are present and pass every check")
    func shippedTemplatesPass() {
        #expect(
            DocumentFixture.templates.map(\.name) == [
                "attestation-request", "entrusted-scope-annex", "outsourcing-agreement", "return-or-deletion-certificate",
                "subcontracting-consent",
            ])
        for template in DocumentFixture.templates {
            #expect(problems(template.body).isEmpty, "\(template.name): \(problems(template.body))")
        }
    }

    @Test("the example snapshot fills every value, so the shape names check against is complete")
    func exampleShapeIsComplete() throws {
        let shape = TemplateShape(of: try TemplateValue(DocumentFixture.example))
        #expect(shape.unknownPaths().isEmpty)
    }

    @Test("templates see exactly the names and values of the snapshot's stored JSON")
    func templateValueMatchesJSON() throws {
        let viaJSON = try JSONDecoder().decode(TemplateValue.self, from: try JSONEncoder().encode(DocumentFixture.example))
        #expect(try TemplateValue(DocumentFixture.example) == viaJSON)
    }

    @Test("an unknown variable and an unknown section are named with their line and column, with a hint")
    func unknownNames() {
        let found = problems("# Title\n\nDear {{contractor.legalNme}},\n{{#termz}}x{{/termz}}\n")
        #expect(
            found == [
                TemplateProblem(line: 3, column: 6, message: "unknown variable 'contractor.legalNme'; did you mean 'legalName'?"),
                TemplateProblem(line: 4, column: 1, message: "unknown section 'termz'; did you mean 'terms'?"),
            ])
    }

    @Test("names resolve inside sections and climb to enclosing contexts, as Mustache does")
    func sectionContexts() {
        #expect(problems("{{#terms}}{{clause}} {{title}} {{contract.reference}}{{#parameters}}{{label}}{{/parameters}}{{/terms}}").isEmpty)
        #expect(problems("{{#terms}}{{label}}{{/terms}}").map(\.message) == ["unknown variable 'label'"])
        #expect(problems("{{^contract.isSigned}}{{contract.reference}}{{/contract.isSigned}}").isEmpty)
        #expect(problems("{{.}}").map(\.message) == ["{{.}} outside a section would print the whole document"])
    }

    @Test("printing a list or a group as text is refused")
    func listAsVariable() {
        #expect(
            problems("{{terms}}").map(\.message) == ["'terms' is a list; print its parts inside {{#terms}}…{{/terms}}"])
    }

    @Test("sections that never close or close the wrong name are named")
    func sectionStructure() {
        #expect(problems("{{#terms}}\n{{clause}}\n").map(\.message) == ["section 'terms' is never closed"])
        #expect(problems("{{/terms}}").map(\.message) == ["{{/terms}} closes a section that was never opened"])
        #expect(
            problems("{{#terms}}\n{{#parameters}}\n{{/terms}}\n").map(\.message) == [
                "{{/terms}} does not match {{#parameters}} opened on line 2"
            ])
    }

    @Test("partials, inheritance, delimiter changes and pragmas are outside the sandbox")
    func sandbox() {
        let messages = problems("{{> header}}\n{{< base}}{{/base}}\n{{=<% %>=}}\n{{% CONTENT_TYPE: HTML}}\n").map(\.message)
        #expect(messages.filter { $0.hasPrefix("partials and template inheritance") }.count == 2)
        #expect(messages.contains("changing the tag delimiters is not supported; keep {{ and }}"))
        #expect(messages.contains("pragmas are not supported"))
    }

    @Test("a tag that never closes, and names that are not names, are not valid Mustache")
    func malformed() {
        #expect(problems("ok\n  {{contract.reference").first == TemplateProblem(line: 2, column: 3, message: "this tag is never closed with '}}'"))
        #expect(
            problems("{{upper(contract.reference)}}").map(\.message) == [
                "'upper(contract.reference)' is not a name a template can use (letters, digits and underscores, joined by dots)"
            ])
    }

    @Test("comments and triple mustaches are fine; triple mustaches cannot bypass escaping")
    func commentsAndTriples() throws {
        #expect(problems("{{! anything {{here}} }}{{{contractor.legalName}}}{{&contractor.legalName}}").isEmpty)
        var snapshot = DocumentFixture.example
        snapshot.contractor.legalName = "**Bold** <b>"
        let html = String(
            decoding: try DocumentFixture.renderer.render("{{{contractor.legalName}}} {{&contractor.legalName}}", snapshot: snapshot, format: .html),
            as: UTF8.self)
        #expect(html.contains("<p>**Bold** &lt;b&gt; **Bold** &lt;b&gt;</p>"))
    }
}
