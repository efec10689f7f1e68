import Testing

@testable import ItakuCore

@Suite("Default policy and policy validation")
struct PolicyTests {
    let catalog: Catalog

    init() throws {
        catalog = try Catalog.bundled()
    }

    @Test("the shipped default policy validates and carries the baseline of reference §6.2")
    func defaultPolicy() throws {
        let policy = try PolicyContent.shippedDefault(catalog: catalog)
        #expect(policy.term("breach_notification_to_company")?.parameters["notice_max_hours"] == .number(24))
        #expect(policy.term("breach_notification_to_company")?.parameters["trigger"] == .code("suspected_event"))
        #expect(policy.term("incident_response_cooperation")?.parameters["full_facts_max_days"] == .number(20))
        #expect(policy.term("subprocessing_authorisation")?.parameters["authorisation_mode"] == .code("prior_specific_written_consent"))
        #expect(policy.term("return_or_deletion_at_end")?.parameters["completion_max_days"] == .number(30))
        #expect(policy.term("audit_and_inspection")?.parameters["audit_interval_months"] == .number(12))
        #expect(policy.term("no_secondary_provision") != nil)
        #expect(policy.settings.volumeTolerancePercent == 20)
        #expect(Set(policy.purposes) == Set(catalog.purposes.map(\.code)))
        #expect(Set(policy.necessity.keys).isSubset(of: Set(policy.purposes)))
        #expect(policy.terms.count == 33)
    }

    @Test("every policy commitment is covered by at least one term")
    func commitmentsCovered() throws {
        let kinds = Set(try PolicyContent.shippedDefault(catalog: catalog).terms.map(\.kind))
        // security; purposes; no third-party provision; law; individuals' rights; complaints; improvement; outsourcing
        for kind in [
            "security_measures", "purpose_limitation", "no_secondary_provision", "legal_compliance_same_level",
            "data_subject_request_assistance", "complaint_inquiry_cooperation", "audit_and_inspection", "written_contract",
        ] {
            #expect(kinds.contains(kind), "\(kind)")
        }
    }

    @Test("unknown kinds, unknown parameters, wrong types and out-of-domain values are each named")
    func termValidation() throws {
        var policy = try PolicyContent.shippedDefault(catalog: catalog)
        policy.terms = [
            ObligationTerm(kind: "teleportation_ban"),
            ObligationTerm(kind: "breach_notification_to_company", parameters: ["notice_max_hours": .code("soon"), "colour": .flag(true)]),
            ObligationTerm(kind: "subprocessing_authorisation", parameters: ["authorisation_mode": .code("whenever")]),
            ObligationTerm(kind: "processing_scope_description", parameters: ["purposes": .codes(["customer_delivery", "mind_reading"])]),
            ObligationTerm(kind: "retention_limit", parameters: ["max_retention_days": .number(0)]),
            ObligationTerm(kind: "personnel_confidentiality", parameters: ["survival_years": .unspecified]),
            ObligationTerm(kind: "no_onward_disclosure", parameters: ["disclosure_log_kept": .number(1)]),
        ]
        policy.purposes.append("mind_reading")
        policy.settings.companyCountry = "XX"
        #expect(throws: ItakuError.self) { try policy.validated(against: catalog) }
        do {
            _ = try policy.validated(against: catalog)
        } catch {
            guard case .invalid(let issues) = error else { Issue.record("unexpected \(error)"); return }
            let fields = Set(issues.map(\.field))
            #expect(
                fields == [
                    "settings.companyCountry", "purposes[\(policy.purposes.count - 1)]", "terms[0].kind",
                    "terms[1].parameters.notice_max_hours", "terms[1].parameters.colour",
                    "terms[2].parameters.authorisation_mode", "terms[3].parameters.purposes",
                    "terms[4].parameters.max_retention_days", "terms[5].parameters.survival_years",
                    "terms[6].parameters.disclosure_log_kept",
                ])
        }
    }

    @Test("aliases are stored under the kind's code; sets are sorted")
    func normalisation() throws {
        var policy = try PolicyContent.shippedDefault(catalog: catalog)
        policy.terms = [
            ObligationTerm(kind: "no_onward_disclosure", parameters: ["disclosure_log_kept": .flag(true)]),
            ObligationTerm(kind: "legal_compliance_same_level", parameters: ["laws_named": .codes(["gdpr", "appi"])]),
        ]
        let validated = try policy.validated(against: catalog)
        #expect(validated.terms[0].kind == "no_secondary_provision")
        #expect(validated.terms[1].parameters["laws_named"] == .codes(["appi", "gdpr"]))
    }

    @Test("a kind may appear only once")
    func duplicateKinds() throws {
        var policy = try PolicyContent.shippedDefault(catalog: catalog)
        policy.terms = [ObligationTerm(kind: "no_secondary_provision"), ObligationTerm(kind: "no_onward_disclosure")]
        #expect(throws: ItakuError.invalid([FieldIssue("terms[1].kind", "'no_secondary_provision' appears more than once")])) {
            try policy.validated(against: catalog)
        }
    }
}
