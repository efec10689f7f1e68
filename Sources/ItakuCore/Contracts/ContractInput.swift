import Foundation

/// A contract draft or a change to one, as it arrives.
public struct ContractInput: Sendable, Equatable {
    public var reference: String?
    public var effectiveFrom: String?
    /// An empty string clears it on change.
    public var expiresOn: String?
    public var entrustmentIDs: [String]?
    public var obligations: TermListInput?
    public var supersedes: String?

    public init(
        reference: String? = nil, effectiveFrom: String? = nil, expiresOn: String? = nil, entrustmentIDs: [String]? = nil,
        obligations: TermListInput? = nil, supersedes: String? = nil
    ) {
        self.reference = reference
        self.effectiveFrom = effectiveFrom
        self.expiresOn = expiresOn
        self.entrustmentIDs = entrustmentIDs
        self.obligations = obligations
        self.supersedes = supersedes
    }

    /// The checked fields of a draft.
    public struct Fields: Sendable, Equatable {
        public var reference: String
        public var effectiveFrom: CalendarDay
        public var expiresOn: CalendarDay?
        public var entrustmentIDs: [UUID]
        public var obligations: [ObligationTerm]
        public var supersedes: UUID?
    }

    /// Validates a new draft (over nil) or a change to one. Entrustments must be the contractor's
    /// own (`ownEntrustments`); every bad field is named.
    public func resolve(
        over base: Contract?, ownEntrustments: Set<UUID>, policy: PolicyContent, catalog: Catalog
    ) throws(ItakuError) -> Fields {
        var issues = IssueList()
        let creating = base == nil
        let reference = FieldRules.text(reference, "reference", required: creating || reference != nil, maxLength: 200, into: &issues)

        var effectiveFrom = base?.effectiveFrom
        if let raw = self.effectiveFrom {
            effectiveFrom = FieldRules.day(raw, "effectiveFrom", into: &issues)
        } else if creating {
            issues.add("effectiveFrom", "is required")
        }
        var expiresOn = base?.expiresOn
        if let raw = self.expiresOn {
            expiresOn = raw.trimmingCharacters(in: .whitespaces).isEmpty ? nil : FieldRules.day(raw, "expiresOn", into: &issues)
        }
        if let effectiveFrom, let expiresOn, expiresOn < effectiveFrom {
            issues.add("expiresOn", "must not be before effectiveFrom (\(effectiveFrom))")
        }

        var entrustmentIDs = base?.entrustmentIDs ?? []
        if let raw = self.entrustmentIDs {
            if raw.isEmpty { issues.add("entrustmentIds", "must name at least one entrustment") }
            var ids: [UUID] = []
            for (index, text) in raw.enumerated() {
                guard let id = UUID(uuidString: text), ownEntrustments.contains(id) else {
                    issues.add("entrustmentIds[\(index)]", "'\(text)' is not an entrustment of this contractor")
                    continue
                }
                if !ids.contains(id) { ids.append(id) }
            }
            entrustmentIDs = ids
        } else if creating {
            issues.add("entrustmentIds", "is required")
        }

        var obligations = base?.obligations ?? []
        if let input = self.obligations {
            obligations = input.resolve(policy: policy, catalog: catalog, field: "obligations", into: &issues)
        }

        var supersedes = base?.supersedes
        if let raw = self.supersedes {
            if let id = UUID(uuidString: raw) { supersedes = id } else { issues.add("supersedes", "'\(raw)' is not a contract id") }
        }

        try issues.throwIfAny()
        return Fields(
            reference: reference ?? base!.reference, effectiveFrom: effectiveFrom!, expiresOn: expiresOn,
            entrustmentIDs: entrustmentIDs, obligations: obligations, supersedes: supersedes)
    }
}

/// A signatory as it arrives.
public struct SignatoryInput: Sendable, Equatable {
    public var name: String?
    public var title: String?
    public var party: String?

    public init(name: String? = nil, title: String? = nil, party: String? = nil) {
        self.name = name
        self.title = title
        self.party = party
    }
}

/// What `sign` records: the day and who signed, at least one person for each side.
public struct SigningInput: Sendable, Equatable {
    public var signedOn: String?
    public var signatories: [SignatoryInput]

    public init(signedOn: String?, signatories: [SignatoryInput]) {
        self.signedOn = signedOn
        self.signatories = signatories
    }

    func validated(today: CalendarDay) throws(ItakuError) -> (CalendarDay, [Signatory]) {
        var issues = IssueList()
        var day: CalendarDay?
        if let raw = signedOn {
            day = FieldRules.day(raw, "signedOn", into: &issues)
            if let signed = day, signed > today { issues.add("signedOn", "must not be in the future") }
        } else {
            issues.add("signedOn", "is required")
        }
        var signatories: [Signatory] = []
        for (index, entry) in self.signatories.enumerated() {
            let field = "signatories[\(index)]"
            let name = FieldRules.text(entry.name, "\(field).name", required: true, maxLength: 200, into: &issues)
            let title = FieldRules.text(entry.title, "\(field).title", required: false, maxLength: 200, into: &issues)
            var party: SigningParty?
            if let raw = entry.party {
                party = FieldRules.choice(raw, "\(field).party", into: &issues)
            } else {
                issues.add("\(field).party", "is required")
            }
            if let name, let party { signatories.append(Signatory(name: name, title: title, party: party)) }
        }
        if issues.isEmpty {
            for party in SigningParty.allCases where !signatories.contains(where: { $0.party == party }) {
                issues.add("signatories", "must include at least one signatory for the \(party.rawValue)")
            }
        }
        try issues.throwIfAny()
        return (day!, signatories)
    }
}

/// What `terminate` records.
public struct TerminationInput: Sendable, Equatable {
    public var reason: String?
    public var terminatedOn: String?

    public init(reason: String?, terminatedOn: String?) {
        self.reason = reason
        self.terminatedOn = terminatedOn
    }

    func validated() throws(ItakuError) -> (String, CalendarDay) {
        var issues = IssueList()
        let reason = FieldRules.text(reason, "reason", required: true, maxLength: 2000, into: &issues)
        var day: CalendarDay?
        if let raw = terminatedOn { day = FieldRules.day(raw, "terminatedOn", into: &issues) } else {
            issues.add("terminatedOn", "is required")
        }
        try issues.throwIfAny()
        return (reason!, day!)
    }
}
