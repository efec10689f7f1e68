import ItakuCore
import Mustache

/// Checks a template body before it is stored: every tag must be one the sandbox allows, every
/// name must exist in the snapshot where it is used, and every section must close.
struct TemplateCheck: Sendable {
    let root: TemplateShape

    func problems(in body: String) -> [TemplateProblem] {
        let (tags, scanProblems) = MustacheTag.scan(body)
        var problems = scanProblems
        var sections: [(tag: MustacheTag, context: TemplateShape)] = []

        func report(_ tag: MustacheTag, _ message: String) {
            problems.append(TemplateProblem(line: tag.line, column: tag.column, message: message))
        }

        for tag in tags {
            switch tag.sigil {
            case .comment:
                continue
            case .partial:
                report(tag, "partials and template inheritance are not available: a template reads only the document's data")
                continue
            case .delimiters:
                report(tag, "changing the tag delimiters is not supported; keep {{ and }}")
                continue
            case .pragma:
                report(tag, "pragmas are not supported")
                continue
            default:
                break
            }
            guard MustacheTag.isWellFormed(tag.name) else {
                report(tag, "'\(tag.name)' is not a name a template can use (letters, digits and underscores, joined by dots)")
                continue
            }
            let contexts = [root] + sections.map(\.context)
            switch tag.sigil {
            case .variable, .unescaped:
                if tag.name == "." {
                    if sections.isEmpty { report(tag, "{{.}} outside a section would print the whole document") }
                    continue
                }
                switch resolve(tag.name, in: contexts) {
                case .failure(let failure): report(tag, "unknown variable '\(tag.name)'\(failure.hint)")
                case .success(let shape):
                    switch shape {
                    case .list, .object:
                        report(tag, "'\(tag.name)' is \(shape.kindName); print its parts inside {{#\(tag.name)}}…{{/\(tag.name)}}")
                    default: break
                    }
                }
            case .section, .inverted:
                switch resolve(tag.name, in: contexts) {
                case .failure(let failure):
                    report(tag, "unknown section '\(tag.name)'\(failure.hint)")
                    sections.append((tag, .unknown))
                case .success(let shape):
                    sections.append((tag, tag.sigil == .section ? shape.sectionContext : (contexts.last ?? root)))
                }
            case .close:
                guard let open = sections.last else {
                    report(tag, "{{/\(tag.name)}} closes a section that was never opened")
                    continue
                }
                if open.tag.name != tag.name {
                    report(tag, "{{/\(tag.name)}} does not match {{#\(open.tag.name)}} opened on line \(open.tag.line)")
                    if let match = sections.lastIndex(where: { $0.tag.name == tag.name }) { sections.removeSubrange(match...) }
                } else {
                    sections.removeLast()
                }
            default:
                break
            }
        }
        for open in sections.reversed() {
            problems.append(
                TemplateProblem(line: open.tag.line, column: open.tag.column, message: "section '\(open.tag.name)' is never closed"))
        }
        if problems.isEmpty {
            // Anything the engine's own parser still objects to.
            do {
                _ = try MustacheTemplate(string: body)
            } catch let error as MustacheTemplate.ParserError {
                problems.append(
                    TemplateProblem(
                        line: error.context.lineNumber, column: error.context.columnNumber,
                        message: "not valid Mustache: \(error.error)"))
            } catch {
                problems.append(TemplateProblem(line: 1, column: 1, message: "not valid Mustache: \(error)"))
            }
        }
        return problems
    }

    /// Finds `name` the way Mustache does: its first part in the innermost context that has it,
    /// the rest inside that. A failure carries a "did you mean" hint when one is close.
    func resolve(_ name: String, in contexts: [TemplateShape]) -> Result<TemplateShape, ResolutionFailure> {
        let parts = name.split(separator: ".").map(String.init)
        guard let first = parts.first else { return .failure(ResolutionFailure("")) }
        guard var shape = contexts.reversed().lazy.compactMap({ $0.field(first) }).first else {
            let visible = contexts.flatMap { $0.fieldNames }
            return .failure(ResolutionFailure(Self.hint(first, among: visible)))
        }
        for part in parts.dropFirst() {
            if shape == .unknown { return .success(.unknown) }
            guard let next = shape.field(part) else {
                return .failure(ResolutionFailure(Self.hint(part, among: shape.fieldNames)))
            }
            shape = next
        }
        return .success(shape)
    }

    static func hint(_ name: String, among names: [String]) -> String {
        let close = names.map { ($0, editDistance($0.lowercased(), name.lowercased())) }.filter { $0.1 <= 2 }
            .min { ($0.1, $0.0) < ($1.1, $1.0) }
        return close.map { "; did you mean '\($0.0)'?" } ?? ""
    }

    static func editDistance(_ a: String, _ b: String) -> Int {
        let a = Array(a)
        let b = Array(b)
        if a.isEmpty { return b.count }
        var previous = Array(0...b.count)
        for i in 1...a.count {
            var current = [i] + Array(repeating: 0, count: b.count)
            for j in stride(from: 1, through: b.count, by: 1) {
                current[j] = min(previous[j] + 1, current[j - 1] + 1, previous[j - 1] + (a[i - 1] == b[j - 1] ? 0 : 1))
            }
            previous = current
        }
        return previous[b.count]
    }
}

/// Why a name did not resolve, as the tail of a message.
struct ResolutionFailure: Error {
    var hint: String
    init(_ hint: String) { self.hint = hint }
}

extension TemplateShape {
    var fieldNames: [String] {
        if case .object(let fields) = self { return fields.keys.sorted() }
        return []
    }
}
