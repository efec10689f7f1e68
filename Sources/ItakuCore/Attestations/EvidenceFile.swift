import Foundation

/// A file a contractor attached to an attestation; the bytes are stored alongside and never change.
public struct EvidenceFile: Codable, Sendable, Equatable, Identifiable {
    public var id: UUID
    public var attestationID: UUID
    public var contractorID: UUID
    public var filename: String
    public var contentType: String
    public var size: Int
    /// Hex SHA-256 of the bytes.
    public var sha256: String
    public var uploadedAt: Date
    public var uploadedBy: String

    public init(
        id: UUID, attestationID: UUID, contractorID: UUID, filename: String, contentType: String, size: Int, sha256: String,
        uploadedAt: Date, uploadedBy: String
    ) {
        self.id = id
        self.attestationID = attestationID
        self.contractorID = contractorID
        self.filename = filename
        self.contentType = contentType
        self.size = size
        self.sha256 = sha256
        self.uploadedAt = uploadedAt
        self.uploadedBy = uploadedBy
    }

    /// The largest file accepted.
    public static let maximumBytes = 10 << 20

    /// The types accepted, each with the leading bytes its files start with.
    public static let acceptedTypes: [(type: String, signature: [UInt8]?)] = [
        ("application/pdf", Array("%PDF-".utf8)),
        ("image/png", [0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A]),
        ("image/jpeg", [0xFF, 0xD8, 0xFF]),
        ("text/plain", nil),
    ]

    public static func sha256(of bytes: Data) -> String {
        ContentHash.sha256(bytes)
    }

    /// Checks the declared type against the bytes and cleans the file name; names every problem.
    public static func check(contentType: String, filename: String?, bytes: Data) throws(ItakuError) -> (type: String, filename: String) {
        var issues = IssueList()
        let type = contentType.split(separator: ";").first.map { $0.trimmingCharacters(in: .whitespaces).lowercased() } ?? ""
        if bytes.isEmpty { issues.add("body", "the file is empty") }
        if let accepted = acceptedTypes.first(where: { $0.type == type }) {
            if let signature = accepted.signature, !bytes.starts(with: signature) {
                issues.add("body", "the bytes are not a \(type) file")
            } else if accepted.signature == nil, String(data: bytes, encoding: .utf8) == nil {
                issues.add("body", "text/plain evidence must be UTF-8 text")
            }
        } else {
            issues.add("Content-Type", "'\(contentType)' is not accepted; send \(acceptedTypes.map(\.type).joined(separator: ", "))")
        }
        let name = (filename ?? "evidence").trimmingCharacters(in: .whitespacesAndNewlines)
        let safe = name.unicodeScalars.allSatisfy { !FieldRules.isHazardous($0) && $0 != "/" && $0 != "\\" && $0 != "\"" }
        if name.isEmpty || name.count > 200 || !safe || name.hasPrefix(".") {
            issues.add("filename", "must be 1 to 200 characters without slashes, quotes or control characters, not starting with '.'")
        }
        try issues.throwIfAny()
        return (type, name)
    }
}
