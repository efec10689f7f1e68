/// Hashes and checks staff passwords (bcrypt in the server; the core never sees the algorithm).
public protocol PasswordHasher: Sendable {
    func hash(_ password: String) async throws -> String
    func verify(_ password: String, against hash: String) async throws -> Bool
}
