import Foundation
import ItakuCore
import Testing
import VaporTesting

@testable import ItakuServer

@Suite("Policy versions and contracts over the API")
struct ContractAPITests {
    @Test("compliance publishes a new policy version; old versions stay readable; others may not publish")
    func policyVersions() async throws {
        try await withHarness { harness in
            let compliance = try await harness.token(.compliance)
            let current = try await harness.send(.GET, "/api/v1/policy", token: compliance)
            let terms = try #require(current.json?.terms?.array)
            let necessity = #"{"customer_inquiries": ["name", "email"]}"#
            var body = """
                {"purposes": ["customer_inquiries", "customer_support"], "necessity": \(necessity), "note": "stricter breach notice",
                 "terms": [{"kind": "breach_notification_to_company", "parameters": {"notice_max_hours": 12}}]}
                """
            let published = try await harness.send(.PUT, "/api/v1/policy", token: compliance, json: body)
            #expect(published.status == .created, "\(published.text)")
            #expect(published.json?.version?.int == 2)
            #expect(published.headers.first(name: .location) == "/api/v1/policy/versions/2")
            #expect(published.json?.settings?.companyCountry?.string == "JP")
            #expect(terms.count > 1)

            let versions = try await harness.send(.GET, "/api/v1/policy/versions", token: compliance)
            #expect(versions.json?.items?.array.compactMap { $0.version?.int } == [2, 1])
            let first = try await harness.send(.GET, "/api/v1/policy/versions/1", token: compliance)
            #expect(first.json?.terms?.array.count == terms.count)
            #expect(try await harness.send(.GET, "/api/v1/policy/versions/9", token: compliance).status == .notFound)

            let procurement = try await harness.token(.procurement)
            #expect(try await harness.send(.PUT, "/api/v1/policy", token: procurement, json: body).status == .forbidden)

            body = """
                {"purposes": ["customer_inquiries", "telepathy"], "necessity": {"customer_inquiries": ["aura"]},
                 "terms": [{"kind": "teleport_ban"},
                           {"kind": "breach_notification_to_company", "parameters": {"notice_max_hours": "soon", "colour": 1, "trigger": {"a": 1}}},
                           {"kind": "retention_limit", "parameters": {"max_retention_days": 0}},
                           {"kind": "subprocessing_authorisation", "parameters": {"authorisation_mode": "whenever"}}]}
                """
            let invalid = try await harness.send(.PUT, "/api/v1/policy", token: compliance, json: body)
            #expect(invalid.status == .unprocessableEntity)
            #expect(
                Set(invalid.json?.errorFields ?? []) == [
                    "purposes[1]", "necessity.customer_inquiries", "terms[0].kind", "terms[1].parameters.notice_max_hours",
                    "terms[1].parameters.colour", "terms[1].parameters.trigger", "terms[2].parameters.max_retention_days",
                    "terms[3].parameters.authorisation_mode",
                ])
            #expect(try await harness.send(.GET, "/api/v1/policy", token: compliance).json?.version?.int == 2)
        }
    }

    @Test("the acceptance story: a draft that omits no-onward-disclosure and allows 72 hours is told exactly that; once issued it cannot change")
    func acceptanceStory() async throws {
        try await withHarness { harness in
            let procurement = try await harness.token(.procurement)
            let contractor = try await harness.registerContractor(procurement)
            let entrustment = try await harness.entrust(procurement, to: contractor)
            let draft = try await harness.draftContract(
                procurement, for: contractor, entrustments: [entrustment],
                obligations: #"[{"kind": "breach_notification_to_company", "parameters": {"notice_max_hours": 72}}]"#,
                omit: ["no_onward_disclosure"])
            #expect(draft.status == .created, "\(draft.text)")
            #expect(draft.json?.status?.string == "draft")
            let id = try #require(draft.json?.id?.string)

            let report = try await harness.send(.GET, "/api/v1/contracts/\(id)/equivalence", token: procurement)
            #expect(report.status == .ok)
            #expect(report.json?.verdict?.string == "not_equivalent")
            #expect(report.json?.policyVersion?.int == 1)
            let shortfalls = report.json?.findings?.array.filter { $0.status?.string != "equivalent" } ?? []
            #expect(shortfalls.count == 2)
            let missing = shortfalls.first { $0.status?.string == "missing" }
            #expect(missing?.kind?.string == "no_secondary_provision")
            let weaker = shortfalls.first { $0.status?.string == "weaker" }
            #expect(weaker?.kind?.string == "breach_notification_to_company")
            #expect(weaker?.shortfalls?[0]?.parameter?.string == "notice_max_hours")
            #expect(weaker?.shortfalls?[0]?.contractValue?.int == 72)
            #expect(weaker?.shortfalls?[0]?.policyValue?.int == 24)
            #expect(weaker?.shortfalls?[0]?.explanation?.string?.contains("the contract says 72 hours; the policy requires at most 24 hours") == true)

            // Fix it: back to the policy's terms, 24 hours.
            let fixed = try await harness.send(
                .PATCH, "/api/v1/contracts/\(id)", token: procurement, json: #"{"startFromPolicy": true}"#, headers: [("If-Match", "1")])
            #expect(fixed.status == .ok, "\(fixed.text)")
            let again = try await harness.send(.GET, "/api/v1/contracts/\(id)/equivalence", token: procurement)
            #expect(again.json?.verdict?.string == "equivalent", "\(again.json?.summary?.string ?? "")")

            #expect(try await harness.send(.POST, "/api/v1/contracts/\(id)/issue", token: procurement).json?.status?.string == "issued")
            let edit = try await harness.send(
                .PATCH, "/api/v1/contracts/\(id)", token: procurement, json: #"{"reference": "changed"}"#, headers: [("If-Match", "3")])
            #expect(edit.status == .conflict)
            #expect(edit.json?.detail?.string?.contains("supersedes") == true)
        }
    }

    @Test("sign records date and signatories; a new version supersedes the old once signed; the chain is readable")
    func lifecycleAndSupersession() async throws {
        try await withHarness { harness in
            let procurement = try await harness.token(.procurement)
            let contractor = try await harness.registerContractor(procurement)
            let entrustment = try await harness.entrust(procurement, to: contractor)
            let first = try #require(try await harness.draftContract(procurement, for: contractor, entrustments: [entrustment]).json?.id?.string)

            let early = try await harness.send(
                .POST, "/api/v1/contracts/\(first)/sign", token: procurement,
                json: #"{"signedOn": "2026-01-05", "signatories": [{"name": "A", "party": "company"}, {"name": "B", "party": "contractor"}]}"#)
            #expect(early.status == .conflict)
            _ = try await harness.send(.POST, "/api/v1/contracts/\(first)/issue", token: procurement)
            let badSigning = try await harness.send(
                .POST, "/api/v1/contracts/\(first)/sign", token: procurement,
                json: #"{"signedOn": "2999-01-01", "signatories": [{"name": "A", "party": "landlord"}]}"#)
            #expect(badSigning.status == .unprocessableEntity)
            #expect(Set(badSigning.json?.errorFields ?? []) == ["signedOn", "signatories[0].party"])
            let oneSided = try await harness.send(
                .POST, "/api/v1/contracts/\(first)/sign", token: procurement,
                json: #"{"signedOn": "2026-01-05", "signatories": [{"name": "A", "party": "company"}]}"#)
            #expect(oneSided.json?.errorFields == ["signatories"])
            let signed = try await harness.send(
                .POST, "/api/v1/contracts/\(first)/sign", token: procurement,
                json: #"{"signedOn": "2026-01-05", "signatories": [{"name": "Aiko Tanaka", "party": "company"}, {"name": "Ken Mori", "party": "contractor"}]}"#,
                headers: [("If-Match", "2")])
            #expect(signed.status == .ok)
            #expect(signed.json?.status?.string == "signed")
            #expect(signed.json?.signedOn?.string == "2026-01-05")
            #expect(signed.json?.signatories?.array.count == 2)

            let second = try await harness.draftContract(
                procurement, for: contractor, entrustments: [entrustment], extra: #", "supersedes": "\#(first)""#)
            #expect(second.status == .created, "\(second.text)")
            let secondID = try #require(second.json?.id?.string)
            #expect(try await harness.send(.GET, "/api/v1/contracts/\(first)", token: procurement).json?.status?.string == "signed")
            try await harness.issueAndSign(procurement, contract: secondID)
            let old = try await harness.send(.GET, "/api/v1/contracts/\(first)", token: procurement)
            #expect(old.json?.status?.string == "superseded")
            #expect(old.json?.supersededBy?.string == secondID)

            let chain = try await harness.send(.GET, "/api/v1/contracts/\(first)/versions", token: procurement)
            #expect(chain.json?.items?.array.compactMap { $0.id?.string } == [first, secondID])
            let fromNew = try await harness.send(.GET, "/api/v1/contracts/\(secondID)/versions", token: procurement)
            #expect(fromNew.json?.items?.array.compactMap { $0.id?.string } == [first, secondID])

            let terminated = try await harness.send(
                .POST, "/api/v1/contracts/\(secondID)/terminate", token: procurement,
                json: #"{"reason": "work moved in-house", "terminatedOn": "2026-06-30"}"#)
            #expect(terminated.json?.status?.string == "terminated")
            #expect(terminated.json?.terminationReason?.string == "work moved in-house")
            #expect(try await harness.send(.POST, "/api/v1/contracts/\(secondID)/issue", token: procurement).status == .conflict)

            let auditor = try await harness.token(.auditor)
            let audit = try await harness.send(.GET, "/api/v1/audit?subjectType=contract&limit=50", token: auditor)
            let actions = Set(audit.json?.items?.array.compactMap { $0.action?.string } ?? [])
            #expect(actions == ["contract.create", "contract.issue", "contract.sign", "contract.supersede", "contract.terminate"])
        }
    }

    @Test("expired is derived from expiresOn; supersedes must name an issued or signed contract of the same contractor")
    func expiryAndSupersedesValidation() async throws {
        try await withHarness { harness in
            let procurement = try await harness.token(.procurement)
            let contractor = try await harness.registerContractor(procurement)
            let entrustment = try await harness.entrust(procurement, to: contractor)
            let old = try #require(
                try await harness.draftContract(procurement, for: contractor, entrustments: [entrustment], extra: #", "expiresOn": "2026-02-01""#)
                    .json?.id?.string)
            let signed = try await harness.issueAndSign(procurement, contract: old)
            #expect(signed.json?.status?.string == "expired")

            let draft = try #require(try await harness.draftContract(procurement, for: contractor, entrustments: [entrustment]).json?.id?.string)
            let onDraft = try await harness.draftContract(procurement, for: contractor, entrustments: [entrustment], extra: #", "supersedes": "\#(draft)""#)
            #expect(onDraft.json?.errorFields == ["supersedes"])
            let other = try await harness.registerContractor(procurement, name: "Other KK")
            let foreign = try await harness.draftContract(procurement, for: other, entrustments: [entrustment])
            #expect(foreign.json?.errorFields == ["entrustmentIds[0]"])
            let empty = try await harness.send(.POST, "/api/v1/contractors/\(contractor)/contracts", token: procurement, json: "{}")
            #expect(Set(empty.json?.errorFields ?? []) == ["reference", "effectiveFrom", "entrustmentIds"])
            let badTerms = try await harness.send(
                .POST, "/api/v1/contractors/\(contractor)/contracts", token: procurement,
                json: """
                    {"reference": "X", "effectiveFrom": "2026-01-01", "expiresOn": "2025-01-01", "entrustmentIds": ["\(entrustment)"],
                     "obligations": [{"kind": "breach_notification_to_company", "parameters": {"notice_max_hours": "promptly"}}, {"parameters": {}}]}
                    """)
            #expect(Set(badTerms.json?.errorFields ?? []) == ["expiresOn", "obligations[0].parameters.notice_max_hours", "obligations[1].kind"])
        }
    }

    @Test("vague wording is stored as unspecified and fails the numeric comparison")
    func unspecifiedIsStored() async throws {
        try await withHarness { harness in
            let procurement = try await harness.token(.procurement)
            let contractor = try await harness.registerContractor(procurement)
            let entrustment = try await harness.entrust(procurement, to: contractor)
            let draft = try await harness.draftContract(
                procurement, for: contractor, entrustments: [entrustment],
                obligations: #"[{"kind": "breach_notification_to_company", "parameters": {"notice_max_hours": "unspecified"}}]"#)
            let id = try #require(draft.json?.id?.string)
            let term = draft.json?.obligations?.array.first { $0.kind?.string == "breach_notification_to_company" }
            #expect(term?.parameters?.notice_max_hours?.string == "unspecified")
            let report = try await harness.send(.GET, "/api/v1/contracts/\(id)/equivalence", token: procurement)
            let weaker = report.json?.findings?.array.first { $0.status?.string == "weaker" }
            #expect(weaker?.shortfalls?[0]?.explanation?.string?.contains("unspecified") == true)
        }
    }

    @Test("scope decides the requirements: the individual number in an entrustment requires the My Number term")
    func scopeDependentRequirement() async throws {
        try await withHarness { harness in
            let procurement = try await harness.token(.procurement)
            let contractor = try await harness.registerContractor(procurement)
            let payroll = try await harness.entrust(
                procurement, to: contractor,
                json: """
                    {"title": "Payroll", "purposes": ["employment_administration"], "subjectCategories": ["employees"],
                     "dataItems": ["name", "my_number"], "estimatedRecords": 800, "locations": ["JP"], "retentionDays": 2555,
                     "startsOn": "2026-01-01"}
                    """)
            let id = try #require(
                try await harness.draftContract(procurement, for: contractor, entrustments: [payroll], omit: ["my_number_handling"]).json?.id?.string)
            let report = try await harness.send(.GET, "/api/v1/contracts/\(id)/equivalence", token: procurement)
            #expect(report.json?.conditions?.array.compactMap(\.string) == ["individual_number"])
            let missing = report.json?.findings?.array.filter { $0.status?.string == "missing" }.compactMap { $0.kind?.string }
            #expect(missing == ["my_number_handling"])
        }
    }

    @Test("a contractor reads its own contracts and their equivalence; another's are 404; it cannot draft")
    func contractorAccess() async throws {
        try await withHarness { harness in
            let procurement = try await harness.token(.procurement)
            let mine = try await harness.registerContractor(procurement, name: "Mine KK")
            let theirs = try await harness.registerContractor(procurement, name: "Theirs KK")
            let myContract = try #require(
                try await harness.draftContract(procurement, for: mine, entrustments: [try await harness.entrust(procurement, to: mine)]).json?.id?.string)
            let theirContract = try #require(
                try await harness.draftContract(procurement, for: theirs, entrustments: [try await harness.entrust(procurement, to: theirs)]).json?.id?.string)
            let token = try await harness.contractorToken(mine)
            #expect(try await harness.send(.GET, "/api/v1/contracts/\(myContract)", token: token).status == .ok)
            #expect(try await harness.send(.GET, "/api/v1/contracts/\(myContract)/equivalence", token: token).status == .ok)
            #expect(try await harness.send(.GET, "/api/v1/contractors/\(mine)/contracts", token: token).json?.items?.array.count == 1)
            let hidden = try await harness.send(.GET, "/api/v1/contracts/\(theirContract)/equivalence", token: token)
            let missing = try await harness.send(.GET, "/api/v1/contracts/\(UUID().uuidString)/equivalence", token: token)
            #expect(hidden.status == .notFound)
            #expect(missing.status == .notFound)
            #expect(hidden.json?.title == missing.json?.title)
            #expect(try await harness.send(.GET, "/api/v1/contractors/\(theirs)/contracts", token: token).status == .notFound)
            let attempt = try await harness.draftContract(token, for: mine, entrustments: [])
            #expect(attempt.status == .forbidden)
            let compliance = try await harness.token(.compliance)
            #expect(try await harness.send(.POST, "/api/v1/contracts/\(myContract)/issue", token: compliance).status == .forbidden)
        }
    }
}
