import Foundation
import Testing

@testable import ItakuDocuments

@Suite("Document markup")
struct DocumentMarkupTests {
    typealias Run = DocumentMarkup.Run

    @Test("headings, paragraphs joined across lines, bullets, tables with a header, and page breaks")
    func blocks() {
        let blocks = DocumentMarkup.parse(
            """
            # Title
            First line
            second line.

            - one
            - **two**
            | A | B |
            |---|---|
            | 1 | 2 |
            | 3 |
            ---
            ## Next
            """)
        #expect(
            blocks == [
                .heading(level: 1, [Run(text: "Title", bold: false)]),
                .paragraph([Run(text: "First line second line.", bold: false)]),
                .bullets([[Run(text: "one", bold: false)], [Run(text: "two", bold: true)]]),
                .table(
                    header: [[Run(text: "A", bold: false)], [Run(text: "B", bold: false)]],
                    rows: [[[Run(text: "1", bold: false)], [Run(text: "2", bold: false)]], [[Run(text: "3", bold: false)]]]),
                .pageBreak,
                .heading(level: 2, [Run(text: "Next", bold: false)]),
            ])
    }

    @Test("bold, code and backslash escapes inside a line")
    func inline() {
        #expect(
            DocumentMarkup.inline("a **b** `c*d` \\*e\\*") == [
                Run(text: "a ", bold: false), Run(text: "b", bold: true), Run(text: " ", bold: false),
                Run(text: "c*d", bold: false, code: true), Run(text: " *e*", bold: false),
            ])
    }

    @Test("any escaped value reads back as the same text, whatever markup it holds", arguments: [
        "# Heading", "- bullet", "---", "| a | b |", "**bold**", "`code`", "back\\slash", "{{contract.reference}}",
        "<script>alert(1)</script>", "line\nbreak # not a heading", "tab\tand\u{0}nul", "株式会社さくら", "trailing \\",
    ])
    func escapedValuesStayText(value: String) {
        let escaped = DocumentMarkup.escape(value)
        let blocks = DocumentMarkup.parse("Name: " + escaped)
        let expected = "Name: " + value.map { $0.unicodeScalars.contains { $0.value < 0x20 } ? " " : String($0) }.joined()
        guard case .paragraph(let runs)? = blocks.first, blocks.count == 1 else {
            Issue.record("\(value) became \(blocks)")
            return
        }
        #expect(runs.plainText == expected.trimmingCharacters(in: .whitespaces))
        #expect(runs.allSatisfy { !$0.bold && !$0.code })
    }

    @Test("an escaped value alone on a line never starts a block", arguments: ["# H", "## H", "- item", "---", "  # spaced", "| a |"])
    func escapedLineStaysParagraph(value: String) {
        let blocks = DocumentMarkup.parse(DocumentMarkup.escape(value))
        #expect(blocks == [.paragraph([Run(text: value.trimmingCharacters(in: .whitespaces), bold: false)])])
    }

    @Test("plain values are left as they are, hyphens in dates included")
    func plainValuesUnchanged() {
        #expect(DocumentMarkup.escape("2026-11-25 Sakura KK") == "2026-11-25 Sakura KK")
        #expect(DocumentMarkup.escape("-5") == "\\-5")
    }

    @Test("an escaped value inside a table cell stays in its cell")
    func escapedCell() {
        let blocks = DocumentMarkup.parse("| \(DocumentMarkup.escape("a | b")) | c |")
        #expect(blocks == [.table(header: nil, rows: [[[Run(text: "a | b", bold: false)], [Run(text: "c", bold: false)]]])])
    }
}
