import Foundation
import ItakuCore
import Testing
import VaporTesting

@testable import ItakuServer

@Suite("Staff web UI")
struct WebUITests {
    @Test("signing in sets an HttpOnly, SameSite=Lax session cookie for /ui, Secure behind TLS; a wrong password says nothing more")
    func signIn() async throws {
        try await withHarness { harness in
            _ = try await harness.services.credentials.createUser(
                username: "hana", role: .procurement, password: "correct horse battery", by: .system("test"))
            let browser = BrowserSession(harness)
            let wrong = try await browser.signIn(username: "hana", password: "wrong horse battery")
            #expect(wrong.status == .unauthorized)
            #expect(wrong.text.contains("The username or password is not right."))
            #expect(browser.cookies["itaku_session"] == nil)

            let reply = try await browser.signIn(username: "hana", password: "correct horse battery")
            #expect(reply.status == .seeOther)
            #expect(reply.location == "/ui")
            let cookie = try #require(reply.headers[.setCookie].first { $0.hasPrefix("itaku_session=") })
            #expect(cookie.contains("HttpOnly"))
            #expect(cookie.contains("SameSite=Lax"))
            #expect(cookie.contains("Path=/ui"))
            #expect(!cookie.contains("Secure"))
            let dashboard = try await browser.get("/ui")
            #expect(dashboard.status == .ok)
            #expect(dashboard.text.contains("hana · procurement"))

            let overTLS = BrowserSession(harness)
            let secure = try await overTLS.signIn(username: "hana", password: "correct horse battery", headers: [("X-Forwarded-Proto", "https")])
            #expect(secure.headers[.setCookie].first { $0.hasPrefix("itaku_session=") }?.contains("Secure") == true)
        }
    }

    @Test("without a session every page sends the browser to sign in, and comes back afterwards")
    func pagesNeedASession() async throws {
        try await withHarness { harness in
            let reply = try await BrowserSession(harness).get("/ui/flags?severity=high")
            #expect(reply.status == .seeOther)
            #expect(reply.location == "/ui/sign-in?next=%2Fui%2Fflags%3Fseverity%3Dhigh")
            #expect(WebRoutes.safeNext("/ui/flags?severity=high") == "/ui/flags?severity=high")
            #expect(WebRoutes.safeNext("https://evil.example/ui") == "/ui")
            #expect(WebRoutes.safeNext("//evil.example") == "/ui")
        }
    }

    @Test("a contractor's API token, or a staff API token, put in the cookie does not open the UI unless it is a staff user's")
    func contractorTokenNeverOpensASession() async throws {
        try await withHarness { harness in
            let procurement = try await harness.token(.procurement)
            let contractor = try await harness.registerContractor(procurement)
            let browser = BrowserSession(harness)
            browser.setCookie("itaku_session", try await harness.contractorToken(contractor))
            let reply = try await browser.get("/ui/contractors/\(contractor)")
            #expect(reply.status == .seeOther)
            #expect(reply.location?.hasPrefix("/ui/sign-in") == true)
        }
    }

    @Test("a form without the session's token is refused and changes nothing; so is a sign-in without its own")
    func csrf() async throws {
        try await withHarness { harness in
            let browser = try await BrowserSession.signedIn(harness, as: .procurement)
            _ = try await browser.get("/ui/contractors/new")
            let forged = try await browser.post("/ui/contractors", ["_csrf": "forged", "legalName": "Forged KK", "country": "JP", "relationship": "outsourcee"])
            #expect(forged.status == .forbidden)
            #expect(forged.text.contains("security token"))
            let list = try await browser.get("/ui/contractors")
            #expect(!list.text.contains("Forged KK"))

            let stranger = BrowserSession(harness)
            let login = try await stranger.post("/ui/sign-in", ["_csrf": "guess", "username": "x", "password": "y"])
            #expect(login.status == .forbidden)
        }
    }

    @Test("pages enforce the API's roles")
    func roles() async throws {
        try await withHarness { harness in
            let procurement = try await BrowserSession.signedIn(harness, as: .procurement)
            #expect(try await procurement.get("/ui/review").status == .forbidden)
            #expect(try await procurement.get("/ui/audit").status == .forbidden)
            #expect(try await procurement.get("/ui/contractors/new").status == .ok)
            let compliance = try await BrowserSession.signedIn(harness, as: .compliance)
            #expect(try await compliance.get("/ui/review").status == .ok)
            #expect(try await compliance.get("/ui/audit").status == .ok)
            let refused = try await compliance.get("/ui/contractors/new")
            #expect(refused.status == .forbidden)
            #expect(refused.text.contains("this needs the procurement role"))
        }
    }

