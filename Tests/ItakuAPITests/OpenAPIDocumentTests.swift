import Foundation
import ItakuAPI
import Testing
import Yams

@Suite("The OpenAPI document")
struct OpenAPIDocumentTests {
    let document: [String: Any]

    init() throws {
        let text = String(decoding: try OpenAPIDocument.yaml(), as: UTF8.self)
        document = try #require(try Yams.load(yaml: text) as? [String: Any])
    }

    var operations: [(method: String, path: String, operation: [String: Any])] {
        let paths = document["paths"] as? [String: [String: Any]] ?? [:]
        return paths.flatMap { path, item in
            item.compactMap { method, value in
                guard ["get", "post", "put", "patch", "delete"].contains(method), let operation = value as? [String: Any] else {
                    return nil
                }
                return (method, path, operation)
            }
        }
    }

    @Test("is OpenAPI 3.1 and every operation has a unique operationId")
    func operationIDs() {
        #expect(document["openapi"] as? String == "3.1.0")
        let ids = operations.compactMap { $0.operation["operationId"] as? String }
        #expect(ids.count == operations.count)
        #expect(Set(ids).count == ids.count)
    }

    @Test("every secured operation documents 401 or a default problem, and every write documents 422")
    func errorResponses() {
        for (method, path, operation) in operations {
            let responses = operation["responses"] as? [String: Any] ?? [:]
            #expect(responses["default"] != nil, "\(method) \(path) has no default response")
            let isPublic = (operation["security"] as? [Any])?.isEmpty == true
            if !isPublic && path.hasPrefix("/api/v1") {
                #expect(responses["401"] != nil || responses["default"] != nil, "\(method) \(path)")
            }
            if operation["requestBody"] != nil {
                #expect(responses["422"] != nil, "\(method) \(path) takes a body but does not document 422")
                #expect(responses["415"] != nil, "\(method) \(path) takes a body but does not document 415")
            }
        }
    }

    @Test("request bodies refuse unknown fields, so a typo is reported rather than ignored")
    func closedRequestSchemas() {
        let schemas = (document["components"] as? [String: Any])?["schemas"] as? [String: [String: Any]] ?? [:]
        for (_, _, operation) in operations {
            guard let body = operation["requestBody"] as? [String: Any],
                let content = body["content"] as? [String: Any],
                let json = content["application/json"] as? [String: Any],
                let schema = json["schema"] as? [String: Any],
                let reference = schema["$ref"] as? String
            else { continue }
            let name = String(reference.split(separator: "/").last ?? "")
            #expect(schemas[name]?["additionalProperties"] as? Bool == false, "\(name) accepts unknown fields")
        }
    }
}

extension OpenAPIDocumentTests {
    @Test("every operation declares who may call it")
    func accessIsDeclared() {
        let known: Set<String> = ["public", "any-token", "staff", "contractor-own", "contractor-only"]
        for (method, path, operation) in operations {
            let access = operation["x-itaku-access"] as? String
            #expect(access.map(known.contains) == true, "\(method) \(path) declares \(access ?? "nothing")")
        }
    }
}
