import Foundation

/// An API bearer token as stored: only the SHA-256 of the secret is kept.
public struct AccessToken: Codable, Sendable, Equatable, Identifiable {
    public enum Owner: Codable, Sendable, Equatable {
        case user(UUID)
        case contractor(UUID)
    }

    public var id: UUID
    public var owner: Owner
    public var label: String?
    /// Hex SHA-256 of the secret.
    public var secretHash: String
    public var createdAt: Date
    public var expiresAt: Date?
    public var revokedAt: Date?
    public var createdBy: String

    public init(
        id: UUID, owner: Owner, label: String?, secretHash: String, createdAt: Date, expiresAt: Date?,
        revokedAt: Date? = nil, createdBy: String
    ) {
        self.id = id
        self.owner = owner
        self.label = label
        self.secretHash = secretHash
        self.createdAt = createdAt
        self.expiresAt = expiresAt
        self.revokedAt = revokedAt
        self.createdBy = createdBy
    }

    /// Whether the token may be used at `now`.
    public func isUsable(at now: Date) -> Bool {
        Self.isUsable(revokedAt: revokedAt, expiresAt: expiresAt, at: now)
    }

    /// Unrevoked and not yet expired: the one test, wherever a token is looked at.
    static func isUsable(revokedAt: Date?, expiresAt: Date?, at now: Date) -> Bool {
        revokedAt == nil && (expiresAt.map { now < $0 } ?? true)
    }

    /// The prefix every secret starts with, so leaked tokens are easy to recognise and scan for.
    public static let secretPrefix = "itk_"

    /// A fresh secret: 256 random bits, base64url, with the recognisable prefix.
    public static func generateSecret() -> String {
        var generator = SystemRandomNumberGenerator()
        let bytes = (0..<32).map { _ in UInt8.random(in: .min ... .max, using: &generator) }
        let base64 = Data(bytes).base64EncodedString()
            .replacingOccurrences(of: "+", with: "-").replacingOccurrences(of: "/", with: "_")
            .replacingOccurrences(of: "=", with: "")
        return secretPrefix + base64
    }

    /// The stored form of a secret.
    public static func hash(secret: String) -> String {
        ContentHash.sha256(secret)
    }
}

/// A staff account for the web UI and the API.
public struct User: Codable, Sendable, Equatable, Identifiable {
    public var id: UUID
    public var username: String
    public var role: Role
    /// bcrypt hash; never leaves the persistence layer in a response.
    public var passwordHash: String
    public var isDisabled: Bool
    public var createdAt: Date

    public init(id: UUID, username: String, role: Role, passwordHash: String, isDisabled: Bool = false, createdAt: Date) {
        self.id = id
        self.username = username
        self.role = role
        self.passwordHash = passwordHash
        self.isDisabled = isDisabled
        self.createdAt = createdAt
    }

    /// Why a username cannot be used, or nil when it can.
    public static func usernameProblem(_ name: String) -> String? {
        let allowed = name.allSatisfy { $0.isASCII && ($0.isLetter || $0.isNumber || "._-".contains($0)) }
        if name.isEmpty || name.count > 64 || !allowed {
            return "must be 1 to 64 letters, digits, '.', '_' or '-'"
        }
        return nil
    }
}
