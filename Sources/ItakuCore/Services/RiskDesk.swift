import Foundation

/// Risk flags, scores and the portfolio; triage by compliance; whole-portfolio scans.
public struct RiskDesk: Sendable {
    let store: any Store
    let catalog: Catalog
    let questionnaires: QuestionnaireCache
    let now: @Sendable () -> Date
    /// Where a scan's work runs: its reading and evaluation fill every core for seconds, and
    /// the service keeps that off the threads that answer requests. Nil runs it where it is called.
    let bulkWork: (any TaskExecutor)?
    /// Runs once a scan has ended and freed its values. A scan holds the whole portfolio for a few
    /// seconds, and an allocator keeps what was freed: without handing it back, a process that
    /// scanned stays at the scan's size, and the next scan starts from there and grows past it.
    /// The service passes the allocator's trim; nothing by default.
    let afterScan: @Sendable () -> Void

    public init(
        store: any Store, catalog: Catalog, questionnaires: QuestionnaireCache, bulkWork: (any TaskExecutor)? = nil,
        afterScan: @escaping @Sendable () -> Void = {}, now: @escaping @Sendable () -> Date
    ) {
        self.store = store
        self.catalog = catalog
        self.questionnaires = questionnaires
        self.bulkWork = bulkWork
        self.afterScan = afterScan
        self.now = now
    }

    // MARK: Flags

    public func flags(_ filter: FlagFilter, page: PageRequest, by principal: Principal) async throws -> Page<RiskFlag> {
        try principal.authorize(.readRisk)
        return try await store.read { tx in try await tx.flags(filter, page: page) }
    }

    public func flag(_ id: UUID, by principal: Principal) async throws -> RiskFlag {
        try principal.authorize(.readRisk)
        guard let flag = try await store.read({ tx in try await tx.flag(id) }) else {
            throw ItakuError.notFound("flag \(id.uuidString.lowercased()) not found")
        }
        return flag
    }

    /// Compliance has seen the flag; it stays live and counts towards the score.
    public func acknowledge(_ id: UUID, ifVersion expected: Int?, by principal: Principal) async throws -> RiskFlag {
        try principal.authorize(.triageFlags)
        let moment = now()
        return try await triage(id, ifVersion: expected, action: "flag.acknowledge", by: principal, at: moment) { flag in
            guard flag.status == .open else { throw ItakuError.conflict("only an open flag can be acknowledged; this one is \(flag.status.rawValue)") }
            flag.status = .acknowledged
            flag.acknowledgedAt = moment
            flag.acknowledgedBy = principal.actorName
        }
    }

    /// Compliance accepts the finding until `expiresOn`; the flag stops counting until then.
    public func waive(_ id: UUID, reason: String?, expiresOn: String?, ifVersion expected: Int?, by principal: Principal) async throws -> RiskFlag {
        try principal.authorize(.triageFlags)
        let moment = now()
        let today = CalendarDay(moment)
        var issues = IssueList()
        let reason = FieldRules.text(reason, "reason", required: true, maxLength: 2000, into: &issues)
        var expiry: CalendarDay?
        if let raw = expiresOn {
            expiry = FieldRules.day(raw, "expiresOn", into: &issues)
            if let day = expiry, day <= today { issues.add("expiresOn", "must be after today") }
            if let day = expiry, day > today.adding(days: 366) { issues.add("expiresOn", "a waiver may last at most a year; review it again then") }
        } else {
            issues.add("expiresOn", "is required: a waiver must end")
        }
        try issues.throwIfAny()
        let waiver = Waiver(reason: reason!, expiresOn: expiry!, by: principal.actorName, at: moment)
        return try await triage(id, ifVersion: expected, action: "flag.waive", by: principal, at: moment) { flag in
            guard flag.status != .resolved else { throw ItakuError.conflict("the finding is resolved; there is nothing to waive") }
            flag.status = .waived
            flag.waiver = waiver
        }
    }

    private func triage(
        _ id: UUID, ifVersion expected: Int?, action: String, by principal: Principal, at moment: Date,
        _ change: @escaping @Sendable (inout RiskFlag) throws -> Void
    ) async throws -> RiskFlag {
        guard let expected else { throw ItakuError.versionRequired }
        return try await store.write { tx in
            guard let current = try await tx.flag(id) else { throw ItakuError.notFound("flag \(id.uuidString.lowercased()) not found") }
            guard current.version == expected else { throw ItakuError.staleVersion(current: current.version) }
            var changed = current
            try change(&changed)
            changed.version += 1
            guard try await tx.update(changed, expectedVersion: current.version) else { throw ItakuError.staleVersion(current: current.version) }
            try await tx.appendAudit(
                AuditDraft(by: principal, action: action, subjectType: "flag", subjectID: id, before: current, after: changed), at: moment)
            let contractor = try await tx.contractor(changed.contractorID)
            try await tx.setScores([
                ContractorScore(
                    contractorID: changed.contractorID, legalName: contractor?.profile.legalName ?? "",
                    flags: try await tx.flags(ofContractor: changed.contractorID))
            ])
            return changed
        }
    }

