import Foundation
import ItakuCore

/// The data a template sees: the snapshot as a tree of text, yes/no, lists and objects.
enum TemplateValue: Decodable, Equatable, Sendable {
    case text(String)
    case flag(Bool)
    case list([TemplateValue])
    case object([String: TemplateValue])
    case null

    init(from decoder: any Decoder) throws {
        let container = try decoder.singleValueContainer()
        if container.decodeNil() {
            self = .null
        } else if let flag = try? container.decode(Bool.self) {
            self = .flag(flag)
        } else if let number = try? container.decode(Int.self) {
            self = .text(String(number))
        } else if let text = try? container.decode(String.self) {
            self = .text(text)
        } else if let list = try? container.decode([TemplateValue].self) {
            self = .list(list)
        } else {
            self = .object(try container.decode([String: TemplateValue].self))
        }
    }

    /// The snapshot as templates see it: the same names and values as its stored JSON form.
    init(_ snapshot: DocumentSnapshot) throws {
        self = try TemplateValueEncoder.encode(snapshot)
    }

    /// The value as swift-mustache walks it. Text is escaped for the document markup here, before
    /// the template engine sees it, so no tag form — `{{ }}`, `{{{ }}}` or `{{& }}` — can let a
    /// value's characters act as markup.
    var mustacheContext: Any {
        switch self {
        case .text(let text): DocumentMarkup.escape(text)
        case .flag(let flag): flag
        case .list(let items): items.map(\.mustacheContext)
        case .object(let fields):
            fields.reduce(into: [String: Any]()) { context, field in
                if field.value != .null { context[field.key] = field.value.mustacheContext }
            }
        case .null: false
        }
    }
}
