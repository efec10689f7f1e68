import Foundation
import ItakuCore
import Vapor

/// A one-line progress report on stderr, rewritten in place.
struct ProgressLine {
    let label: String

    func show(_ done: Int, of total: Int) {
        let percent = total == 0 ? 100 : done * 100 / total
        FileHandle.standardError.write(Data("\r\(label): \(done)/\(total) (\(percent)%)".utf8))
    }

    func finish(_ text: String) {
        FileHandle.standardError.write(Data("\r\(label): \(text)\u{1B}[K\n".utf8))
    }
}

/// `itaku scan`: re-derives every contractor's flags now and prints a summary by rule.
struct ScanCommand: AnyAsyncCommand {
    var help: String { "Re-derive every contractor's risk flags and print a summary by rule" }

    func run(using context: inout CommandContext) async throws {
        try CommandLineArguments(context.input.arguments).ensureEmpty()
        let services = context.application.itaku
        let line = ProgressLine(label: "scan")
        let started = ContinuousClock.now
        let scan = try await services.risk.startScan(trigger: "command", by: .system("cli"))
        let (finished, timings) = try await services.risk.run(scan) { progress in line.show(progress.done, of: progress.total) }
        guard finished.status == .finished else { throw CommandUsageError("scan failed: \(finished.error ?? "unknown error")") }
        line.finish("\(finished.total) contractors in \(Self.seconds(ContinuousClock.now - started))")
        print("scanned \(finished.total) contractors: \(finished.opened) flags opened, \(finished.changed) changed, \(finished.resolved) resolved")
        print("read \(Self.seconds(timings.read)), prepare \(Self.seconds(timings.prepare)), evaluate \(Self.seconds(timings.evaluate)), persist \(Self.seconds(timings.persist)); "
            + "then, once recorded as finished, freeing its memory \(Self.seconds(timings.cleanup))")
        let (_, counts) = try await services.risk.portfolio(page: PageRequest(limit: 1), by: .system("cli"))
        let byRule = Dictionary(grouping: counts, by: \.rule)
        print("live flags by rule:")
        for rule in services.catalog.riskRules {
            let entries = byRule[rule.code] ?? []
            let total = entries.reduce(0) { $0 + $1.count }
            let detail = entries.sorted { $0.severity > $1.severity }.map { "\($0.severity.rawValue) \($0.count)" }.joined(separator: ", ")
            print("  \(rule.code.padding(toLength: 30, withPad: " ", startingAt: 0)) \(String(total).leftPadded(6))  \(detail)")
        }
    }

    static func seconds(_ duration: Duration) -> String {
        let value = Double(duration.components.seconds) + Double(duration.components.attoseconds) / 1e18
        return String(format: "%.2f s", value)
    }
}

/// `itaku seed-demo --contractors N [--seed S] [--no-scan]`: loads a generated portfolio and, unless told not to, scans it.
struct SeedDemoCommand: AnyAsyncCommand {
    var help: String { "Load a generated demo portfolio and scan it: seed-demo --contractors N [--seed S] [--no-scan]" }

    func run(using context: inout CommandContext) async throws {
        var arguments = CommandLineArguments(context.input.arguments)
        let count = try arguments.number("--contractors", in: 10...200_000, default: 200)
        let seedText = try arguments.option("--seed") ?? "7"
        // Without the scan the flags are derived by the next one (the benchmark times that first scan).
        let scans = !arguments.flag("--no-scan")
        try arguments.ensureEmpty()
        guard let seed = UInt64(seedText) else { throw CommandUsageError("--seed must be a whole number") }
        let services = context.application.itaku
        let started = ContinuousClock.now
        let line = ProgressLine(label: "seed-demo")
        let (policy, questionnaire) = try await services.store.read { tx in (try await tx.currentPolicy(), try await tx.currentQuestionnaire()) }
        guard let policy, let questionnaire else { throw CommandUsageError("no policy or questionnaire installed") }
        let demo = DemoPortfolio.generate(
            contractors: count, policy: policy, catalog: services.catalog, questionnaire: questionnaire, today: CalendarDay(services.now()),
            seed: seed) { done in line.show(done, of: count) }
        line.finish("generated \(demo.contractors.count) contractors, \(demo.entrustments.count) entrustments, \(demo.contracts.count) contracts, \(demo.attestations.count) attestations, \(demo.subcontractings.count) sub-contractings, \(demo.incidents.count) incidents")
        let summary =
            "\(demo.contractors.count) contractors, \(demo.entrustments.count) entrustments, \(demo.contracts.count) contracts, \(demo.attestations.count) attestations, \(demo.subcontractings.count) sub-contractings, \(demo.incidents.count) incidents"
        let moment = services.now()
        try await services.store.write { tx in
            try await tx.insert(demo)
            // One event for the bulk load: the rows themselves are generated, not anyone's edits.
            try await tx.appendAudit(
                AuditDraft(by: .system("cli"), action: "demo.seed", subjectType: "portfolio", subjectID: "seed-\(seed)", before: nil, after: "{\"summary\":\"\(summary)\"}"),
                at: moment)
        }
        line.finish("stored in \(ScanCommand.seconds(ContinuousClock.now - started))")
        guard scans else {
            print("seeded \(summary) in \(ScanCommand.seconds(ContinuousClock.now - started)); not scanned")
            return
        }
        let scan = try await services.risk.startScan(trigger: "seed-demo", by: .system("cli"))
        let scanLine = ProgressLine(label: "scan")
        let (finished, _) = try await services.risk.run(scan) { progress in scanLine.show(progress.done, of: progress.total) }
        scanLine.finish("\(finished.opened) flags opened")
        print("seeded \(summary); \(finished.opened) flags opened in \(ScanCommand.seconds(ContinuousClock.now - started)) overall")
    }
}

extension String {
    func leftPadded(_ width: Int) -> String {
        count >= width ? self : String(repeating: " ", count: width - count) + self
    }
}
