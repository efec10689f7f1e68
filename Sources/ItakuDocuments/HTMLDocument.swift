/// Writes a document as print-ready HTML: one self-contained file with an A4 print stylesheet,
/// written as well-formed XML so the same checker that guards DOCX parts can check it.
enum HTMLDocument {
    static func write(_ blocks: [DocumentMarkup.Block], language: String = "en") -> String {
        var html = "<!DOCTYPE html>\n<html lang=\"\(language)\">\n<head>\n<meta charset=\"utf-8\"/>\n"
        html += "<meta name=\"generator\" content=\"Itaku\"/>\n"
        html += "<title>\(escape(title(of: blocks)))</title>\n<style>\n\(stylesheet)</style>\n</head>\n<body>\n<main>\n"
        for block in blocks {
            switch block {
            case .heading(let level, let runs):
                html += "<h\(level)>\(inline(runs))</h\(level)>\n"
            case .paragraph(let runs):
                html += "<p>\(inline(runs))</p>\n"
            case .bullets(let items):
                html += "<ul>\n" + items.map { "<li>\(inline($0))</li>\n" }.joined() + "</ul>\n"
            case .table(let header, let rows):
                let columns = max(header?.count ?? 0, rows.map(\.count).max() ?? 0)
                html += "<table>\n"
                if let header {
                    html += "<thead><tr>" + padded(header, to: columns).map { "<th>\(inline($0))</th>" }.joined() + "</tr></thead>\n"
                }
                html += "<tbody>\n"
                for row in rows {
                    html += "<tr>" + padded(row, to: columns).map { "<td>\(inline($0))</td>" }.joined() + "</tr>\n"
                }
                html += "</tbody>\n</table>\n"
            case .pageBreak:
                html += "<div class=\"page-break\"></div>\n"
            }
        }
        return html + "</main>\n</body>\n</html>\n"
    }

    static func title(of blocks: [DocumentMarkup.Block]) -> String {
        for case .heading(_, let runs) in blocks { return runs.plainText }
        return "Document"
    }

    static func padded(_ cells: [[DocumentMarkup.Run]], to count: Int) -> [[DocumentMarkup.Run]] {
        cells + Array(repeating: [], count: max(0, count - cells.count))
    }

    static func inline(_ runs: [DocumentMarkup.Run]) -> String {
        runs.map { run in
            var text = escape(run.text)
            if run.code { text = "<code>\(text)</code>" }
            return run.bold ? "<strong>\(text)</strong>" : text
        }.joined()
    }

    static func escape(_ text: String) -> String {
        // Most text has nothing to escape: hand it back untouched.
        if !text.utf8.contains(where: { $0 == UInt8(ascii: "&") || $0 == UInt8(ascii: "<") || $0 == UInt8(ascii: ">") || $0 == UInt8(ascii: "\"") || $0 == UInt8(ascii: "'") || ($0 < 0x20 && $0 != 0x09 && $0 != 0x0A && $0 != 0x0D) })
            && !text.unicodeScalars.contains(where: { !OfficeXML.isAllowed($0) })
        {
            return text
        }
        var out = ""
        out.reserveCapacity(text.utf8.count + 16)
        for scalar in text.unicodeScalars {
            switch scalar {
            case "&": out += "&amp;"
            case "<": out += "&lt;"
            case ">": out += "&gt;"
            case "\"": out += "&quot;"
            case "'": out += "&#39;"
            default:
                if OfficeXML.isAllowed(scalar) { out.unicodeScalars.append(scalar) }
            }
        }
        return out
    }

    static let stylesheet = """
        @page { size: A4; margin: 20mm 18mm 22mm; }
        html { font-family: "Noto Serif", "Noto Serif CJK JP", "Times New Roman", serif; font-size: 10.5pt; line-height: 1.5; color: #111; }
        body { margin: 0; }
        main { max-width: 174mm; margin: 0 auto; }
        h1 { font-size: 17pt; margin: 0 0 8pt; }
        h2 { font-size: 13pt; margin: 16pt 0 6pt; break-after: avoid; }
        h3 { font-size: 11pt; margin: 12pt 0 4pt; break-after: avoid; }
        p { margin: 0 0 6pt; orphans: 3; widows: 3; }
        ul { margin: 0 0 6pt 14pt; padding: 0; }
        table { border-collapse: collapse; width: 100%; margin: 4pt 0 10pt; font-size: 9.5pt; }
        thead { display: table-header-group; }
        tr { break-inside: avoid; }
        th, td { border: 0.6pt solid #555; padding: 3pt 5pt; text-align: left; vertical-align: top; }
        th { background: #eee; }
        code { font-family: "Noto Sans Mono", "Courier New", monospace; font-size: 9pt; }
        .page-break { break-after: page; }
        @media screen { main { padding: 16mm 0; } }

        """
}
