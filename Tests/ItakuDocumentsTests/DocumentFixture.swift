import Foundation
import ItakuCore
import ZIPFoundation

@testable import ItakuDocuments

/// The shipped catalog, templates and renderer, loaded once for every documents test.
enum DocumentFixture {
    static let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
    static let catalog = try! Catalog.bundled()
    static let renderer = try! MustacheDocumentRenderer(catalog: catalog)
    static let templates = try! ShippedTemplates.load(from: root.appendingPathComponent("Templates/Contracts"))
    static let example = try! DocumentSnapshot.example(catalog: catalog)

    static func body(_ name: String) -> String {
        templates.first { $0.name == name }!.body
    }

    static func html(_ name: String, _ snapshot: DocumentSnapshot = example) throws -> String {
        String(decoding: try renderer.render(body(name), snapshot: snapshot, format: .html), as: UTF8.self)
    }

    /// The parts of a DOCX, by path.
    static func docxParts(_ data: Data) throws -> [String: Data] {
        let archive = try Archive(data: data, accessMode: .read)
        var parts: [String: Data] = [:]
        for entry in archive {
            var bytes = Data()
            _ = try archive.extract(entry) { bytes.append($0) }
            parts[entry.path] = bytes
        }
        return parts
    }

    static func docx(_ name: String, _ snapshot: DocumentSnapshot = example) throws -> [String: Data] {
        try docxParts(try renderer.render(body(name), snapshot: snapshot, format: .docx))
    }
}
