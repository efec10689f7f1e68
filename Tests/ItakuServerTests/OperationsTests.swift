import Foundation
import ItakuAPI
import Testing
import VaporTesting

@testable import ItakuServer

@Suite("Operations: health, the served document and the route table")
struct OperationsTests {
    @Test("glibc accepts the cap on malloc arenas the service sets at start")
    func mallocArenas() {
        #if canImport(Glibc)
        if ProcessInfo.processInfo.environment["MALLOC_ARENA_MAX"] == nil {
            #expect(MallocArenas.limit())
        } else {
            #expect(!MallocArenas.limit(), "the environment decides")
        }
        #endif
    }

    @Test("glibc gives back memory the benchmark's seeding freed")
    func mallocTrim() {
        #if canImport(Glibc)
        // Many small blocks come from the heap, not from mappings of their own, so freeing them
        // leaves pages only a trim returns.
        var blocks: [[UInt8]] = (0..<100_000).map { [UInt8](repeating: UInt8($0 & 0xff), count: 512) }
        #expect(blocks.count == 100_000)
        blocks.removeAll()
        #expect(MallocArenas.trim())
        #endif
    }

    @Test("a throwaway database (:memory:) is a file in a directory of its own, removed at shutdown")
    func throwawayDatabaseRemoved() async throws {
        let throwaway = try ThrowawaySQLite()
        #expect(throwaway.directory.path.hasPrefix(FileManager.default.temporaryDirectory.path))
        #expect(FileManager.default.createFile(atPath: throwaway.path, contents: Data("SQLite format 3".utf8)))
        #expect(FileManager.default.createFile(atPath: throwaway.path + "-journal", contents: Data()))
        let app = try await Application.make(.testing)
        await throwaway.shutdownAsync(app)
        try await app.asyncShutdown()
        #expect(!FileManager.default.fileExists(atPath: throwaway.directory.path))
    }

    @Test("the scan benchmark reads its percentiles from the sorted samples: p50 at n/2, p99 at 99n/100")
    func benchmarkPercentiles() {
        let samples = (1...100).reversed().map { Duration.milliseconds($0) }
        #expect(BenchmarkScanCommand.percentiles(samples) == "p50 51.0 ms, p99 100.0 ms, max 100.0 ms")
        #expect(BenchmarkScanCommand.percentiles([.microseconds(2500)]) == "p50 2.5 ms, p99 2.5 ms, max 2.5 ms")
    }

    @Test("a benchmark reads stolen and total time from /proc/stat's aggregate cpu line, not a single CPU's")
    func machineTimeFromProcStat() {
        let stat = "cpu  100 5 20 800 10 0 5 60 7 0\ncpu0 50 2 10 400 5 0 2 30 0 0\nintr 1 2 3\n"
        let line = MachineTime.cpuLine(of: stat)
        #expect(line?.stolen == 60)
        #expect(line?.total == 1000)
        #expect(MachineTime.cpuLine(of: "cpu0 1 2 3 4 5 6 7 8\n") == nil)
        #expect(MachineTime.cpuLine(of: "cpu  1 2 3\n") == nil)
    }

