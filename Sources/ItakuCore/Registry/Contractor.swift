import Foundation

/// How the company relates to a contractor; a group company under joint use is not a third party.
public enum Relationship: String, Codable, Sendable, CaseIterable {
    case outsourcee
    case groupCompany = "group_company"
}

/// Where a contractor stands in its life with the company.
public enum ContractorStatus: String, Codable, Sendable, CaseIterable {
    case onboarding, active, suspended, terminated
}

/// A person to reach at the contractor.
public struct Contact: Codable, Sendable, Equatable {
    public var name: String
    public var email: String
    public var role: String?
    public var phone: String?

    public init(name: String, email: String, role: String? = nil, phone: String? = nil) {
        self.name = name
        self.email = email
        self.role = role
        self.phone = phone
    }
}

/// A certification the contractor holds, with its expiry.
public struct Certification: Codable, Sendable, Equatable {
    public var scheme: String
    public var validUntil: CalendarDay
    public var reference: String?

    public init(scheme: String, validUntil: CalendarDay, reference: String? = nil) {
        self.scheme = scheme
        self.validUntil = validUntil
        self.reference = reference
    }
}

/// The editable facts about a contractor organisation.
public struct ContractorProfile: Codable, Sendable, Equatable {
    public var legalName: String
    public var corporateNumber: String?
    public var country: String
    public var relationship: Relationship
    public var status: ContractorStatus
    public var contacts: [Contact]
    public var certifications: [Certification]

    public init(
        legalName: String, corporateNumber: String? = nil, country: String, relationship: Relationship,
        status: ContractorStatus = .onboarding, contacts: [Contact] = [], certifications: [Certification] = []
    ) {
        self.legalName = legalName
        self.corporateNumber = corporateNumber
        self.country = country
        self.relationship = relationship
        self.status = status
        self.contacts = contacts
        self.certifications = certifications
    }
}

/// An organisation personal data is entrusted to.
public struct Contractor: Codable, Sendable, Equatable, Identifiable {
    public var id: UUID
    public var profile: ContractorProfile
    /// Increases with every change; `If-Match` must name the current value.
    public var version: Int
    public var createdAt: Date
    public var updatedAt: Date

    public init(id: UUID, profile: ContractorProfile, version: Int, createdAt: Date, updatedAt: Date) {
        self.id = id
        self.profile = profile
        self.version = version
        self.createdAt = createdAt
        self.updatedAt = updatedAt
    }

    /// The name used for matching: case- and width-folded, punctuation and corporate designators
    /// (KK, Co., Ltd., 株式会社 …) dropped, so "ACME Co., Ltd." and "Acme KK" are the same organisation.
    public static func normalisedName(_ name: String) -> String {
        // Plain ASCII names (most of them) need no Unicode folding: lower-casing is all it does there,
        // and folding was a visible share of a portfolio scan, which normalises every registered name.
        name.utf8.allSatisfy { $0 < 0x80 } ? asciiNormalisedName(name) : joinedWithoutDesignators(foldedWords(name))
    }

    /// The words joined, less legal-form designators unless nothing else is left.
    static func joinedWithoutDesignators(_ words: [String]) -> String {
        let kept = words.filter { !legalFormDesignators.contains($0) }
        return (kept.isEmpty ? words : kept).joined()
    }

    /// `normalisedName` of a plain ASCII name, byte by byte: every scan normalises every
    /// registered name, and splitting into `String`s by `Character` showed in its profile.
    /// Must equal `joinedWithoutDesignators(foldedWords(name))` for every ASCII name.
    static func asciiNormalisedName(_ name: String) -> String {
        var kept: [UInt8] = []
        var all: [UInt8] = []
        var word: [UInt8] = []
        kept.reserveCapacity(name.utf8.count)
        func endWord() {
            guard !word.isEmpty else { return }
            all += word
            if !legalFormDesignatorBytes.contains(word) { kept += word }
            word.removeAll(keepingCapacity: true)
        }
        for byte in name.utf8 {
            switch byte {
            case UInt8(ascii: "A")...UInt8(ascii: "Z"): word.append(byte + 0x20)
            case UInt8(ascii: "a")...UInt8(ascii: "z"), UInt8(ascii: "0")...UInt8(ascii: "9"): word.append(byte)
            default: endWord()
            }
        }
        endWord()
        return String(decoding: kept.isEmpty ? all : kept, as: UTF8.self)
    }

    static func foldedWords(_ name: String) -> [String] {
        var folded = name.folding(options: [.caseInsensitive, .widthInsensitive, .diacriticInsensitive], locale: nil)
        for designator in ["株式会社", "有限会社", "合同会社", "合資会社", "合名会社", "(株)", "（株）", "㈱"] {
            folded = folded.replacingOccurrences(of: designator, with: " ")
        }
        return folded.split { !($0.isLetter || $0.isNumber) }.map(String.init)
    }

    private static let legalFormDesignators: Set<String> = [
        "kk", "k", "co", "ltd", "inc", "llc", "gmbh", "corp", "corporation", "company", "limited", "kabushiki", "kaisha",
        "kabushikikaisha", "kabushikigaisha", "plc", "sa", "ag", "bv", "pte",
    ]
    private static let legalFormDesignatorBytes = Set(legalFormDesignators.map { Array($0.utf8) })
}
