import Foundation
import ItakuCore
import Testing

@testable import ItakuWeb

@Suite("Page parts")
struct PagePartsTests {
    typealias F = PageFixtures

    @Test("a form body decodes plus signs, percent escapes, repeated names and bare names")
    func formValues() {
        let form = FormValues(urlEncoded: "legalName=Kaito+%26+Co&purposes=a&purposes=b&flag&empty=")
        #expect(form["legalName"] == "Kaito & Co")
        #expect(form.all("purposes") == ["a", "b"])
        #expect(form["flag"] == "")
        #expect(form.text("empty") == nil)
        #expect(form.text("missing") == nil)
    }

    @Test("issues land on the field they name or start with; the rest only in the summary")
    func placingIssues() {
        var fields = [FormField("certifications[0].scheme", label: "Certification"), FormField("entrustmentIds", label: "Entrustments")]
        let errors = FormErrors.place(
            [
                FieldIssue("certifications[0].scheme", "'x' is not one of pmark"), FieldIssue("entrustmentIds[1]", "not this contractor's"),
                FieldIssue("obligations[3].kind", "unknown"),
            ], on: &fields)
        #expect(fields[0].error == "'x' is not one of pmark")
        #expect(fields[1].error == "not this contractor's")
        #expect(errors.lines.count == 3)
        #expect(errors.lines[2].anchor == nil)
        #expect(errors.lines[0].anchor == fields[0].id)
    }

    @Test("a field that fails shows its message next to it, marked invalid and described by it")
    func invalidFieldMarkup() throws {
        let html = try F.html(ContractorFormPage.mock)
        let input = try #require(html.components(separatedBy: "\n").first { $0.contains("name=\"corporateNumber\"") })
        #expect(input.contains("aria-invalid=\"true\""))
        #expect(input.contains("aria-describedby=\"f-corporateNumber-error\""))
        #expect(html.contains("<p class=\"error\" id=\"f-corporateNumber-error\">check digit does not match</p>"))
        #expect(html.contains("<a href=\"#f-corporateNumber\">Corporate number</a>: check digit does not match"))
    }

    @Test("every input of every form page has a label")
    func labels() throws {
        let pages = [
            try F.html(ContractorFormPage.mock),
            try F.html(EntrustmentFormPage(contractor: F.contractor, catalog: F.catalog, today: F.today)),
            try F.html(SignInPage.mock, as: nil),
        ]
        for html in pages {
            let ids = html.matches(of: /<(?:input|select|textarea) id="([^"]+)"/).map { String($0.1) }
            #expect(!ids.isEmpty)
            for id in ids { #expect(html.contains("<label for=\"\(id)\""), "no label for \(id)") }
        }
    }

    @Test("values are escaped: a name holding markup is shown as text")
    func escaping() throws {
        let html = try F.html(ContractorFormPage.edit(F.contractor, catalog: F.catalog))
        #expect(html.contains("Kaito &lt;Data&gt; Services KK"))
        #expect(!html.contains("<Data>"))
    }

    @Test("navigation offers only what the role may open")
    func navigation() {
        let procurement = PageFrame(title: "x", principal: F.procurement, area: .contractors, csrf: "t").nav.map(\.label)
        let compliance = PageFrame(title: "x", principal: F.compliance, area: nil, csrf: "t").nav.map(\.label)
        #expect(!procurement.contains("Review queue") && !procurement.contains("Audit trail"))
        #expect(compliance.contains("Review queue") && compliance.contains("Audit trail"))
        #expect(PageFrame(title: "x", principal: F.procurement, area: .contractors, csrf: "t").nav.filter(\.current).map(\.label) == ["Contractors"])
        #expect(PageFrame(title: "x", principal: Principal(.contractor(id: F.uuid(1))), area: nil, csrf: "t").nav.isEmpty)
    }

    @Test("the matrix lists shortfalls first and says each verdict in words")
    func matrix() {
        let matrix = EquivalenceMatrix(report: F.report, policy: F.policy.content, obligations: F.contract.obligations)
        #expect(!matrix.isEquivalent)
        #expect(matrix.missingCount == 2)
        #expect(matrix.weakerCount == 1)
        let statuses = matrix.rows.map(\.status)
        #expect(Array(statuses.prefix(3)) == ["missing", "missing", "weaker"])
        #expect(matrix.rows.allSatisfy { !$0.verdict.isEmpty })
        let weaker = matrix.rows[2]
        #expect(weaker.contract.contains { $0.contains("unspecified") })
        #expect(!weaker.shortfalls.isEmpty)
    }

    @Test("the chain graph draws each edge from its parent with its verdict in words, and escapes names")
    func chainGraph() throws {
        let svg = try #require(F.chain.svg)
        #expect(svg.contains("Kaito &lt;Data&gt; Services KK"))
        #expect(svg.contains("<g class=\"edge unsound\">"))
        #expect(svg.contains(">falls short</text>"))
        #expect(svg.contains(">awaiting approval</text>"))
        // The tier-2 edge starts at its parent's box (row 0), not at the root's column.
        #expect(svg.contains("<path d=\"M491 21 C536 21"))
        #expect(svg.contains("Sora Cloud Hosting Platfo…"))
        #expect(ChainGraph(rootName: "x", edges: []).svg == nil)
        try F.golden.expect(svg, "chain.svg")
    }
}
