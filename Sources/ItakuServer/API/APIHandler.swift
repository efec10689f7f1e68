import Foundation
import ItakuAPI
import ItakuCore
import OpenAPIRuntime

/// The one implementation of every operation in the OpenAPI document.
///
/// Each operation reads the caller, converts wire types to domain inputs, calls a core service
/// and converts the result back. Failures are thrown and turned into problem+json by
/// `ProblemMiddleware`, so every error looks the same whichever operation raised it.
struct APIHandler: APIProtocol {
    let services: ItakuServices
    /// The served document, converted once.
    let documentJSON: Data
    let documentYAML: Data
    /// The catalog in its wire form, converted once.
    let catalogBody: Components.Schemas.Catalog
    /// The migrations this build has that the database has not run.
    let pendingMigrations: @Sendable () async throws -> [String]

    init(services: ItakuServices, pendingMigrations: @escaping @Sendable () async throws -> [String] = { [] }) throws {
        self.services = services
        self.pendingMigrations = pendingMigrations
        documentYAML = try OpenAPIDocument.yaml()
        documentJSON = try OpenAPIDocument.json()
        catalogBody = try WireCoding.convert(services.catalog, to: Components.Schemas.Catalog.self)
    }

    /// The authenticated caller, or 401.
    func caller() throws -> Principal {
        guard let principal = RequestContext.principal else { throw ItakuError.unauthenticated }
        return principal
    }
}

/// Small conversions between wire strings and domain values.
enum WireCoding {
    /// Re-decodes a domain value as its wire twin when both share field names.
    static func convert<From: Encodable, To: Decodable>(_ value: From, to type: To.Type) throws -> To {
        let encoder = JSONEncoder()
        encoder.dateEncodingStrategy = .iso8601
        let decoder = JSONDecoder()
        decoder.dateDecodingStrategy = .iso8601
        return try decoder.decode(To.self, from: encoder.encode(value))
    }

    /// A path id; anything that is not a UUID cannot name an object, so it is simply not found.
    static func id(_ text: String, _ what: String) throws -> UUID {
        guard let id = UUID(uuidString: text) else { throw ItakuError.notFound("\(what) \(text) not found") }
        return id
    }

    /// The version an `If-Match` names: `3`, `"3"` or `W/"3"`; nil when there is no header. A value
    /// that names no version can never be current, so it becomes -1 and fails as stale.
    static func version(ifMatch header: String?) -> Int? {
        guard let header else { return nil }
        var text = header.trimmingCharacters(in: .whitespaces)
        if text.hasPrefix("W/") { text.removeFirst(2) }
        text = text.trimmingCharacters(in: CharacterSet(charactersIn: "\""))
        return Int(text) ?? -1
    }

    static func etag(_ version: Int) -> String { "\"\(version)\"" }

    static func page(limit: Int?, cursor: String?) throws -> PageRequest {
        try PageRequest.parse(limit: limit, cursor: cursor)
    }
}