    @Test("a benchmark's machine summary gives CPU per sample and the stolen share of the interval")
    func machineTimeSummary() {
        let start = MachineTime(processMilliseconds: 1000, stolen: 100, total: 10_000)
        let end = MachineTime(processMilliseconds: 1500, stolen: 150, total: 11_000)
        #expect(
            start.summary(until: end, per: "sample", count: 200)
                == "service CPU 2.50 ms per sample, 5.0 % of the machine's time stolen by the hypervisor")
        #expect(MachineTime.now() != nil)
    }

    @Test("healthz answers without a token; readyz checks the database")
    func healthAndReadiness() async throws {
        try await withHarness { harness in
            let health = try await harness.send(.GET, "/healthz")
            #expect(health.status == .ok)
            #expect(health.json?.status?.string == "ok")
            let ready = try await harness.send(.GET, "/readyz")
            #expect(ready.status == .ok)
            #expect(ready.json?.database?.string == "ok")
        }
    }

    @Test("the OpenAPI document is served as JSON and YAML")
    func documentIsServed() async throws {
        try await withHarness { harness in
            let json = try await harness.send(.GET, "/api/v1/openapi.json")
            #expect(json.status == .ok)
            #expect(json.json?.openapi?.string == "3.1.0")
            #expect(json.json?.paths?.keys.contains("/api/v1/contractors") == true)
            let yaml = try await harness.send(.GET, "/api/v1/openapi.yaml")
            #expect(yaml.status == .ok)
            #expect(yaml.text.hasPrefix("openapi: 3.1.0"))
            #expect(yaml.headers.contentType?.description.contains("yaml") == true)
        }
    }

    @Test("outside the web UI's pages (/ui), the server answers exactly the routes the document lists")
    func routesMatchTheDocument() async throws {
        try await withHarness { harness in
            let documented = try documentedOperations()
            let served = Set(
                harness.app.routes.all.map { route in
                    let path = route.path.map { component -> String in
                        if case .parameter(let name) = component { return "{\(name)}" }
                        return component.description
                    }
                    return "\(route.method.rawValue) /\(path.joined(separator: "/"))"
                }
                .filter { !$0.hasSuffix(" /") && !$0.contains(" /ui") })
            #expect(served.subtracting(documented).isEmpty, "served but not documented: \(served.subtracting(documented))")
            #expect(documented.subtracting(served).isEmpty, "documented but not served: \(documented.subtracting(served))")
            #expect(documented.count >= 19)
        }
    }

    @Test("every documented operation answers with a problem document, never 'no route', when called without a token")
    func everyDocumentedOperationIsAnswered() async throws {
        try await withHarness { harness in
            for operation in try documentedOperations() {
                let parts = operation.split(separator: " ", maxSplits: 1)
                let path = String(parts[1]).replacingOccurrences(of: "{id}", with: UUID().uuidString)
                    .replacingOccurrences(of: "{eid}", with: UUID().uuidString)
                    .replacingOccurrences(of: "{tokenId}", with: UUID().uuidString)
                    .replacingOccurrences(of: "{cid}", with: UUID().uuidString).replacingOccurrences(of: "{sid}", with: UUID().uuidString)
                    .replacingOccurrences(of: "{version}", with: "1")
                let reply = try await harness.send(HTTPMethod(rawValue: String(parts[0])), path, json: "{}")
                #expect(reply.json?.type?.string != "/problems/no-route", "\(operation) is not routed")
                if !["/healthz", "/readyz", "/metrics", "/api/v1/openapi.json", "/api/v1/openapi.yaml"].contains(path) {
                    #expect(reply.status == .unauthorized, "\(operation) answered \(reply.status)")
                }
            }
        }
    }

    @Test("an unknown path is 401 without a token and a 404 problem with one; every response carries the security headers")
    func unknownPathAndHeaders() async throws {
        try await withHarness { harness in
            #expect(try await harness.send(.GET, "/api/v1/nothing-here").status == .unauthorized)
            #expect(try await harness.send(.GET, "/nothing-here").status == .notFound)
            let reply = try await harness.send(.GET, "/api/v1/nothing-here", token: try await harness.token(.auditor))
            #expect(reply.status == .notFound)
            #expect(reply.isProblem)
            #expect(reply.json?.type?.string == "/problems/no-route")
            for name in ["X-Content-Type-Options", "X-Frame-Options", "Referrer-Policy", "Content-Security-Policy", "X-Request-ID"] {
                #expect(reply.headers.first(name: name) != nil, "missing \(name)")
            }
        }
    }

    /// `METHOD /path` for every operation in the served document.
    private func documentedOperations() throws -> Set<String> {
        let document = try #require(try JSONSerialization.jsonObject(with: OpenAPIDocument.json()) as? [String: Any])
        let paths = try #require(document["paths"] as? [String: [String: Any]])
        var operations: Set<String> = []
        for (path, item) in paths {
            for method in item.keys where ["get", "post", "put", "patch", "delete"].contains(method) {
                operations.insert("\(method.uppercased()) \(path)")
            }
        }
        return operations
    }
}
