import Foundation
import ZIPFoundation

/// Writes a document as DOCX: the minimal set of Office Open XML parts Word and LibreOffice both
/// open — document, styles, bullet numbering, package relationships and properties.
enum WordDocument {
    /// A4 in twentieths of a point, with 20 mm margins.
    static let pageWidth = 11906
    static let pageHeight = 16838
    static let margin = 1134
    static var textWidth: Int { pageWidth - 2 * margin }

    /// The parts, in the order they are zipped (`[Content_Types].xml` first, as Word expects).
    static func parts(_ blocks: [DocumentMarkup.Block], title: String, created: String) -> [(path: String, xml: String)] {
        [
            ("[Content_Types].xml", contentTypes),
            ("_rels/.rels", packageRelationships),
            ("docProps/core.xml", coreProperties(title: title, created: created)),
            ("docProps/app.xml", appProperties),
            ("word/_rels/document.xml.rels", documentRelationships),
            ("word/document.xml", document(blocks)),
            ("word/styles.xml", styles),
            ("word/numbering.xml", numbering),
        ]
    }

    /// The zipped package; every part is checked well-formed first. `created` (YYYY-MM-DD) also
    /// dates the archive entries, so the same input always gives the same parts.
    static func write(_ blocks: [DocumentMarkup.Block], title: String, created: String) throws -> Data {
        let parts = parts(blocks, title: title, created: created)
        let entryDate = ISO8601DateFormatter().date(from: created + "T12:00:00Z") ?? Date(timeIntervalSince1970: 0)
        let archive: Archive
        do {
            archive = try Archive(data: Data(), accessMode: .create)
        } catch {
            throw DocumentRenderError.archive("\(error)")
        }
        for (path, xml) in parts {
            let data = Data(xml.utf8)
            try OfficeXML.checkWellFormed(data, part: path)
            do {
                try archive.addEntry(
                    with: path, type: .file, uncompressedSize: Int64(data.count), modificationDate: entryDate,
                    compressionMethod: .deflate
                ) { position, size in
                    data.subdata(in: Int(position)..<Int(position) + size)
                }
            } catch {
                throw DocumentRenderError.archive("\(path): \(error)")
            }
        }
        guard let bytes = archive.data else { throw DocumentRenderError.archive("the in-memory archive has no data") }
        return bytes
    }

    // MARK: The document part

    static func document(_ blocks: [DocumentMarkup.Block]) -> String {
        var body = ""
        for block in blocks {
            switch block {
            case .heading(let level, let runs):
                body += paragraph(runs, style: "Heading\(level)")
            case .paragraph(let runs):
                body += paragraph(runs, style: nil)
            case .bullets(let items):
                for item in items { body += paragraph(item, style: "ListBullet") }
            case .table(let header, let rows):
                body += table(header: header, rows: rows)
            case .pageBreak:
                body += "<w:p><w:r><w:br w:type=\"page\"/></w:r></w:p>"
            }
        }
        return """
            <?xml version="1.0" encoding="UTF-8" standalone="yes"?>
            <w:document xmlns:w="\(wordNamespace)" xmlns:r="\(relationshipNamespace)"><w:body>\(body)\
            <w:sectPr><w:pgSz w:w="\(pageWidth)" w:h="\(pageHeight)"/>\
            <w:pgMar w:top="\(margin)" w:right="\(margin)" w:bottom="\(margin)" w:left="\(margin)" w:header="709" w:footer="709" w:gutter="0"/>\
            </w:sectPr></w:body></w:document>
            """
    }

    static func paragraph(_ runs: [DocumentMarkup.Run], style: String?) -> String {
        let properties = style.map { "<w:pPr><w:pStyle w:val=\"\($0)\"/></w:pPr>" } ?? ""
        return "<w:p>\(properties)\(runs.map(run).joined())</w:p>"
    }

    static func run(_ run: DocumentMarkup.Run) -> String {
        // Schema order inside rPr: fonts, bold, size.
        let fonts = run.code ? "<w:rFonts w:ascii=\"Courier New\" w:hAnsi=\"Courier New\" w:cs=\"Courier New\"/>" : ""
        let size = run.code ? "<w:sz w:val=\"18\"/>" : ""
        let properties = run.bold || run.code ? "<w:rPr>\(fonts)\(run.bold ? "<w:b/>" : "")\(size)</w:rPr>" : ""
        return "<w:r>\(properties)<w:t xml:space=\"preserve\">\(OfficeXML.escape(run.text))</w:t></w:r>"
    }

