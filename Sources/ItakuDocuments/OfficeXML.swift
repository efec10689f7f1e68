import Foundation

#if canImport(FoundationXML)
    import FoundationXML
#endif

/// XML text as Office Open XML and XHTML need it, and the well-formedness check every part passes
/// before a document is stored.
enum OfficeXML {
    /// Characters XML 1.0 allows (no C0 controls except tab, line feed and carriage return).
    static func isAllowed(_ scalar: Unicode.Scalar) -> Bool {
        switch scalar.value {
        case 0x9, 0xA, 0xD, 0x20...0xD7FF, 0xE000...0xFFFD, 0x10000...0x10FFFF: true
        default: false
        }
    }

    static func escape(_ text: String) -> String {
        var out = ""
        out.reserveCapacity(text.utf8.count)
        for scalar in text.unicodeScalars {
            switch scalar {
            case "&": out += "&amp;"
            case "<": out += "&lt;"
            case ">": out += "&gt;"
            case "\"": out += "&quot;"
            default: if isAllowed(scalar) { out.unicodeScalars.append(scalar) }
            }
        }
        return out
    }

    /// Throws when `data` is not well-formed XML, naming the part and where it broke.
    static func checkWellFormed(_ data: Data, part: String) throws {
        let parser = XMLParser(data: data)
        parser.shouldResolveExternalEntities = false
        if !parser.parse() {
            throw DocumentRenderError.malformedXML(
                part: part, line: parser.lineNumber, detail: parser.parserError.map { "\($0)" } ?? "unknown error")
        }
    }
}

/// Rendering failed in a way no template should be able to cause; reported, never stored.
public enum DocumentRenderError: Error, CustomStringConvertible {
    case malformedXML(part: String, line: Int, detail: String)
    case archive(String)

    public var description: String {
        switch self {
        case .malformedXML(let part, let line, let detail): "\(part) is not well-formed XML (line \(line)): \(detail)"
        case .archive(let detail): "the DOCX archive could not be written: \(detail)"
        }
    }
}
