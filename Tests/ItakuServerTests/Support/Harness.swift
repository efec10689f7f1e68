import Foundation
import ItakuCore
import ItakuTestSupport
import Testing
import VaporTesting

@testable import ItakuServer

/// A running, migrated instance on a fresh database, with helpers to call it as each role would.
struct Harness {
    let app: Application
    /// Read once: tests run requests concurrently, and Application's storage is not for that.
    let services: ItakuServices

    init(app: Application) {
        self.app = app
        services = app.itaku
    }

    /// The repository's `Templates/`, wherever the tests run from.
    static let templatesPath = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .deletingLastPathComponent().deletingLastPathComponent().appendingPathComponent("Templates").path

    /// A token for a new staff user with `role`.
    func token(_ role: Role, username: String? = nil) async throws -> String {
        let name = username ?? "\(role.rawValue)-\(UUID().uuidString.prefix(8).lowercased())"
        _ = try await services.credentials.createUser(
            username: name, role: role, password: "correct horse battery", by: .system("test"))
        return try await services.credentials.issueToken(forUsername: name, label: nil, expiresInDays: nil, by: .system("test")).secret
    }

    /// A token for the contractor organisation `id`.
    func contractorToken(_ id: String) async throws -> String {
        try await services.credentials.issueToken(
            forContractor: UUID(uuidString: id)!, label: "test", expiresInDays: nil, by: .system("test")
        ).secret
    }

    @discardableResult
    func send(
        _ method: HTTPMethod, _ path: String, token: String? = nil, json: String? = nil,
        headers extra: [(String, String)] = [], sourceLocation: SourceLocation = #_sourceLocation
    ) async throws -> Reply {
        var headers = HTTPHeaders()
        if let token { headers.add(name: .authorization, value: "Bearer \(token)") }
        var body: ByteBuffer?
        if let json {
            headers.contentType = .json
            body = ByteBuffer(string: json)
            headers.add(name: .contentLength, value: String(json.utf8.count))
        }
        for (name, value) in extra { headers.replaceOrAdd(name: name, value: value) }
        let response = try await app.testing().sendRequest(method, path, headers: headers, body: body)
        let reply = Reply(response: response)
        #expect(reply.status.code < 500, "\(method) \(path) answered \(reply.status.code): \(reply.text)", sourceLocation: sourceLocation)
        return reply
    }

    /// Registers a contractor as procurement and returns its id.
    func registerContractor(
        _ token: String, name: String = "Acme Data Services", corporateNumber: String? = nil,
        relationship: String = "outsourcee", extra: String = ""
    ) async throws -> String {
        let number = corporateNumber.map { #", "corporateNumber": "\#($0)""# } ?? ""
        let reply = try await send(
            .POST, "/api/v1/contractors", token: token,
            json: #"{"legalName": "\#(name)", "country": "JP", "relationship": "\#(relationship)"\#(number)\#(extra)}"#)
        #expect(reply.status == .created, "\(reply.text)")
        return try #require(reply.json?.id?.string)
    }

    /// Entrusts a typical scope and returns its id.
    func entrust(_ token: String, to contractorID: String, json: String? = nil) async throws -> String {
        let reply = try await send(
            .POST, "/api/v1/contractors/\(contractorID)/entrustments", token: token, json: json ?? Fixtures.entrustment)
        #expect(reply.status == .created, "\(reply.text)")
        return try #require(reply.json?.id?.string)
    }
}

/// What came back: status, headers and the body as text and JSON.
struct Reply {
    let status: HTTPResponseStatus
    let headers: HTTPHeaders
    let text: String
    let json: JSON?
    /// The body exactly as sent, for binary content.
    let bytes: Data

    init(response: TestingHTTPResponse) {
        status = response.status
        headers = response.headers
        bytes = Data(response.body.readableBytesView)
        text = response.body.string
        json = try? JSONDecoder().decode(JSON.self, from: Data(text.utf8))
    }

    var isProblem: Bool { headers.contentType?.description.hasPrefix("application/problem+json") ?? false }
}

enum Fixtures {
    static let entrustment = """
        {"title": "Customer support desk", "purposes": ["customer_inquiries", "customer_support"],
         "subjectCategories": ["customers"], "dataItems": ["name", "email", "telephone"],
         "estimatedRecords": 12000, "locations": ["JP"], "retentionDays": 365,
         "startsOn": "2026-01-01", "endsOn": "2027-12-31"}
        """

    /// A valid corporate number with a computed check digit.
    static func corporateNumber(_ base: String = "012345678901") -> String {
        let digits = base.compactMap(\.wholeNumberValue)
        return String(CorporateNumber.checkDigit(forBase: digits)) + base
    }
}

/// Runs `body` against a fresh instance on SQLite or, under the test command's second pass, PostgreSQL.
func withHarness(configuring adjust: (inout Configuration) -> Void = { _ in }, _ body: (Harness) async throws -> Void) async throws {
    let database = try await TestDatabase.fresh()
    let location: Configuration.DatabaseLocation =
        switch database {
        case .sqlite: .sqliteMemory
        case .postgres(let url, _): .postgres(url)
        }
    let app = try await Application.make(.testing)
    do {
        var configuration = Configuration(
            database: location, logLevel: .warning, bcryptCost: 4, scanIntervalMinutes: 0, templatesPath: Harness.templatesPath,
            companyName: "Itaku Test Holdings KK")
        adjust(&configuration)
        try await configure(app, configuration)
        try await body(Harness(app: app))
    } catch {
        try? await app.asyncShutdown()
        try? await database.drop()
        throw error
    }
    try await app.asyncShutdown()
    try await database.drop()
}

extension Harness {
    /// Drafts a contract from the policy's terms with `changes` merged in, and returns the reply.
    func draftContract(
        _ token: String, for contractorID: String, entrustments: [String], obligations: String = "[]", omit: [String] = [],
        effectiveFrom: String = "2026-01-01", extra: String = ""
    ) async throws -> Reply {
        let omitted = omit.map { "\"\($0)\"" }.joined(separator: ", ")
        return try await send(
            .POST, "/api/v1/contractors/\(contractorID)/contracts", token: token,
            json: """
                {"reference": "OUT-2026-\(Int.random(in: 100...999))", "effectiveFrom": "\(effectiveFrom)",
                 "entrustmentIds": [\(entrustments.map { "\"\($0)\"" }.joined(separator: ", "))],
                 "startFromPolicy": true, "omitKinds": [\(omitted)], "obligations": \(obligations)\(extra)}
                """)
    }

    /// Issues and signs a contract; returns the signed contract's reply.
    @discardableResult
    func issueAndSign(_ token: String, contract: String) async throws -> Reply {
        let issued = try await send(.POST, "/api/v1/contracts/\(contract)/issue", token: token)
        #expect(issued.status == .ok, "\(issued.text)")
        let signed = try await send(
            .POST, "/api/v1/contracts/\(contract)/sign", token: token,
            json: #"{"signedOn": "2026-01-05", "signatories": [{"name": "Aiko Tanaka", "party": "company"}, {"name": "Ken Mori", "title": "CEO", "party": "contractor"}]}"#)
        #expect(signed.status == .ok, "\(signed.text)")
        return signed
    }
}
