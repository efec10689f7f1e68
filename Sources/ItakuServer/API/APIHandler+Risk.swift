import Foundation
import ItakuAPI
import ItakuCore
import OpenAPIRuntime

extension APIHandler {
    func listFlags(_ input: Operations.ListFlags.Input) async throws -> Operations.ListFlags.Output {
        let principal = try caller()
        try principal.authorize(.readRisk)
        let query = input.query
        var issues = IssueList()
        var filter = FlagFilter(rule: query.rule)
        if let raw = query.contractorId {
            if let id = UUID(uuidString: raw) { filter.contractorID = id } else { issues.add("contractorId", "'\(raw)' is not a contractor id") }
        }
        if let raw = query.severity {
            if let severity = Severity(rawValue: raw) { filter.severity = severity } else {
                issues.add("severity", "'\(raw)' is not one of \(Severity.allCases.map(\.rawValue).joined(separator: ", "))")
            }
        }
        if let raw = query.status {
            if let status = FlagStatus(rawValue: raw) { filter.status = status } else {
                issues.add("status", "'\(raw)' is not one of \(FlagStatus.allCases.map(\.rawValue).joined(separator: ", "))")
            }
        }
        if let rule = query.rule, !services.catalog.riskRules.contains(where: { $0.code == rule }) {
            issues.add("rule", "'\(rule)' is not a rule of the catalog")
        }
        var pageRequest = PageRequest()
        do { pageRequest = try WireCoding.page(limit: query.limit, cursor: query.cursor) } catch {
            guard case ItakuError.invalid(let found) = error else { throw error }
            issues.append(contentsOf: found)
        }
        try issues.throwIfAny()
        let page = try await services.risk.flags(filter, page: pageRequest, by: principal)
        return .ok(.init(body: .json(.init(items: page.items.map(Components.Schemas.Flag.init), nextCursor: page.nextCursor))))
    }

    func getFlag(_ input: Operations.GetFlag.Input) async throws -> Operations.GetFlag.Output {
        let principal = try caller()
        try principal.authorize(.readRisk)
        let flag = try await services.risk.flag(try WireCoding.id(input.path.fid, "flag"), by: principal)
        return .ok(.init(headers: .init(eTag: WireCoding.etag(flag.version)), body: .json(.init(flag))))
    }

    func acknowledgeFlag(_ input: Operations.AcknowledgeFlag.Input) async throws -> Operations.AcknowledgeFlag.Output {
        let principal = try caller()
        try principal.authorize(.triageFlags)
        let flag = try await services.risk.acknowledge(
            try WireCoding.id(input.path.fid, "flag"), ifVersion: WireCoding.version(ifMatch: input.headers.ifMatch), by: principal)
        return .ok(.init(headers: .init(eTag: WireCoding.etag(flag.version)), body: .json(.init(flag))))
    }

    func waiveFlag(_ input: Operations.WaiveFlag.Input) async throws -> Operations.WaiveFlag.Output {
        let principal = try caller()
        try principal.authorize(.triageFlags)
        guard case .json(let body) = input.body else { throw ItakuError.malformed("expected application/json") }
        let flag = try await services.risk.waive(
            try WireCoding.id(input.path.fid, "flag"), reason: body.reason, expiresOn: body.expiresOn,
            ifVersion: WireCoding.version(ifMatch: input.headers.ifMatch), by: principal)
        return .ok(.init(headers: .init(eTag: WireCoding.etag(flag.version)), body: .json(.init(flag))))
    }

    func getContractorRisk(_ input: Operations.GetContractorRisk.Input) async throws -> Operations.GetContractorRisk.Output {
        let principal = try caller()
        try principal.authorize(.readRisk)
        let id = try WireCoding.id(input.path.id, "contractor")
        let risk = try await services.risk.risk(ofContractor: id, subcontracting: services.subcontracting, by: principal)
        return .ok(
            .init(body: .json(.init(
                score: .init(risk.score), flags: risk.flags.map(Components.Schemas.Flag.init), contractId: risk.contract?.id.wire,
                equivalence: try risk.equivalence.map { try .init($0, contractID: risk.contract?.id) },
                subcontracting: .init(
                    contractorId: id.wire,
                    items: try risk.tree.map {
                        .init(level: $0.level, subcontracting: try .init($0.subcontracting), check: try $0.report.map(Components.Schemas.ChainCheckReport.init))
                    })))))
    }

    func getPortfolio(_ input: Operations.GetPortfolio.Input) async throws -> Operations.GetPortfolio.Output {
        let principal = try caller()
        try principal.authorize(.readRisk)
        let (page, counts) = try await services.risk.portfolio(
            page: try WireCoding.page(limit: input.query.limit, cursor: input.query.cursor), by: principal)
        return .ok(
            .init(body: .json(.init(
                items: page.items.map(Components.Schemas.ContractorScore.init), nextCursor: page.nextCursor,
                counts: counts.map { .init(rule: $0.rule, severity: .init(rawValue: $0.severity.rawValue)!, count: $0.count) }))))
    }

    func listScans(_ input: Operations.ListScans.Input) async throws -> Operations.ListScans.Output {
        .ok(.init(body: .json(.init(items: try await services.risk.scans(by: try caller()).map(Components.Schemas.Scan.init)))))
    }

    func startScan(_ input: Operations.StartScan.Input) async throws -> Operations.StartScan.Output {
        let scan = try await services.scans.start(trigger: "requested", by: try caller())
        return .accepted(.init(headers: .init(location: "/api/v1/scans/\(scan.id.wire)"), body: .json(.init(scan))))
    }

    func getScan(_ input: Operations.GetScan.Input) async throws -> Operations.GetScan.Output {
        let principal = try caller()
        try principal.authorize(.readRisk)
        return .ok(.init(body: .json(.init(try await services.risk.scan(try WireCoding.id(input.path.scanId, "scan"), by: principal)))))
    }
}

extension Components.Schemas.Flag {
    init(_ flag: RiskFlag) {
        self.init(
            id: flag.id.wire, contractorId: flag.contractorID.wire, rule: flag.rule, severity: .init(rawValue: flag.severity.rawValue)!,
            status: .init(rawValue: flag.status.rawValue)!, subjectType: flag.subjectType, subjectId: flag.subjectID,
            explanation: flag.explanation, evidence: flag.evidence.map { .init(_type: $0.type, id: $0.id, label: $0.label) },
            firstSeenAt: flag.firstSeenAt, lastSeenAt: flag.lastSeenAt, resolvedAt: flag.resolvedAt, acknowledgedAt: flag.acknowledgedAt,
            acknowledgedBy: flag.acknowledgedBy,
            waiver: flag.waiver.map { .init(reason: $0.reason, expiresOn: $0.expiresOn.description, by: $0.by, at: $0.at) },
            version: flag.version)
    }
}

extension Components.Schemas.ContractorScore {
    init(_ score: ContractorScore) {
        self.init(
            contractorId: score.contractorID.wire, legalName: score.legalName, score: score.score, critical: score.critical, high: score.high,
            medium: score.medium, low: score.low)
    }
}

extension Components.Schemas.Scan {
    init(_ scan: Scan) {
        self.init(
            id: scan.id.wire, trigger: scan.trigger, status: .init(rawValue: scan.status.rawValue)!, total: scan.total, done: scan.done,
            startedAt: scan.startedAt, finishedAt: scan.finishedAt, opened: scan.opened, changed: scan.changed, resolved: scan.resolved,
            error: scan.error)
    }
}
