import Foundation

// Read as `Codable` writes them (see `JSONReadable`): a scan reads every stored flag.

extension RiskFlag: JSONReadable {
    public init(reading json: inout JSONReader) throws {
        var id: UUID?, key: String?, rule: String?, severity: Severity?, contractorID: UUID?, subjectType: String?, subjectID: String?
        var explanation: String?, evidence: [EvidenceRef]?, status: FlagStatus?, firstSeenAt: Date?, lastSeenAt: Date?
        var resolvedAt: Date?, acknowledgedAt: Date?, acknowledgedBy: String?, waiver: Waiver?, version: Int?
        var members = try json.object()
        while let name = try json.nextKey(in: &members) {
            switch name {
            case "id": id = try json.uuid()
            case "key": key = try json.string()
            case "rule": rule = try json.string()
            case "severity": severity = try json.value(Severity.self)
            case "contractorID": contractorID = try json.uuid()
            case "subjectType": subjectType = try json.string()
            case "subjectID": subjectID = try json.string()
            case "explanation": explanation = try json.string()
            case "evidence": evidence = try json.values(EvidenceRef.self)
            case "status": status = try json.value(FlagStatus.self)
            case "firstSeenAt": firstSeenAt = try json.date()
            case "lastSeenAt": lastSeenAt = try json.date()
            case "resolvedAt": resolvedAt = json.null() ? nil : try json.date()
            case "acknowledgedAt": acknowledgedAt = json.null() ? nil : try json.date()
            case "acknowledgedBy": acknowledgedBy = try json.optionalString()
            case "waiver": waiver = json.null() ? nil : try Waiver(reading: &json)
            case "version": version = try json.int()
            default: throw json.unknown(name)
            }
        }
        self.id = try json.required(id, "id")
        self.key = try json.required(key, "key")
        self.rule = try json.required(rule, "rule")
        self.severity = try json.required(severity, "severity")
        self.contractorID = try json.required(contractorID, "contractorID")
        self.subjectType = try json.required(subjectType, "subjectType")
        self.subjectID = try json.required(subjectID, "subjectID")
        self.explanation = try json.required(explanation, "explanation")
        self.evidence = try json.required(evidence, "evidence")
        self.status = try json.required(status, "status")
        self.firstSeenAt = try json.required(firstSeenAt, "firstSeenAt")
        self.lastSeenAt = try json.required(lastSeenAt, "lastSeenAt")
        self.resolvedAt = resolvedAt
        self.acknowledgedAt = acknowledgedAt
        self.acknowledgedBy = acknowledgedBy
        self.waiver = waiver
        self.version = try json.required(version, "version")
    }
}

extension EvidenceRef: JSONReadable {
    public init(reading json: inout JSONReader) throws {
        var type: String?, id: String?, label: String?
        var members = try json.object()
        while let key = try json.nextKey(in: &members) {
            switch key {
            case "type": type = try json.string()
            case "id": id = try json.string()
            case "label": label = try json.optionalString()
            default: throw json.unknown(key)
            }
        }
        self.init(try json.required(type, "type"), try json.required(id, "id"), label: label)
    }
}

extension Waiver: JSONReadable {
    public init(reading json: inout JSONReader) throws {
        var reason: String?, expiresOn: CalendarDay?, by: String?, at: Date?
        var members = try json.object()
        while let key = try json.nextKey(in: &members) {
            switch key {
            case "reason": reason = try json.string()
            case "expiresOn": expiresOn = try json.day()
            case "by": by = try json.string()
            case "at": at = try json.date()
            default: throw json.unknown(key)
            }
        }
        self.reason = try json.required(reason, "reason")
        self.expiresOn = try json.required(expiresOn, "expiresOn")
        self.by = try json.required(by, "by")
        self.at = try json.required(at, "at")
    }
}
