import Foundation
import ItakuCore
import Testing
import VaporTesting

@testable import ItakuServer

@Suite("Rate limits and sign-in throttling")
struct RateLimitTests {
    @Test("a contractor token beyond its allowance gets 429 with Retry-After; another contractor's token is unaffected")
    func contractorTokens() async throws {
        try await withHarness(configuring: { $0.rateLimits.contractorPerMinute = 5 }) { harness in
            let procurement = try await harness.token(.procurement)
            let first = try await harness.registerContractor(procurement, name: "Busy KK")
            let second = try await harness.registerContractor(procurement, name: "Quiet KK")
            let busy = try await harness.contractorToken(first)
            for _ in 1...5 { #expect(try await harness.send(.GET, "/api/v1/contractors/\(first)", token: busy).status == .ok) }
            let limited = try await harness.send(.GET, "/api/v1/contractors/\(first)", token: busy)
            #expect(limited.status == .tooManyRequests)
            #expect(limited.isProblem)
            #expect(Int(limited.headers.first(name: .retryAfter) ?? "") ?? 0 >= 1)
            let quiet = try await harness.contractorToken(second)
            #expect(try await harness.send(.GET, "/api/v1/contractors/\(second)", token: quiet).status == .ok)
            // Staff are not limited by the contractors' allowance.
            for _ in 1...8 { #expect(try await harness.send(.GET, "/api/v1/contractors/\(first)", token: procurement).status == .ok) }
        }
    }

    @Test("guessing tokens from one address is cut off")
    func failedAuthentication() async throws {
        // Two a minute refills one guess per 30 s: far longer than five requests take, even on a
        // CPU-starved machine (at three a minute, with both cores saturated, a fourth got through).
        try await withHarness(configuring: { $0.rateLimits.signInPerMinute = 2 }) { harness in
            var statuses: [UInt] = []
            for _ in 1...5 { statuses.append(try await harness.send(.GET, "/api/v1/contractors", token: "itk_guess").status.code) }
            #expect(statuses == [401, 401, 429, 429, 429])
        }
    }

    @Test("sign-in attempts per address are limited, and a username is locked after repeated wrong passwords, even for the right one")
    func signIn() async throws {
        try await withHarness { harness in
            _ = try await harness.services.credentials.createUser(
                username: "hana", role: .compliance, password: "correct horse battery", by: .system("test"))
            let browser = BrowserSession(harness)
            for _ in 1...SignInThrottle.freeFailures {
                #expect(try await browser.signIn(username: "hana", password: "wrong guess 1234").status == .unauthorized)
            }
            let locked = try await browser.signIn(username: "Hana", password: "correct horse battery")
            #expect(locked.status == .tooManyRequests)
            let wait = Int(locked.headers.first(name: .retryAfter) ?? "") ?? 0
            #expect((1...SignInThrottle.firstLockSeconds).contains(wait))
            #expect(locked.text.contains("Too many attempts"))
        }
        try await withHarness(configuring: { $0.rateLimits.signInPerMinute = 2 }) { harness in
            let browser = BrowserSession(harness)
            var statuses: [UInt] = []
            for name in ["a", "c", "e"] { statuses.append(try await browser.signIn(username: name, password: "wrong").status.code) }
            #expect(statuses == [401, 401, 429])
        }
    }

    @Test("the limit settings are read from the environment and checked")
    func configuration() throws {
        let configured = try Configuration.fromEnvironment(["ITAKU_RATE_LIMIT_CONTRACTOR": "120", "ITAKU_RATE_LIMIT_SIGN_IN": "5"])
        #expect(configured.rateLimits == RateLimits(contractorPerMinute: 120, signInPerMinute: 5))
        #expect(throws: ConfigurationError.self) { try Configuration.fromEnvironment(["ITAKU_RATE_LIMIT_CONTRACTOR": "0"]) }
    }
}