    static func table(header: [[DocumentMarkup.Run]]?, rows: [[[DocumentMarkup.Run]]]) -> String {
        let all = (header.map { [$0] } ?? []) + rows
        let columns = max(1, all.map(\.count).max() ?? 1)
        let widths = columnWidths(all, columns: columns)
        var xml = "<w:tbl><w:tblPr><w:tblStyle w:val=\"ScheduleTable\"/><w:tblW w:w=\"\(textWidth)\" w:type=\"dxa\"/>"
        xml += "<w:tblLayout w:type=\"fixed\"/><w:tblLook w:val=\"04A0\" w:firstRow=\"1\" w:lastRow=\"0\" w:firstColumn=\"0\" "
        xml += "w:lastColumn=\"0\" w:noHBand=\"1\" w:noVBand=\"1\"/></w:tblPr><w:tblGrid>"
        xml += widths.map { "<w:gridCol w:w=\"\($0)\"/>" }.joined() + "</w:tblGrid>"
        func row(_ cells: [[DocumentMarkup.Run]], isHeader: Bool) -> String {
            var out = "<w:tr>" + (isHeader ? "<w:trPr><w:cantSplit/><w:tblHeader/></w:trPr>" : "<w:trPr><w:cantSplit/></w:trPr>")
            for column in 0..<columns {
                let runs = column < cells.count ? cells[column] : []
                let shown = isHeader ? runs.map { DocumentMarkup.Run(text: $0.text, bold: true, code: $0.code) } : runs
                out += "<w:tc><w:tcPr><w:tcW w:w=\"\(widths[column])\" w:type=\"dxa\"/></w:tcPr>"
                out += paragraph(shown, style: "TableText") + "</w:tc>"
            }
            return out + "</w:tr>"
        }
        if let header { xml += row(header, isHeader: true) }
        for cells in rows { xml += row(cells, isHeader: false) }
        // Word needs a paragraph between two tables and after the last one.
        return xml + "</w:tbl><w:p/>"
    }

    /// Column widths: each column first gets room for its longest word (so "Clause" or a
    /// number never breaks mid-word), then the rest of the page is shared by how much text each
    /// column holds, so long descriptions get the width.
    static func columnWidths(_ rows: [[[DocumentMarkup.Run]]], columns: Int) -> [Int] {
        let twipsPerCharacter = 105.0  // an average glyph at the table's 9.5 pt
        let padding = 240.0  // the cell margins on both sides
        var minimum = Array(repeating: padding + 3 * twipsPerCharacter, count: columns)
        var text = Array(repeating: 1.0, count: columns)
        for row in rows {
            for (column, cell) in row.enumerated() where column < columns {
                let plain = cell.plainText
                let longestWord = plain.split(whereSeparator: \.isWhitespace).map(\.count).max() ?? 0
                minimum[column] = max(minimum[column], padding + Double(min(longestWord, 24)) * twipsPerCharacter)
                text[column] += Double(min(plain.count, 600))
            }
        }
        let width = Double(textWidth)
        let floor = minimum.reduce(0, +)
        var widths: [Double]
        if floor >= width {
            widths = minimum.map { $0 * width / floor }
        } else {
            let spare = width - floor
            let total = text.reduce(0, +)
            widths = zip(minimum, text).map { $0 + spare * $1 / total }
        }
        var rounded = widths.map { Int($0) }
        rounded[rounded.count - 1] += textWidth - rounded.reduce(0, +)
        return rounded
    }

    // MARK: Package parts

    static let wordNamespace = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
    static let relationshipNamespace = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
    static let xmlHeader = "<?xml version=\"1.0\" encoding=\"UTF-8\" standalone=\"yes\"?>\n"

    static let contentTypes = xmlHeader + """
        <Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">\
        <Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/>\
        <Default Extension="xml" ContentType="application/xml"/>\
        <Override PartName="/word/document.xml" ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml"/>\
        <Override PartName="/word/styles.xml" ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.styles+xml"/>\
        <Override PartName="/word/numbering.xml" ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.numbering+xml"/>\
        <Override PartName="/docProps/core.xml" ContentType="application/vnd.openxmlformats-package.core-properties+xml"/>\
        <Override PartName="/docProps/app.xml" ContentType="application/vnd.openxmlformats-officedocument.extended-properties+xml"/>\
        </Types>
        """

    static let packageRelationships = xmlHeader + """
        <Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">\
        <Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" Target="word/document.xml"/>\
        <Relationship Id="rId2" Type="http://schemas.openxmlformats.org/package/2006/relationships/metadata/core-properties" Target="docProps/core.xml"/>\
        <Relationship Id="rId3" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/extended-properties" Target="docProps/app.xml"/>\
        </Relationships>
        """

    static let documentRelationships = xmlHeader + """
        <Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">\
        <Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/styles" Target="styles.xml"/>\
        <Relationship Id="rId2" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/numbering" Target="numbering.xml"/>\
        </Relationships>
        """

    static func coreProperties(title: String, created: String) -> String {
        xmlHeader + """
            <cp:coreProperties xmlns:cp="http://schemas.openxmlformats.org/package/2006/metadata/core-properties" \
            xmlns:dc="http://purl.org/dc/elements/1.1/" xmlns:dcterms="http://purl.org/dc/terms/" \
            xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance">\
            <dc:title>\(OfficeXML.escape(title))</dc:title><dc:creator>Itaku</dc:creator>\
            <dcterms:created xsi:type="dcterms:W3CDTF">\(OfficeXML.escape(created))T00:00:00Z</dcterms:created>\
            </cp:coreProperties>
            """
    }