    @Test("a wrong corporate number is named next to its field and nothing is stored; corrected, the contractor is registered")
    func registration() async throws {
        try await withHarness { harness in
            let browser = try await BrowserSession.signedIn(harness, as: .procurement)
            _ = try await browser.get("/ui/contractors/new")
            let fields: KeyValuePairs<String, String> = [
                "legalName": "Kaito Data KK", "corporateNumber": "1234567890120", "country": "JP", "relationship": "outsourcee",
                "contacts[0].email": "not-an-address",
            ]
            let bad = try await browser.post("/ui/contractors", fields)
            #expect(bad.status == .unprocessableEntity)
            #expect(bad.text.contains("id=\"f-corporateNumber-error\""))
            #expect(bad.text.contains("value=\"Kaito Data KK\""))
            #expect(bad.text.contains("id=\"f-contacts-0--email-error\""))
            #expect(try await browser.get("/ui/contractors").text.contains("Kaito Data KK") == false)

            let good = try await browser.post(
                "/ui/contractors",
                ["legalName": "Kaito Data KK", "corporateNumber": Fixtures.corporateNumber(), "country": "JP", "relationship": "outsourcee"])
            #expect(good.status == .seeOther)
            let page = try await browser.get(try #require(good.location))
            #expect(page.status == .ok)
            #expect(page.text.contains("<h1>Kaito Data KK</h1>"))
            #expect(page.text.contains("Registered Kaito Data KK."))
        }
    }

    @Test("procurement entrusts data and drafts a contract leaving terms out; the contract page shows them missing")
    func entrustAndDraft() async throws {
        try await withHarness { harness in
            let procurement = try await harness.token(.procurement)
            let contractor = try await harness.registerContractor(procurement)
            let browser = try await BrowserSession.signedIn(harness, as: .procurement)
            _ = try await browser.get("/ui/contractors/\(contractor)/entrustments/new")
            let bad = try await browser.post(
                "/ui/contractors/\(contractor)/entrustments", ["title": "Payroll", "estimatedRecords": "lots", "retentionDays": "365"])
            #expect(bad.status == .unprocessableEntity)
            #expect(bad.text.contains("must be a whole number"))
            #expect(bad.text.contains("id=\"f-purposes-error\""))
            let entrusted = try await browser.post(
                "/ui/contractors/\(contractor)/entrustments",
                [
                    "title": "Payroll", "purposes": "customer_support", "subjectCategories": "customers", "dataItems": "name",
                    "estimatedRecords": "1200", "locations": "JP", "retentionDays": "365", "startsOn": "2026-01-01",
                ])
            #expect(entrusted.status == .seeOther)

            let form = try await browser.get("/ui/contractors/\(contractor)/contracts/new")
            let entrustmentID = try #require(form.text.firstMatch(of: /name="entrustmentIds" value="([0-9a-f-]+)"/)).1
            let drafted = try await browser.post(
                "/ui/contractors/\(contractor)/contracts",
                [
                    "reference": "OUT-UI-1", "effectiveFrom": "2026-01-01", "entrustmentIds": String(entrustmentID),
                    "omitKinds": "breach_notification_to_company",
                ])
            #expect(drafted.status == .seeOther)
            let contract = try await browser.get(try #require(drafted.location))
            #expect(contract.text.contains("Not equivalent to the policy"))
            #expect(contract.text.contains("<tr class=\"missing\">"))
            #expect(contract.text.contains("<span class=\"status missing\">Missing</span>"))
        }
    }

    @Test("compliance decides an attestation from the queue: a rejection needs a comment, an acceptance leaves the queue")
    func review() async throws {
        try await withHarness { harness in
            let fixture = try await ReportingFixture.make(harness)
            let submitted = try await fixture.submit()
            let attestation = try #require(submitted.json?.id?.string)
            let browser = try await BrowserSession.signedIn(harness, as: .compliance)
            let queue = try await browser.get("/ui/review")
            #expect(queue.text.contains("/ui/attestations/\(attestation)"))
            let page = try await browser.get("/ui/attestations/\(attestation)")
            #expect(page.text.contains("Record the decision"))
            let version = try #require(page.text.firstMatch(of: /name="version" value="(\d+)"/)).1
            let rejected = try await browser.post("/ui/attestations/\(attestation)/review", ["decision": "rejected", "version": String(version)])
            #expect(rejected.status == .unprocessableEntity)
            #expect(rejected.text.contains("is required when the decision is rejected"))
            let accepted = try await browser.post("/ui/attestations/\(attestation)/review", ["decision": "accepted", "version": String(version)])
            #expect(accepted.status == .seeOther)
            #expect(!(try await browser.get("/ui/review").text.contains(attestation)))
            let stale = try await browser.post("/ui/attestations/\(attestation)/review", ["decision": "accepted", "version": String(version)])
            #expect(stale.status == .conflict)
        }
    }

    @Test("every page renders for a role that may open it, with the contractor's flags, terms and chain on its page")
    func everyPage() async throws {
        try await withHarness { harness in
            let fixture = try await ReportingFixture.make(harness)
            _ = try await fixture.submit()
            let compliance = try await BrowserSession.signedIn(harness, as: .compliance)
            let pages = [
                "/ui", "/ui/contractors", "/ui/contractors?q=reporting", "/ui/contractors/\(fixture.contractor)", "/ui/contracts/\(fixture.contract)",
                "/ui/review", "/ui/flags", "/ui/flags?severity=high", "/ui/policy", "/ui/policy?version=1", "/ui/templates",
                "/ui/templates/outsourcing-agreement", "/ui/audit", "/ui/audit?verify=1", "/ui/static/itaku.css",
            ]
            for path in pages {
                let reply = try await compliance.get(path)
                #expect(reply.status == .ok, "\(path): \(reply.status)")
            }
            let audit = try await compliance.get("/ui/audit?verify=1")
            #expect(audit.text.contains("The chain is intact"))
            let contractor = try await compliance.get("/ui/contractors/\(fixture.contractor)")
            #expect(contractor.text.contains("Why it is risky"))
            #expect(contractor.text.contains("class=\"matrix\""))
            #expect(try await compliance.get("/ui/contracts/\(UUID())").status == .notFound)
            #expect(try await compliance.get("/ui/contractors/not-a-uuid").status == .notFound)
        }
    }

    @Test("a new contractor token is shown once, on the page that issued it, and can be revoked there")
    func tokens() async throws {
        try await withHarness { harness in
            let procurement = try await harness.token(.procurement)
            let contractor = try await harness.registerContractor(procurement)
            let browser = try await BrowserSession.signedIn(harness, as: .procurement)
            _ = try await browser.get("/ui/contractors/\(contractor)")
            let issued = try await browser.post("/ui/contractors/\(contractor)/tokens", ["label": "reporting bot", "expiresInDays": "30"])
            #expect(issued.status == .ok)
            let secret = String(try #require(issued.text.firstMatch(of: /<code id="new-token">(itk_[A-Za-z0-9_-]+)<\/code>/)).1)
            #expect(try await harness.send(.GET, "/api/v1/contractors/\(contractor)", token: secret).status == .ok)
            let again = try await browser.get("/ui/contractors/\(contractor)")
            #expect(!again.text.contains(secret))
            let tokenID = String(try #require(again.text.firstMatch(of: /action="\/ui\/tokens\/([0-9a-f-]+)\/revoke"/)).1)
            let revoked = try await browser.post("/ui/tokens/\(tokenID)/revoke", ["contractor": contractor])
            #expect(revoked.status == .seeOther)
            #expect(try await harness.send(.GET, "/api/v1/contractors/\(contractor)", token: secret).status == .unauthorized)
        }
    }

    @Test("signing out ends the session on the server: the old cookie opens nothing, and both ends are audited")
    func signOut() async throws {
        try await withHarness { harness in
            let browser = try await BrowserSession.signedIn(harness, as: .auditor)
            let cookie = try #require(browser.cookies["itaku_session"])
            _ = try await browser.get("/ui")
            let out = try await browser.post("/ui/sign-out")
            #expect(out.status == .seeOther)
            let replay = BrowserSession(harness)
            replay.setCookie("itaku_session", cookie)
            #expect(try await replay.get("/ui").status == .seeOther)
            let events = try await harness.services.audit.events(AuditFilter(), page: PageRequest(limit: 10), by: .system("test")).items
            #expect(events.contains { $0.action == "session.start" })
            #expect(events.contains { $0.action == "session.end" })
        }
    }

    @Test("compliance waives a flag with a reason and an end date; without a reason the page says so")
    func waive() async throws {
        try await withHarness { harness in
            let procurement = try await harness.token(.procurement)
            let contractor = try await harness.registerContractor(procurement)
            _ = try await harness.entrust(procurement, to: contractor)
            let flags = try await harness.services.risk.flags(
                FlagFilter(contractorID: UUID(uuidString: contractor)), page: PageRequest(limit: 10), by: .system("test")).items
            let flag = try #require(flags.first)
            let browser = try await BrowserSession.signedIn(harness, as: .compliance)
            let list = try await browser.get("/ui/flags?contractor=\(contractor)")
            #expect(list.text.contains("flag-\(flag.id.uuidString.lowercased())"))
            let missing = try await browser.post(
                "/ui/flags/\(flag.id.uuidString.lowercased())/waive", ["version": String(flag.version), "expiresOn": "2027-01-31"])
            #expect(missing.status == .unprocessableEntity)
            #expect(missing.text.contains("Reason"))
            let waived = try await browser.post(
                "/ui/flags/\(flag.id.uuidString.lowercased())/waive",
                ["version": String(flag.version), "reason": "Contract being renegotiated", "expiresOn": "2027-01-31", "returnTo": "contractor=\(contractor)"])
            #expect(waived.status == .seeOther)
            #expect(waived.location == "/ui/flags?contractor=\(contractor)")
            let after = try await harness.services.risk.flag(flag.id, by: .system("test"))
            #expect(after.status == .waived)
            #expect(after.waiver?.reason == "Contract being renegotiated")
        }
    }
}
