import Foundation
import Vapor

/// Token buckets by key (a token id, a client address): each holds up to a minute's allowance
/// and refills continuously, so a client may burst up to its limit and then keeps to the rate.
actor RateLimiter {
    private var buckets: [String: (tokens: Double, updated: ContinuousClock.Instant)] = [:]
    private let clock = ContinuousClock()

    /// Takes one request from `key`'s bucket of `perMinute`; throws `RateLimited` when it is empty.
    func take(_ key: String, perMinute: Int) throws {
        let now = clock.now
        let capacity = Double(perMinute)
        let perSecond = capacity / 60
        var bucket = buckets[key] ?? (capacity, now)
        let elapsed = Double((now - bucket.updated).components.seconds) + Double((now - bucket.updated).components.attoseconds) / 1e18
        bucket.tokens = min(capacity, bucket.tokens + elapsed * perSecond)
        bucket.updated = now
        guard bucket.tokens >= 1 else {
            buckets[key] = bucket
            throw RateLimited(retryAfterSeconds: Int(((1 - bucket.tokens) / perSecond).rounded(.up)))
        }
        bucket.tokens -= 1
        buckets[key] = bucket
        if buckets.count > 50_000 { forgetIdle(before: now - .seconds(60)) }
    }

    /// A full bucket is the same as no bucket: drop those so the table stays small.
    private func forgetIdle(before moment: ContinuousClock.Instant) {
        buckets = buckets.filter { $0.value.updated > moment }
    }
}

/// Too many requests; the client may try again after `retryAfterSeconds`.
struct RateLimited: Error, Equatable {
    var retryAfterSeconds: Int
}

/// Staff sign-in guessing: after a few wrong passwords for one username, that username is locked
/// for a while that doubles with each further failure, whatever password comes next.
actor SignInThrottle {
    static let freeFailures = 5
    static let firstLockSeconds = 30
    static let longestLockSeconds = 900

    private var failures: [String: (count: Int, lockedUntil: ContinuousClock.Instant?)] = [:]
    private let clock = ContinuousClock()

    /// Throws `RateLimited` while `username` is locked.
    func check(_ username: String) throws {
        guard let until = failures[username.lowercased()]?.lockedUntil, until > clock.now else { return }
        let wait = until - clock.now
        throw RateLimited(retryAfterSeconds: max(1, Int(wait.components.seconds) + 1))
    }

    func failed(_ username: String) {
        let key = username.lowercased()
        var entry = failures[key] ?? (0, nil)
        entry.count += 1
        if entry.count >= Self.freeFailures {
            let doublings = min(entry.count - Self.freeFailures, 10)
            let seconds = min(Self.longestLockSeconds, Self.firstLockSeconds << doublings)
            entry.lockedUntil = clock.now + .seconds(seconds)
        }
        failures[key] = entry
        if failures.count > 50_000 { failures = failures.filter { $0.value.lockedUntil.map { $0 > clock.now } ?? false } }
    }

    func succeeded(_ username: String) {
        failures[username.lowercased()] = nil
    }
}

extension Request {
    /// The client's address as the connection saw it; proxies' headers are not trusted.
    var clientAddress: String {
        remoteAddress?.ipAddress ?? "unknown"
    }
}
