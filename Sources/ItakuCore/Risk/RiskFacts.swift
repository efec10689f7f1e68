import Foundation

/// Everything the rules read about one contractor, loaded once before they run.
public struct ContractorFacts: Sendable {
    public var contractor: Contractor
    public var entrustments: [Entrustment]
    public var contracts: [Contract]
    /// The contractor's revisions in outline: every one, or as the store reads them for a
    /// re-derivation, those in the day's `OutlineWindow`, which find the same.
    public private(set) var attestations: [AttestationOutline]
    /// The most recent revision that no later one answers — what the contractor last said —
    /// whole. Rules read answers and sections only here, so re-deriving a contractor reads no
    /// earlier revision's, however long its history.
    public private(set) var latestAttestation: Attestation?
    public var incidents: [Incident]
    /// Every sub-contracting the contractor passes on, whatever its status.
    public var subcontractings: [Subcontracting]
    /// The organisations those sub-contractings go to.
    public var subcontractors: [UUID: Contractor]

    public init(
        contractor: Contractor, entrustments: [Entrustment] = [], contracts: [Contract] = [], attestations: [Attestation] = [],
        incidents: [Incident] = [], subcontractings: [Subcontracting] = [], subcontractors: [UUID: Contractor] = [:]
    ) {
        let outlines = attestations.map(\.outline)
        self.init(
            contractor: contractor, entrustments: entrustments, contracts: contracts, attestations: outlines,
            latestAttestation: AttestationOutline.latest(of: outlines).map { attestations[$0] }, incidents: incidents,
            subcontractings: subcontractings, subcontractors: subcontractors)
    }

    /// Facts as the store reads them: revisions in outline and the latest whole, which the
    /// caller picked with `AttestationOutline.latest(of:)`.
    public init(
        contractor: Contractor, entrustments: [Entrustment], contracts: [Contract], attestations: [AttestationOutline],
        latestAttestation: Attestation?, incidents: [Incident], subcontractings: [Subcontracting], subcontractors: [UUID: Contractor]
    ) {
        self.contractor = contractor
        self.entrustments = entrustments
        self.contracts = contracts
        self.attestations = attestations
        self.latestAttestation = latestAttestation
        self.incidents = incidents
        self.subcontractings = subcontractings
        self.subcontractors = subcontractors
    }

    public func contractInForce(on day: CalendarDay) -> Contract? {
        contracts.inForce(on: day)
    }
}

/// What the rules share across contractors: the policy, the catalog, the clock and lookups.
public struct RiskContext: Sendable {
    public let policy: PolicyVersion
    public let catalog: Catalog
    public var now: Date
    public var today: CalendarDay
    public var questionnaires: [Int: QuestionnaireContent]
    /// Registered organisations by corporate number and by normalised name, for matching what
    /// contractors attest (group companies, sub-contractors).
    public var organisationsByNumber: [String: Contractor]
    public var organisationsByName: [String: Contractor]
    /// Chain-check reports of every approved sub-contracting.
    public var chainReports: [UUID: ChainCheck.EdgeReport]
    /// Contracts compared with `policy`, each set of requirements worked out once per context.
    public let equivalence: Equivalence.Evaluator
    /// The policy's necessity map as sets: the items each purpose needs.
    public let necessity: [String: Set<String>]
    /// The purposes of use the policy declares.
    public let declaredPurposes: Set<String>

    public init(
        policy: PolicyVersion, catalog: Catalog, now: Date, questionnaires: [Int: QuestionnaireContent],
        organisations: [Contractor], chainReports: [UUID: ChainCheck.EdgeReport], equivalence: Equivalence.Evaluator? = nil
    ) {
        self.policy = policy
        self.catalog = catalog
        self.now = now
        self.today = CalendarDay(now)
        self.questionnaires = questionnaires
        var byNumber: [String: Contractor] = [:]
        var byName: [String: Contractor] = [:]
        for organisation in organisations {
            if let number = organisation.profile.corporateNumber { byNumber[number] = organisation }
            let name = Contractor.normalisedName(organisation.profile.legalName)
            if byName[name] == nil { byName[name] = organisation }
        }
        organisationsByNumber = byNumber
        organisationsByName = byName
        self.chainReports = chainReports
        self.equivalence = equivalence ?? Equivalence.Evaluator(policy: policy, catalog: catalog)
        necessity = policy.content.necessity.mapValues(Set.init)
        declaredPurposes = Set(policy.content.purposes)
    }

    /// The registered organisation a name and optional corporate number refer to.
    public func organisation(named name: String, corporateNumber: String?) -> Contractor? {
        if let corporateNumber, let match = organisationsByNumber[corporateNumber] { return match }
        guard let byName = organisationsByName[Contractor.normalisedName(name)] else { return nil }
        // A name match only counts when the numbers do not contradict each other.
        if let corporateNumber, let registered = byName.profile.corporateNumber, registered != corporateNumber { return nil }
        return byName
    }

    public func isSpecial(_ item: String) -> Bool {
        guard let kind = catalog.dataItem(item)?.class else { return false }
        return kind != .ordinary
    }
}
