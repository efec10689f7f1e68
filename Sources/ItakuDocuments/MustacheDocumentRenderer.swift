import Foundation
import ItakuCore
import Mustache

/// Renders contract templates: Mustache over the snapshot, then the document markup, then HTML
/// or DOCX. Templates are sandboxed — no partials, no lambdas, no file or network access — and
/// checked against the snapshot's shape before they are accepted.
public struct MustacheDocumentRenderer: DocumentRenderer {
    let check: TemplateCheck
    let cache = ParsedTemplates()

    public init(catalog: Catalog) throws {
        let example = try DocumentSnapshot.example(catalog: catalog)
        check = TemplateCheck(root: TemplateShape(of: try TemplateValue(example)))
    }

    public func problems(in body: String) -> [TemplateProblem] {
        check.problems(in: body)
    }

    public func render(_ body: String, snapshot: DocumentSnapshot, format: DocumentFormat) throws -> Data {
        let blocks = DocumentMarkup.parse(try text(body, snapshot: snapshot))
        switch format {
        case .html:
            let data = Data(HTMLDocument.write(blocks).utf8)
            try OfficeXML.checkWellFormed(data, part: "the HTML document")
            return data
        case .docx:
            return try WordDocument.write(blocks, title: HTMLDocument.title(of: blocks), created: snapshot.renderedOn)
        }
    }

    /// The template's output before it is laid out: document markup.
    func text(_ body: String, snapshot: DocumentSnapshot) throws -> String {
        try cache.template(for: body).render(try TemplateValueEncoder.mustacheContext(snapshot))
    }
}

/// Parsed templates by body, so a busy template is parsed once rather than on every render.
final class ParsedTemplates: @unchecked Sendable {
    private let lock = NSLock()
    private var parsed: [String: MustacheTemplate] = [:]
    private static let capacity = 64

    func template(for body: String) throws -> MustacheTemplate {
        if let hit = lock.withLock({ parsed[body] }) { return hit }
        // Values arrive already escaped for the markup, so the engine must not escape them again
        // for HTML: the TEXT content type leaves them as they are.
        let template = try MustacheTemplate(string: "{{% CONTENT_TYPE: TEXT}}\n" + body)
        lock.withLock {
            if parsed.count >= Self.capacity { parsed.removeAll() }
            parsed[body] = template
        }
        return template
    }
}
