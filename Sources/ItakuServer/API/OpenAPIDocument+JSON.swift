import Foundation
import ItakuAPI
import Yams

extension OpenAPIDocument {
    /// The document as JSON, converted from the YAML source.
    static func json() throws -> Data {
        let text = String(decoding: try yaml(), as: UTF8.self)
        guard let tree = try Yams.load(yaml: text) else { throw CocoaError(.fileReadCorruptFile) }
        return try JSONSerialization.data(withJSONObject: tree, options: [.sortedKeys])
    }
}
