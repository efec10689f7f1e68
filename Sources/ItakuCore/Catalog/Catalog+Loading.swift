import Foundation
import Yams

extension Catalog {
    /// The catalog shipped with the product.
    public static func bundled() throws -> Catalog {
        try load(contentsOf: try bundledResource("catalog"))
    }

    /// Reads and validates a catalog file; every problem is named in the thrown `CatalogError`.
    public static func load(contentsOf url: URL) throws -> Catalog {
        let text: String
        do {
            text = try String(contentsOf: url, encoding: .utf8)
        } catch {
            throw CatalogError(problems: [CatalogProblem(path: url.lastPathComponent, message: "cannot be read")])
        }
        return try parse(text)
    }

    /// Decodes and validates catalog YAML.
    public static func parse(_ yaml: String) throws -> Catalog {
        let catalog: Catalog
        do {
            catalog = try YAMLDecoder().decode(Catalog.self, from: yaml)
        } catch {
            throw CatalogError(problems: [decodingProblem(error)])
        }
        try catalog.validate()
        return catalog
    }
}

/// Locates a YAML file shipped in the core's bundle.
func bundledResource(_ name: String) throws -> URL {
    guard let url = Bundle.module.url(forResource: name, withExtension: "yaml") else {
        throw CatalogError(problems: [CatalogProblem(path: "\(name).yaml", message: "is missing from the bundle")])
    }
    return url
}

/// Turns a decoding failure into a problem that names where in the file it happened.
func decodingProblem(_ error: any Error) -> CatalogProblem {
    func path(_ codingPath: [any CodingKey]) -> String {
        let text = codingPath.reduce(into: "") { text, key in
            if let index = key.intValue {
                text += "[\(index)]"
            } else {
                text += text.isEmpty ? key.stringValue : ".\(key.stringValue)"
            }
        }
        return text.isEmpty ? "(top level)" : text
    }
    switch error {
    case DecodingError.keyNotFound(let key, let context):
        return CatalogProblem(path: path(context.codingPath + [key]), message: "is required")
    case DecodingError.typeMismatch(let type, let context):
        return CatalogProblem(path: path(context.codingPath), message: "has the wrong type (expected \(type))")
    case DecodingError.valueNotFound(_, let context):
        return CatalogProblem(path: path(context.codingPath), message: "must not be empty")
    case DecodingError.dataCorrupted(let context):
        return CatalogProblem(path: path(context.codingPath), message: context.debugDescription)
    case let yamlError as YamlError:
        return CatalogProblem(path: "(syntax)", message: "is not valid YAML: \(yamlError)")
    default:
        return CatalogProblem(path: "(top level)", message: "\(error)")
    }
}