    static let appProperties = xmlHeader + """
        <Properties xmlns="http://schemas.openxmlformats.org/officeDocument/2006/extended-properties">\
        <Application>Itaku</Application></Properties>
        """

    static let numbering = xmlHeader + """
        <w:numbering xmlns:w="\(wordNamespace)">\
        <w:abstractNum w:abstractNumId="0"><w:multiLevelType w:val="singleLevel"/>\
        <w:lvl w:ilvl="0"><w:start w:val="1"/><w:numFmt w:val="bullet"/><w:lvlText w:val="•"/><w:lvlJc w:val="left"/>\
        <w:pPr><w:ind w:left="360" w:hanging="360"/></w:pPr></w:lvl></w:abstractNum>\
        <w:num w:numId="1"><w:abstractNumId w:val="0"/></w:num></w:numbering>
        """

    static let styles = xmlHeader + """
        <w:styles xmlns:w="\(wordNamespace)">\
        <w:docDefaults><w:rPrDefault><w:rPr>\
        <w:rFonts w:ascii="Times New Roman" w:hAnsi="Times New Roman" w:eastAsia="MS Mincho" w:cs="Times New Roman"/>\
        <w:sz w:val="21"/><w:szCs w:val="21"/><w:lang w:val="en-GB" w:eastAsia="ja-JP"/></w:rPr></w:rPrDefault>\
        <w:pPrDefault><w:pPr><w:spacing w:after="120" w:line="264" w:lineRule="auto"/></w:pPr></w:pPrDefault></w:docDefaults>\
        <w:style w:type="paragraph" w:default="1" w:styleId="Normal"><w:name w:val="Normal"/><w:qFormat/></w:style>\
        <w:style w:type="paragraph" w:styleId="Heading1"><w:name w:val="heading 1"/><w:basedOn w:val="Normal"/>\
        <w:next w:val="Normal"/><w:qFormat/><w:pPr><w:keepNext/><w:spacing w:before="0" w:after="200"/><w:outlineLvl w:val="0"/></w:pPr>\
        <w:rPr><w:b/><w:sz w:val="34"/><w:szCs w:val="34"/></w:rPr></w:style>\
        <w:style w:type="paragraph" w:styleId="Heading2"><w:name w:val="heading 2"/><w:basedOn w:val="Normal"/>\
        <w:next w:val="Normal"/><w:qFormat/><w:pPr><w:keepNext/><w:spacing w:before="320" w:after="120"/><w:outlineLvl w:val="1"/></w:pPr>\
        <w:rPr><w:b/><w:sz w:val="26"/><w:szCs w:val="26"/></w:rPr></w:style>\
        <w:style w:type="paragraph" w:styleId="Heading3"><w:name w:val="heading 3"/><w:basedOn w:val="Normal"/>\
        <w:next w:val="Normal"/><w:qFormat/><w:pPr><w:keepNext/><w:spacing w:before="240" w:after="80"/><w:outlineLvl w:val="2"/></w:pPr>\
        <w:rPr><w:b/><w:sz w:val="22"/><w:szCs w:val="22"/></w:rPr></w:style>\
        <w:style w:type="paragraph" w:styleId="ListBullet"><w:name w:val="List Bullet"/><w:basedOn w:val="Normal"/>\
        <w:pPr><w:numPr><w:ilvl w:val="0"/><w:numId w:val="1"/></w:numPr><w:spacing w:after="60"/><w:ind w:left="360" w:hanging="360"/></w:pPr></w:style>\
        <w:style w:type="paragraph" w:styleId="TableText"><w:name w:val="Table Text"/><w:basedOn w:val="Normal"/>\
        <w:pPr><w:spacing w:before="20" w:after="20" w:line="240" w:lineRule="auto"/></w:pPr><w:rPr><w:sz w:val="19"/><w:szCs w:val="19"/></w:rPr></w:style>\
        <w:style w:type="table" w:default="1" w:styleId="TableNormal"><w:name w:val="Normal Table"/>\
        <w:tblPr><w:tblInd w:w="0" w:type="dxa"/><w:tblCellMar><w:top w:w="0" w:type="dxa"/><w:left w:w="108" w:type="dxa"/>\
        <w:bottom w:w="0" w:type="dxa"/><w:right w:w="108" w:type="dxa"/></w:tblCellMar></w:tblPr></w:style>\
        <w:style w:type="table" w:styleId="ScheduleTable"><w:name w:val="Schedule Table"/><w:basedOn w:val="TableNormal"/>\
        <w:tblPr><w:tblBorders><w:top w:val="single" w:sz="4" w:space="0" w:color="555555"/>\
        <w:left w:val="single" w:sz="4" w:space="0" w:color="555555"/><w:bottom w:val="single" w:sz="4" w:space="0" w:color="555555"/>\
        <w:right w:val="single" w:sz="4" w:space="0" w:color="555555"/><w:insideH w:val="single" w:sz="4" w:space="0" w:color="555555"/>\
        <w:insideV w:val="single" w:sz="4" w:space="0" w:color="555555"/></w:tblBorders></w:tblPr></w:style>\
        </w:styles>
        """
}