    // MARK: Risk and portfolio

    /// Everything about one contractor's risk at a glance.
    public struct ContractorRisk: Sendable {
        public var score: ContractorScore
        public var flags: [RiskFlag]
        public var contract: Contract?
        public var equivalence: EquivalenceReport?
        public var tree: [SubcontractingDesk.TreeEntry]

        public init(
            score: ContractorScore, flags: [RiskFlag], contract: Contract?, equivalence: EquivalenceReport?, tree: [SubcontractingDesk.TreeEntry]
        ) {
            self.score = score
            self.flags = flags
            self.contract = contract
            self.equivalence = equivalence
            self.tree = tree
        }
    }

    public func risk(ofContractor id: UUID, subcontracting: SubcontractingDesk, by principal: Principal) async throws -> ContractorRisk {
        try principal.authorize(.readRisk)
        let catalog = self.catalog
        let today = CalendarDay(now())
        let (contractor, flags, contract, equivalence) = try await store.read { tx -> (Contractor, [RiskFlag], Contract?, EquivalenceReport?) in
            guard let contractor = try await tx.contractor(id) else { throw ItakuError.notFound(ContractDesk.missingContractor(id)) }
            let flags = try await tx.flags(ofContractor: id)
            let contract = try await tx.allContracts(ofContractor: id).inForce(on: today)
            var equivalence: EquivalenceReport?
            if let contract, let policy = try await tx.currentPolicy() {
                equivalence = try await ContractDesk.equivalence(of: contract, policy: policy, catalog: catalog, in: tx)
            }
            return (contractor, flags, contract, equivalence)
        }
        let live = flags.filter(\.isLive).sorted { ($0.severity.rank, $0.lastSeenAt) > ($1.severity.rank, $1.lastSeenAt) }
        return ContractorRisk(
            score: ContractorScore(contractorID: id, legalName: contractor.profile.legalName, flags: flags), flags: live, contract: contract,
            equivalence: equivalence, tree: try await subcontracting.tree(of: id, by: principal))
    }

    public func portfolio(page: PageRequest, by principal: Principal) async throws -> (Page<ContractorScore>, [FlagCount]) {
        try principal.authorize(.readRisk)
        return try await store.read { tx in (try await tx.portfolio(page: page), try await tx.liveFlagCounts()) }
    }

    // MARK: Scans

    public func scan(_ id: UUID, by principal: Principal) async throws -> Scan {
        try principal.authorize(.readRisk)
        guard let scan = try await store.read({ tx in try await tx.scan(id) }) else {
            throw ItakuError.notFound("scan \(id.uuidString.lowercased()) not found")
        }
        return scan
    }

    public func scans(by principal: Principal) async throws -> [Scan] {
        try principal.authorize(.readRisk)
        return try await store.read { tx in try await tx.scans(limit: 50) }
    }

    /// Records a new scan so its progress can be followed; `run` then carries it out.
    public func startScan(trigger: String, by principal: Principal) async throws -> Scan {
        try principal.authorize(.runScan)
        let scan = Scan(trigger: trigger, total: 0, startedAt: now())
        try await store.write { tx in
            try await tx.insert(scan)
            try await tx.appendAudit(
                AuditDraft(by: principal, action: "scan.start", subjectType: "scan", subjectID: scan.id, before: Scan?.none, after: scan),
                at: scan.startedAt)
        }
        return scan
    }

    /// Re-derives every contractor's flags from one snapshot, in chunks so progress is visible;
    /// `report` hears about every chunk. Timings of each phase are returned for benchmarks.
    @discardableResult
    public func run(_ started: Scan, report: @Sendable (Scan) async -> Void = { _ in }) async throws -> (scan: Scan, timings: ScanTimings) {
        do {
            return try await withTaskExecutorPreference(bulkWork) { try await carryOut(started, report: report) }
        } catch {
            // Recording the end failed; the scan's values are freed by now all the same.
            afterScan()
            throw error
        }
    }

