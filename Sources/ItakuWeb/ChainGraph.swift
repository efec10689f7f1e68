import Foundation
import ItakuCore

/// The sub-contracting chain drawn as an SVG tree: the contractor on the left, each tier to the
/// right, every edge labelled with its verdict in words and marked by colour and line style.
public struct ChainGraph: Sendable, Equatable {
    /// One sub-contractor box and the edge leading to it.
    public struct Edge: Sendable, Equatable {
        public var id: UUID
        public var parentID: UUID?
        public var level: Int
        public var name: String
        public var verdict: Verdict
    }

    /// What the edge's checks concluded.
    public enum Verdict: String, Sendable {
        case sound, unsound, requested, ended

        var label: String {
            switch self {
            case .sound: "equivalent"
            case .unsound: "falls short"
            case .requested: "awaiting approval"
            case .ended: "ended"
            }
        }
    }

    public var rootName: String
    public var edges: [Edge]

    public init(rootName: String, edges: [Edge]) {
        self.rootName = rootName
        self.edges = edges
    }

    /// From the tree the sub-contracting desk returns and the names of the contractors in it.
    public init(rootName: String, tree: [SubcontractingDesk.TreeEntry], names: [UUID: String]) {
        self.rootName = rootName
        edges = tree.map { entry in
            let edge = entry.subcontracting
            let verdict: Verdict =
                switch edge.status {
                case .requested: .requested
                case .approved: entry.report?.isSound == false ? .unsound : .sound
                default: .ended
                }
            return Edge(
                id: edge.id, parentID: edge.parentSubcontractingID, level: entry.level,
                name: names[edge.childContractorID] ?? WebFormat.lowercased(edge.childContractorID), verdict: verdict)
        }
    }

    static let boxWidth = 200
    static let boxHeight = 40
    static let columnGap = 90
    static let rowGap = 16

    /// The drawing, sized to its content; nil when nothing is sub-contracted.
    public var svg: String? {
        guard !edges.isEmpty else { return nil }
        let column = Self.boxWidth + Self.columnGap
        let row = Self.boxHeight + Self.rowGap
        let maxLevel = edges.map(\.level).max() ?? 1
        let width = column * maxLevel + Self.boxWidth + 2
        let height = max(1, edges.count) * row + 2
        // Depth-first order gives each edge its own row; the root sits on the first.
        var rows: [UUID: Int] = [:]
        for (index, edge) in edges.enumerated() { rows[edge.id] = index }
        var svg = """
            <svg xmlns="http://www.w3.org/2000/svg" class="chain" role="img" viewBox="0 0 \(width) \(height)" \
            width="\(width)" height="\(height)" aria-labelledby="chain-title"><title id="chain-title">Sub-contracting chain \
            of \(Self.escape(rootName))</title>
            """
        svg += box(x: 1, y: 1, text: rootName, verdictClass: "root")
        for (index, edge) in edges.enumerated() {
            let parentRow = edge.parentID.flatMap { rows[$0] } ?? 0
            let x1 = (edge.level - 1) * column + Self.boxWidth + 1
            let y1 = parentRow * row + Self.boxHeight / 2 + 1
            let x2 = edge.level * column + 1
            let y2 = index * row + Self.boxHeight / 2 + 1
            svg += """
                <g class="edge \(edge.verdict.rawValue)"><path d="M\(x1) \(y1) C\(x1 + 45) \(y1) \(x2 - 45) \(y2) \(x2) \(y2)"/>\
                <text x="\(x2 - 6)" y="\(y2 - 6)" text-anchor="end">\(edge.verdict.label)</text></g>
                """
            svg += box(x: x2, y: index * row + 1, text: edge.name, verdictClass: edge.verdict.rawValue)
        }
        return svg + "</svg>"
    }

    private func box(x: Int, y: Int, text: String, verdictClass: String) -> String {
        let shown = text.count > 26 ? String(text.prefix(25)) + "…" : text
        return """
            <g class="node \(verdictClass)"><rect x="\(x)" y="\(y)" width="\(Self.boxWidth)" height="\(Self.boxHeight)" rx="4"/>\
            <text x="\(x + 8)" y="\(y + 25)">\(Self.escape(shown))</text></g>
            """
    }

    static func escape(_ text: String) -> String {
        var escaped = ""
        for character in text {
            switch character {
            case "&": escaped += "&amp;"
            case "<": escaped += "&lt;"
            case ">": escaped += "&gt;"
            case "\"": escaped += "&quot;"
            case "'": escaped += "&#39;"
            default: escaped.append(character)
            }
        }
        return escaped
    }
}
