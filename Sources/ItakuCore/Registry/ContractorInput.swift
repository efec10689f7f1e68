/// A contractor registration or change as it arrives: every field raw and optional.
///
/// For a registration, missing required fields are reported; for a change, a missing field
/// keeps its current value and an empty `corporateNumber` clears it.
public struct ContractorInput: Sendable, Equatable {
    public var legalName: String?
    public var corporateNumber: String?
    public var country: String?
    public var relationship: String?
    public var status: String?
    public var contacts: [ContactInput]?
    public var certifications: [CertificationInput]?

    public init(
        legalName: String? = nil, corporateNumber: String? = nil, country: String? = nil, relationship: String? = nil,
        status: String? = nil, contacts: [ContactInput]? = nil, certifications: [CertificationInput]? = nil
    ) {
        self.legalName = legalName
        self.corporateNumber = corporateNumber
        self.country = country
        self.relationship = relationship
        self.status = status
        self.contacts = contacts
        self.certifications = certifications
    }

    public static let maxListLength = 50

    /// Validates a registration; throws `.invalid` naming every bad field.
    public func validatedProfile(catalog: Catalog) throws(ItakuError) -> ContractorProfile {
        try resolve(over: nil, catalog: catalog)
    }

    /// Applies this change to `profile`; throws `.invalid` naming every bad field.
    public func applied(to profile: ContractorProfile, catalog: Catalog) throws(ItakuError) -> ContractorProfile {
        try resolve(over: profile, catalog: catalog)
    }

    private func resolve(over base: ContractorProfile?, catalog: Catalog) throws(ItakuError) -> ContractorProfile {
        var issues = IssueList()
        let creating = base == nil

        let legalName = FieldRules.text(legalName, "legalName", required: creating || legalName != nil, maxLength: 300, into: &issues)

        var corporateNumber = base?.corporateNumber
        if let raw = self.corporateNumber {
            let trimmed = raw.trimmingCharacters(in: .whitespaces)
            if trimmed.isEmpty {
                corporateNumber = nil
            } else if let problem = CorporateNumber.problem(trimmed) {
                issues.add("corporateNumber", problem)
            } else {
                corporateNumber = trimmed
            }
        }

        var country = base?.country
        if let raw = self.country {
            country = FieldRules.country(raw, "country", into: &issues)
        } else if creating {
            issues.add("country", "is required")
        }

        var relationship = base?.relationship
        if let raw = self.relationship {
            relationship = FieldRules.choice(raw, "relationship", into: &issues)
        } else if creating {
            issues.add("relationship", "is required")
        }

        var status = base?.status ?? .onboarding
        if let raw = self.status, let parsed: ContractorStatus = FieldRules.choice(raw, "status", into: &issues) {
            status = parsed
        }

        var contacts = base?.contacts ?? []
        if let inputs = self.contacts {
            if inputs.count > Self.maxListLength { issues.add("contacts", "must list at most \(Self.maxListLength) contacts") }
            contacts = inputs.enumerated().compactMap { index, input in input.validated("contacts[\(index)]", into: &issues) }
        }

        var certifications = base?.certifications ?? []
        if let inputs = self.certifications {
            if inputs.count > Self.maxListLength {
                issues.add("certifications", "must list at most \(Self.maxListLength) certifications")
            }
            certifications = inputs.enumerated().compactMap { index, input in
                input.validated("certifications[\(index)]", catalog: catalog, into: &issues)
            }
        }

        try issues.throwIfAny()
        return ContractorProfile(
            legalName: legalName ?? base!.legalName, corporateNumber: corporateNumber, country: country!,
            relationship: relationship!, status: status, contacts: contacts, certifications: certifications)
    }
}

/// A contact as it arrives.
public struct ContactInput: Sendable, Equatable {
    public var name: String?
    public var email: String?
    public var role: String?
    public var phone: String?

    public init(name: String? = nil, email: String? = nil, role: String? = nil, phone: String? = nil) {
        self.name = name
        self.email = email
        self.role = role
        self.phone = phone
    }

    func validated(_ field: String, into issues: inout IssueList) -> Contact? {
        let name = FieldRules.text(name, "\(field).name", required: true, maxLength: 200, into: &issues)
        let email = FieldRules.email(email, "\(field).email", into: &issues)
        let role = FieldRules.text(role, "\(field).role", required: false, maxLength: 100, into: &issues)
        let phone = FieldRules.text(phone, "\(field).phone", required: false, maxLength: 40, into: &issues)
        if let phone, !phone.allSatisfy({ $0.isNumber || "+-() .".contains($0) }) {
            issues.add("\(field).phone", "may contain only digits, spaces and + - ( ) .")
        }
        guard let name, let email else { return nil }
        return Contact(name: name, email: email, role: role, phone: phone)
    }
}

/// A certification as it arrives.
public struct CertificationInput: Sendable, Equatable {
    public var scheme: String?
    public var validUntil: String?
    public var reference: String?

    public init(scheme: String? = nil, validUntil: String? = nil, reference: String? = nil) {
        self.scheme = scheme
        self.validUntil = validUntil
        self.reference = reference
    }

    func validated(_ field: String, catalog: Catalog, into issues: inout IssueList) -> Certification? {
        var scheme: String?
        if let raw = self.scheme {
            if catalog.hasCertificationScheme(raw) {
                scheme = raw
            } else {
                let known = catalog.certificationSchemes.map(\.code).joined(separator: ", ")
                issues.add("\(field).scheme", "'\(raw)' is not one of \(known)")
            }
        } else {
            issues.add("\(field).scheme", "is required")
        }
        var validUntil: CalendarDay?
        if let raw = self.validUntil {
            validUntil = FieldRules.day(raw, "\(field).validUntil", into: &issues)
        } else {
            issues.add("\(field).validUntil", "is required")
        }
        let reference = FieldRules.text(reference, "\(field).reference", required: false, maxLength: 200, into: &issues)
        guard let scheme, let validUntil else { return nil }
        return Certification(scheme: scheme, validUntil: validUntil, reference: reference)
    }
}
