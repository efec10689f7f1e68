import Foundation

/// The hand-written OpenAPI document this target is generated from, as shipped in the bundle.
public enum OpenAPIDocument {
    /// The YAML source of the document.
    public static func yaml() throws -> Data {
        guard let url = Bundle.module.url(forResource: "openapi", withExtension: "yaml") else {
            throw CocoaError(.fileNoSuchFile)
        }
        return try Data(contentsOf: url)
    }
}
