import Foundation
import ItakuCore
import Vapor

/// `itaku audit-verify`: recomputes the audit hash chain; exits non-zero, naming the first broken
/// event, when it does not hold.
struct AuditVerifyCommand: AnyAsyncCommand {
    var help: String { "Recompute the audit hash chain and name the first broken event, if any" }

    /// The chain does not hold; the message says where and why.
    struct ChainBroken: Error, CustomStringConvertible {
        var description: String
    }

    func run(using context: inout CommandContext) async throws {
        try CommandLineArguments(context.input.arguments).ensureEmpty()
        let started = ContinuousClock.now
        switch try await context.application.itaku.audit.verify(by: .system("cli")) {
        case .intact(let count):
            print("audit chain intact: \(count) events verified in \(ScanCommand.seconds(ContinuousClock.now - started))")
        case .broken(let eventID, let sequence, let verified, let reason):
            throw ChainBroken(
                description: "audit chain broken at event \(sequence) (\(eventID.uuidString.lowercased())): \(reason); \(verified) events before it verified")
        }
    }
}
