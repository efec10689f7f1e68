import Foundation

/// A client's promise that repeating a request means the same request: the first result is
/// returned again and nothing is created twice.
public struct IdempotencyKey: Sendable, Equatable {
    /// Whose key it is (keys of different callers never collide).
    public var scope: String
    public var key: String
    /// What the key was first used for: method and path.
    public var operation: String
    /// SHA-256 of the request body; the same key with another body is refused.
    public var requestHash: String

    /// Validates the header and fingerprints the request.
    public init(header: String, scope: String, operation: String, body: Data) throws(ItakuError) {
        let key = header.trimmingCharacters(in: .whitespaces)
        guard !key.isEmpty, key.count <= 255, key.unicodeScalars.allSatisfy({ $0.value >= 0x21 && $0.value <= 0x7E }) else {
            throw .invalid([FieldIssue("Idempotency-Key", "must be 1 to 255 visible ASCII characters")])
        }
        self.scope = scope
        self.key = key
        self.operation = operation
        self.requestHash = ContentHash.sha256(body)
    }
}

/// What is kept for a key: the fingerprint and the result to hand back on a repeat.
public struct IdempotencyRecord: Sendable, Equatable {
    public var scope: String
    public var key: String
    public var operation: String
    public var requestHash: String
    /// Canonical JSON of the result; nil while the first request is still being carried out.
    public var result: String?
    public var createdAt: Date

    public init(scope: String, key: String, operation: String, requestHash: String, result: String?, createdAt: Date) {
        self.scope = scope
        self.key = key
        self.operation = operation
        self.requestHash = requestHash
        self.result = result
        self.createdAt = createdAt
    }
}

/// Keys already used.
public protocol IdempotencyRepository: Sendable {
    func idempotencyRecord(scope: String, key: String) async throws -> IdempotencyRecord?
    /// Claims the key; a second claim of the same key fails (on PostgreSQL it waits for the first to end).
    func insert(_ record: IdempotencyRecord) async throws
    func complete(scope: String, key: String, result: String) async throws
}

/// The result of an idempotent write: the value, and whether it is a replay of an earlier request.
public struct Idempotent<Value: Sendable>: Sendable {
    public var value: Value
    public var isReplay: Bool
}

extension Store {
    /// Runs `work` once per idempotency key: the key is claimed in the same transaction as the
    /// work, so the result and the record of the key commit together or not at all. A repeat gets
    /// the first result back; a repeat racing the first waits for it, then gets its result.
    public func idempotentWrite<Value: Codable & Sendable>(
        _ key: IdempotencyKey?, at moment: Date, _ work: @escaping @Sendable (any StoreTransaction) async throws -> Value
    ) async throws -> Idempotent<Value> {
        guard let key else { return Idempotent(value: try await write(work), isReplay: false) }
        var attempt = 0
        while true {
            attempt += 1
            do {
                return try await write { tx in
                    if let existing = try await tx.idempotencyRecord(scope: key.scope, key: key.key) {
                        guard existing.requestHash == key.requestHash, existing.operation == key.operation else {
                            throw ItakuError.invalid([
                                FieldIssue("Idempotency-Key", "was already used for a different request; use a new key for a new request")
                            ])
                        }
                        guard let result = existing.result else {
                            throw ItakuError.conflict("the first request with this Idempotency-Key is still being carried out; retry shortly")
                        }
                        return Idempotent(value: try CanonicalJSON.decode(Value.self, from: result), isReplay: true)
                    }
                    try await tx.insert(
                        IdempotencyRecord(
                            scope: key.scope, key: key.key, operation: key.operation, requestHash: key.requestHash, result: nil,
                            createdAt: moment))
                    let value = try await work(tx)
                    try await tx.complete(scope: key.scope, key: key.key, result: CanonicalJSON.string(value))
                    return Idempotent(value: value, isReplay: false)
                }
            } catch ItakuError.conflict where attempt < 5 {
                // Lost a race for the key: the winner has committed by now, so look again.
                continue
            }
        }
    }
}
