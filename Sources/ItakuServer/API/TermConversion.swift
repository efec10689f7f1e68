import Foundation
import ItakuAPI
import ItakuCore
import OpenAPIRuntime

/// Reads obligation terms from their wire form. JSON can carry values no parameter can hold (a
/// fraction, an object, a list of numbers); those are reported by field, like any bad value.
enum TermConversion {
    static func terms(_ wire: [Components.Schemas.ObligationTermInput]?, field: String, into issues: inout [FieldIssue]) -> [ObligationTerm] {
        (wire ?? []).enumerated().map { index, term in
            let path = "\(field)[\(index)]"
            var parameters: [String: TermValue] = [:]
            for (name, value) in term.parameters?.additionalProperties ?? [:] {
                if let converted = termValue(value.value) {
                    parameters[name] = converted
                } else {
                    issues.append(FieldIssue("\(path).parameters.\(name)", "must be true or false, an integer, a string or a list of strings"))
                }
            }
            return ObligationTerm(kind: term.kind ?? "", parameters: parameters)
        }
    }

    static func termValue(_ value: (any Sendable)?) -> TermValue? {
        switch value {
        case let flag as Bool: return .flag(flag)
        case let number as Int: return .number(number)
        case let number as Double where number.rounded() == number && abs(number) < 1e15: return .number(Int(number))
        case let text as String: return text == TermValue.unspecifiedWord ? .unspecified : .code(text)
        case let items as [(any Sendable)?]:
            let strings = items.compactMap { $0 as? String }
            return strings.count == items.count ? .set(strings) : nil
        default: return nil
        }
    }

    static func termList(
        _ wire: [Components.Schemas.ObligationTermInput]?, startFromPolicy: Bool?, omitKinds: [String]?, field: String
    ) -> TermListInput {
        var issues: [FieldIssue] = []
        let converted = terms(wire, field: field, into: &issues)
        return TermListInput(terms: converted, startFromPolicy: startFromPolicy ?? false, omitKinds: omitKinds ?? [], issues: issues)
    }
}

extension Components.Schemas.Contract {
    init(_ contract: Contract, today: CalendarDay) throws {
        self.init(
            id: contract.id.wire, contractorId: contract.contractorID.wire, reference: contract.reference,
            status: .init(rawValue: contract.status(on: today).rawValue)!, effectiveFrom: contract.effectiveFrom.description,
            expiresOn: contract.expiresOn?.description, entrustmentIds: contract.entrustmentIDs.map(\.wire),
            obligations: try contract.obligations.map(Components.Schemas.ObligationTerm.init),
            supersedes: contract.supersedes?.wire, supersededBy: contract.supersededBy?.wire, issuedAt: contract.issuedAt,
            signedOn: contract.signedOn?.description,
            signatories: contract.signatories.map { .init(name: $0.name, title: $0.title, party: .init(rawValue: $0.party.rawValue)!) },
            terminatedOn: contract.terminatedOn?.description, terminationReason: contract.terminationReason,
            version: contract.version, createdAt: contract.createdAt, updatedAt: contract.updatedAt)
    }
}

extension Components.Schemas.EquivalenceReport {
    init(_ report: EquivalenceReport, contractID: UUID?) throws {
        self.init(
            contractId: contractID?.wire, policyVersion: report.policyVersion,
            verdict: report.isEquivalent ? .equivalent : .notEquivalent, isEquivalent: report.isEquivalent,
            conditions: report.conditions.map { .init(rawValue: $0.rawValue)! }, summary: report.summary,
            findings: try report.findings.map { finding in
                .init(
                    kind: finding.kind, title: finding.title, status: .init(rawValue: finding.status.rawValue)!,
                    requiredBy: finding.requiredBy,
                    shortfalls: try finding.shortfalls.map {
                        .init(
                            parameter: $0.parameter, contractValue: try $0.contractValue.map(OpenAPIValueContainer.init),
                            policyValue: try OpenAPIValueContainer($0.policyValue), explanation: $0.explanation)
                    }, explanation: finding.explanation)
            })
    }
}

extension Components.Schemas.Subcontracting {
    init(_ edge: Subcontracting) throws {
        self.init(
            id: edge.id.wire, parentContractorId: edge.parentContractorID.wire, childContractorId: edge.childContractorID.wire,
            parentSubcontractingId: edge.parentSubcontractingID?.wire, entrustmentIds: edge.entrustmentIDs.map(\.wire),
            purposes: edge.scope.purposes, dataItems: edge.scope.dataItems, locations: edge.scope.locations,
            description: edge.description, status: .init(rawValue: edge.status.rawValue)!,
            flowedDownTerms: try edge.flowedDownTerms.map(Components.Schemas.ObligationTerm.init), requestedAt: edge.requestedAt,
            requestedBy: edge.requestedBy, decidedAt: edge.decidedAt, decidedBy: edge.decidedBy,
            decidedByRole: edge.decidedByRole, decisionNote: edge.decisionNote, version: edge.version)
    }
}

extension Components.Schemas.ChainCheckReport {
    init(_ report: ChainCheck.EdgeReport) throws {
        let latency = report.latencyBudget
        self.init(
            depth: report.depth, path: report.path.map(\.wire), isSound: report.isSound, problems: report.problems,
            equivalence: try .init(report.equivalence, contractID: nil),
            scopeNarrowing: .init(
                holds: report.scopeNarrowing.holds, extraPurposes: report.scopeNarrowing.extraPurposes,
                extraDataItems: report.scopeNarrowing.extraDataItems, extraLocations: report.scopeNarrowing.extraLocations),
            latencyBudget: .init(
                holds: latency.holds, budgetHours: latency.budgetHours, totalHours: latency.totalHours,
                explanation: latency.explanation,
                windows: try latency.windows.map { .init(contractorId: $0.contractorID.wire, hours: try $0.hours.map(OpenAPIValueContainer.init)) }),
            companyApprovedEveryTier: report.companyApprovedEveryTier)
    }
}