    private func carryOut(_ started: Scan, report: @Sendable (Scan) async -> Void) async throws -> (scan: Scan, timings: ScanTimings) {
        var scan = started
        var timings = ScanTimings()
        // The portfolio outlives the scan's last phase: it is freed once the scan is recorded as
        // finished, since freeing a whole portfolio's values takes a tenth of a scan and nobody
        // waiting for the scan's result needs to wait for it.
        var leftover: RiskDerivation.Portfolio?
        let catalog = self.catalog
        let questionnaires = self.questionnaires
        do {
            var clock = ContinuousClock.now
            let (snapshot, policy, versions) = try await store.read { tx -> (PortfolioSnapshot, PolicyVersion?, [Int: QuestionnaireContent]) in
                let snapshot = try await tx.portfolioSnapshot()
                var versions: [Int: QuestionnaireContent] = [:]
                for version in Set(snapshot.attestations.map(\.questionnaireVersion)) {
                    versions[version] = try await questionnaires.version(version, in: tx)?.content
                }
                return (snapshot, try await tx.currentPolicy(), versions)
            }
            timings.read = ContinuousClock.now - clock
            guard let policy else { throw ItakuError.notFound("no policy is installed") }
            let total = snapshot.contractors.count
            let storedScores = snapshot.scores
            scan.total = total
            let moment = now()

            clock = ContinuousClock.now
            // The portfolio holds the snapshot's only copy from here, so it can free it all at the end.
            let portfolio = await RiskDerivation.Portfolio(consume snapshot, policy: policy, catalog: catalog, questionnaires: versions, at: moment)
            timings.prepare = ContinuousClock.now - clock
            clock = ContinuousClock.now
            var changes = FlagChanges()
            var scores: [ContractorScore] = []
            var outcome = RiskDerivation.Outcome()
            // Chunks run on every core at once; progress is recorded as they complete, every tenth
            // of the portfolio or so (waiting for a whole round of chunks left cores idle).
            let chunk = 500
            let ranges = stride(from: 0, to: total, by: chunk).map { $0..<min($0 + chunk, total) }
            var parts: [Int: (changes: FlagChanges, scores: [ContractorScore])] = [:]
            try await withThrowingTaskGroup(of: (Int, (changes: FlagChanges, scores: [ContractorScore])).self) { group in
                for range in ranges { group.addTask { [portfolio] in (range.lowerBound, portfolio.evaluate(range)) } }
                var recorded = 0
                for try await (start, part) in group {
                    parts[start] = part
                    scan.done += part.scores.count
                    guard scan.done - recorded >= max(chunk, total / 10) || scan.done == total else { continue }
                    recorded = scan.done
                    await report(scan)
                    let progress = scan
                    try await store.write { tx in try await tx.update(progress) }
                }
            }
            for range in ranges {
                let part = parts[range.lowerBound]!
                changes.inserted += part.changes.inserted
                changes.updated += part.changes.updated
                scores += part.scores
                outcome.add(part.changes)
            }
            timings.evaluate = ContinuousClock.now - clock

            clock = ContinuousClock.now
            let final = changes
            let finalScores = RiskDerivation.scoresToWrite(scores, stored: storedScores, changes: changes)
            let scanned = scores.map(\.contractorID)
            try await store.write { tx in
                try await tx.holdFlags(of: scanned)
                try await tx.apply(final)
                try await tx.setScores(finalScores)
            }
            timings.persist = ContinuousClock.now - clock
            leftover = consume portfolio
            scan.opened = outcome.opened
            scan.changed = outcome.changed
            scan.resolved = outcome.resolved
            scan.status = .finished
        } catch {
            scan.status = .failed
            scan.error = "\(error)"
        }
        scan.finishedAt = now()
        let finished = scan
        try await store.write { tx in try await tx.update(finished) }
        await report(finished)
        let clock = ContinuousClock.now
        await leftover?.release()
        leftover = nil
        afterScan()
        timings.cleanup = ContinuousClock.now - clock
        return (finished, timings)
    }
}

/// How long each phase of a scan took.
public struct ScanTimings: Sendable {
    public var read: Duration = .zero
    /// Grouping the snapshot by contractor and checking every sub-contracting chain.
    public var prepare: Duration = .zero
    public var evaluate: Duration = .zero
    public var persist: Duration = .zero
    /// Freeing the portfolio and handing memory back, once the scan is recorded as finished.
    public var cleanup: Duration = .zero

    /// The phases together (not the scan's start and finish records, nor the cleanup after them).
    public var phases: Duration { read + prepare + evaluate + persist }

    public init() {}
}
