import Foundation
import ItakuCore
import NIOConcurrencyHelpers
import PostgresNIO

extension FluentTransaction {
    /// One contractor's facts, flags, score and chains, and the policy, in as few statements as
    /// the engine allows. Every write re-derives the contractors it touches inside its
    /// transaction; read table by table, with the chain walked edge by edge, that was fourteen
    /// statements and more, most of what a re-derivation cost.
    func storedRisk(ofContractor contractorID: UUID, on day: CalendarDay) async throws -> StoredContractorRisk? {
        switch engine {
        case .postgres: try await storedRisk(fromPostgres: StoredRiskStatement.Prepared(contractorID: contractorID, day: day))
        case .sqlite: try await storedRisk(fromSQLite: contractorID, on: day)
        }
    }

    /// Holds the flags of `contractorIDs` (as `holdFlags(of:)`) and then reads each one's stored
    /// risk, in the order given; contractors not found are left out. On PostgreSQL the locks and
    /// the first read are one round trip: a function takes the locks and then reads (see
    /// `StoredRiskStatement.LockingFunction`).
    func storedRisks(holdingFlagsOf contractorIDs: [UUID], on day: CalendarDay) async throws -> [StoredContractorRisk] {
        var risks: [StoredContractorRisk] = []
        var rest = contractorIDs[...]
        if engine == .postgres, let first = rest.first, contractorIDs.count <= Self.flagLocksPerContractorLimit {
            let statement = StoredRiskStatement.LockingFunction.Call(
                contractorID: first, day: day, namespace: Self.flagLockNamespace, keys: Self.flagLockKeys(contractorIDs))
            if let risk = try await storedRisk(fromPostgres: statement) { risks.append(risk) }
            rest = rest.dropFirst()
        } else {
            try await holdFlags(of: contractorIDs)
        }
        for id in rest {
            if let risk = try await storedRisk(ofContractor: id, on: day) { risks.append(risk) }
        }
        return risks
    }

    /// One statement, each table's rows as JSON, prepared once per connection: planning it afresh
    /// took longer than running it.
    private func storedRisk(fromPostgres statement: some StoredRiskStatement.TaggedRows) async throws -> StoredContractorRisk? {
        guard let postgres = db as? any PostgresDatabase else { throw StoredDataError(column: "(connection)", detail: "not PostgreSQL") }
        let rows = NIOLockedValueBox<[(part: Int, body: String)]>([])
        try await forEachRow(of: statement, on: postgres) { row in rows.withLockedValue { $0.append(row) } }
        return try await assemble(
            try rows.withLockedValue { $0 }.map { row in
                let part = try StoredRiskStatement.Part.numbered(row.part)
                // An aggregated part's body is its one column's value, not a row made an object.
                return (part, part.isAggregated ? JSONObjectRow([("body", .string(row.body))]) : try JSONObjectRow(json: row.body))
            })
    }

    /// One statement per table: SQLite prepares every statement afresh, and preparing the whole
    /// as one took longer than running nine. They run side by side: the connection is opened
    /// serialized (SQLITE_OPEN_FULLMUTEX), so the driver's threads take turns inside SQLite while
    /// each statement's hop to the thread pool and back overlaps the others'.
    private func storedRisk(fromSQLite contractorID: UUID, on day: CalendarDay) async throws -> StoredContractorRisk? {
        let statements = StoredRiskStatement.sqlite
        let results = try await withThrowingTaskGroup(of: (Int, [any StoredRow]).self) { group in
            for (index, statement) in statements.enumerated() {
                let binds = statement.parameters.map { $0.value(contractorID: contractorID, day: day) }
                group.addTask { (index, try await storedRows(sql: statement.text, binds)) }
            }
            var results = [[any StoredRow]](repeating: [], count: statements.count)
            for try await (index, found) in group { results[index] = found }
            return results
        }
        var rows: [(part: StoredRiskStatement.Part, row: any StoredRow)] = []
        for (statement, found) in zip(statements, results) {
            let ordered = try statement.inOrder(found)
            for (number, row) in ordered { rows.append((try StoredRiskStatement.Part.numbered(number), row)) }
            // Each row carries the same value; one row of the carried part is read from the first.
            if let carried = statement.carried, let first = ordered.first { rows.append((carried, first.row)) }
        }
        return try await assemble(rows)
    }

    /// The stored risk the parts' rows make, in the order the parts are read, with the term
    /// lists their contracts and edges name.
    private func assemble(_ rows: [(part: StoredRiskStatement.Part, row: any StoredRow)]) async throws -> StoredContractorRisk? {
        let terms = try await termLists(
            rows.compactMap { part, row in try part.termsColumn.map { try row.text($0) } })
        return try await assemble(rows, terms: terms)
    }

    private func assemble(_ rows: [(part: StoredRiskStatement.Part, row: any StoredRow)], terms: TermListBook) async throws -> StoredContractorRisk? {
        var contractor: Contractor?
        var facts = (
            subcontractings: [Subcontracting](), subcontractors: [UUID: Contractor](), entrustments: [Entrustment](),
            contracts: [Contract](), attestations: [AttestationOutline](), incidents: [Incident]()
        )
        // Only the revisions that can be the latest arrive whole (see `Part.attestation`).
        var wholeAttestations: [Attestation] = []
        var outlines = "[]"
        var flags: [RiskFlag] = []
        var score: ContractorScore?
        var policy: PolicyStamp?
        var chain = ChainSurroundings()
        var firstTierContracts: [Contract] = []
        for (part, body) in rows {
            switch part {
            case .contractor: contractor = try ContractorRecord.domain(body)
            case .subcontracting: facts.subcontractings.append(try SubcontractingRecord.domain(body, terms: terms))
            case .subcontractor:
                let organisation = try ContractorRecord.domain(body)
                facts.subcontractors[organisation.id] = organisation
            case .entrustment: facts.entrustments.append(try EntrustmentRecord.domain(body))
            case .contract: facts.contracts.append(try ContractRecord.domain(body, terms: terms))
            case .attestation: wholeAttestations.append(try AttestationRecord.domain(body))
            case .attestationOutline: outlines = try body.text("body")
            case .incident: facts.incidents.append(try IncidentRecord.domain(body))
            case .flag: flags.append(try JSONColumn.decode(RiskFlag.self, from: try body.text("body"), column: "risk_flags.body"))
            case .score: score = try ScoreRecord.domain(body)
            case .edgeAbove:
                let edge = try SubcontractingRecord.domain(body, terms: terms)
                chain.edges[edge.id] = edge
            case .passedOnBySubcontractor:
                let edge = try SubcontractingRecord.domain(body, terms: terms)
                chain.passedOn[edge.parentContractorID, default: []].append(edge)
            case .firstTierEntrustment:
                let entrustment = try EntrustmentRecord.domain(body)
                chain.entrustments[entrustment.id] = entrustment
            case .firstTierContract: firstTierContracts.append(try ContractRecord.domain(body, terms: terms))
            case .policy: policy = try PolicyRecord.stamp(body)
            }
        }
        guard let contractor else { return nil }
        facts.attestations = try AttestationRecord.outlines(json: outlines, of: contractor.id)
        var latestAttestation: Attestation?
        if let latest = AttestationOutline.latest(of: facts.attestations).map({ facts.attestations[$0].id }) {
            // The statement sends whole the revisions with the latest period end and submission
            // time. A resubmission covers its revision's period and comes later, so the latest
            // that nothing answers is among them, unless clocks went back between two
            // submissions: then it is read on its own.
            if let whole = wholeAttestations.first(where: { $0.id == latest }) {
                latestAttestation = whole
            } else {
                guard let read = try await attestation(latest) else {
                    throw StoredDataError(column: "attestations.id", detail: "\(latest) was listed but could not be read")
                }
                latestAttestation = read
            }
        }
        // A sub-contractor that passes nothing on and a first tier without contracts are known too.
        for edge in facts.subcontractings where chain.passedOn[edge.childContractorID] == nil { chain.passedOn[edge.childContractorID] = [] }
        for edge in chain.edges.values where edge.parentSubcontractingID == nil { chain.contracts[edge.parentContractorID] = [] }
        for contract in firstTierContracts { chain.contracts[contract.contractorID, default: []].append(contract) }
        return StoredContractorRisk(
            facts: ContractorFacts(
                contractor: contractor, entrustments: facts.entrustments, contracts: facts.contracts, attestations: facts.attestations,
                latestAttestation: latestAttestation, incidents: facts.incidents, subcontractings: facts.subcontractings, subcontractors: facts.subcontractors),
            flags: flags, score: score, chain: chain, policy: policy)
    }
}

/// The statements behind `storedRisk(ofContractor:on:)`: one for PostgreSQL, every row made JSON
/// and tagged with its part; one per table for SQLite, rows as stored, tagged likewise.
enum StoredRiskStatement {
    /// One table's rows in the result, in the order the parts are read.
    enum Part: Int, CaseIterable {
        case contractor, subcontracting, subcontractor, entrustment, contract
        /// The revisions with the latest period end and submission time, whole: the rules read
        /// the contents of the latest revision alone.
        case attestation
        /// The revisions in `OutlineWindow` of the day bound as `$2`, in outline, as one row: a
        /// JSON array of `AttestationRecord.outlineColumns` arrays in submission order (ties by
        /// id). A contractor's history grows by a revision or more every period, and a row of its
        /// own for each cost both ends more than its values.
        case attestationOutline
        case incident, flag, score
        /// The edges that reach the contractor and every edge above them.
        case edgeAbove
        /// Every edge its sub-contractors pass on.
        case passedOnBySubcontractor
        /// The entrustments and contracts of the first-tier contractors of the chains above it.
        case firstTierEntrustment, firstTierContract
        /// Which policy version is in force, which every re-derivation reads too.
        case policy

        /// The part a row's tag names.
        static func numbered(_ number: Int) throws -> Part {
            guard let part = Part(rawValue: number) else { throw StoredDataError(column: "part", detail: "no part numbered \(number)") }
            return part
        }

        var table: String {
            switch self {
            case .contractor, .subcontractor: ContractorRecord.schema
            case .subcontracting, .edgeAbove, .passedOnBySubcontractor: SubcontractingRecord.schema
            case .entrustment, .firstTierEntrustment: EntrustmentRecord.schema
            case .contract, .firstTierContract: ContractRecord.schema
            case .attestation, .attestationOutline: AttestationRecord.schema
            case .incident: IncidentRecord.schema
            case .flag: FlagRecord.schema
            case .score: ScoreRecord.schema
            case .policy: PolicyRecord.schema
            }
        }

        /// Which rows, for the contractor bound as `$1`.
        var condition: String {
            switch self {
            case .contractor: "t.id = $1"
            case .subcontracting: "t.parent_contractor_id = $1"
            case .subcontractor: "t.id IN (\(Self.subcontractors))"
            case .edgeAbove: "t.id IN (SELECT id FROM above)"  // PostgreSQL's statement reads `above` itself
            case .passedOnBySubcontractor: "t.parent_contractor_id IN (\(Self.subcontractors))"
            case .firstTierEntrustment, .firstTierContract: "t.contractor_id IN (\(Self.firstTiers))"
            case .policy: "t.version = (SELECT max(version) FROM \(PolicyRecord.schema))"
            case .attestation: "t.contractor_id = $1 AND (t.period_end, t.submitted_at) = (latest.period_end, latest.submitted_at)"
            case .attestationOutline: "t.contractor_id = $1 AND (\(Self.outlineWindow))"
            default: "t.contractor_id = $1"
            }
        }

        /// The rows read from: the part's table as `t`, and for the whole attestations the latest
        /// period end and submission time as `latest`, found once, first, through the index
        /// `attestations_latest`, which then finds the revisions that have it.
        var source: String {
            guard self == .attestation else { return "\(table) AS t" }
            return "(SELECT l.period_end, l.submitted_at FROM \(table) AS l WHERE l.contractor_id = $1 "
                + "ORDER BY l.period_end DESC, l.submitted_at DESC LIMIT 1) AS latest CROSS JOIN \(table) AS t"
        }

        /// `OutlineWindow.includes(periodEnd:)` of `t.period_end`, for the day bound as `$2`. Days
        /// are stored as ISO text, so comparing the text compares the days; a comparison with the
        /// NULL of no such contract is not true, as the window's nil is not.
        private static let outlineWindow =
            "t.period_end >= (SELECT min(c.effective_from) FROM \(ContractRecord.schema) AS c WHERE c.contractor_id = $1 "
            + "AND c.status = '\(ContractStatus.signed.rawValue)' AND (c.expires_on IS NULL OR c.expires_on >= $2)) "
            + "OR t.period_end = (SELECT max(m.period_end) FROM \(AttestationRecord.schema) AS m WHERE m.contractor_id = $1)"
        private static let subcontractors = "SELECT child_contractor_id FROM \(SubcontractingRecord.schema) WHERE parent_contractor_id = $1"
        private static let firstTiers = "SELECT first_tier FROM above WHERE parent IS NULL"

        /// The columns read, each as an expression over the row `t`, when not the whole row.
        /// Of the policy only its stamp, since its content is larger than a contractor's facts and
        /// almost always already at hand.
        var selected: [(name: String, value: String)]? {
            self == .policy ? ["version", "created_at"].map { ($0, "t.\($0)") } : nil
        }

        /// Whether the part's rows arrive as one row (see `aggregate(postgres:)`).
        var isAggregated: Bool { self == .attestationOutline }

        /// On SQLite, the part whose rows carry an aggregated part's value as a column `body`,
        /// rather than it being a statement of its own: each statement there costs a hop to the
        /// driver's thread and preparing afresh. A contractor with attestations has at least one
        /// whole revision, and one without has no outlines either.
        var carrier: Part? { self == .attestationOutline ? .attestation : nil }

        /// The one value an aggregated part's row holds, in the engine's JSON functions (the
        /// outlines, see `attestationOutline`); nil for the parts read row by row.
        func aggregate(postgres: Bool) -> String? {
            guard isAggregated else { return nil }
            let values = AttestationRecord.outlineColumns.map { "t.\($0)" }.joined(separator: ", ")
            return postgres
                ? "COALESCE(json_agg(json_build_array(\(values)) ORDER BY t.submitted_at, t.id), '[]')::text"
                : "json_group_array(json_array(\(values)) ORDER BY t.submitted_at, t.id)"
        }

        /// The column naming the row's term list, in the parts whose rows name one.
        var termsColumn: String? {
            switch table {
            case ContractRecord.schema: ContractRecord.termsColumn
            case SubcontractingRecord.schema: SubcontractingRecord.termsColumn
            default: nil
            }
        }

        /// The column that identifies a row; nil for an aggregated part's one row.
        var key: String? {
            switch self {
            case .score: "contractor_id"
            // One row; of the two columns it reads, the one read as text everywhere.
            case .policy: "created_at"
            case .attestationOutline: nil
            default: "id"
            }
        }

        /// The order the table-by-table reads give (ties, which they leave to the database, by id).
        var order: String? {
            switch self {
            case .subcontracting, .passedOnBySubcontractor: "requested_at"
            case .entrustment, .contract, .firstTierEntrustment, .firstTierContract: "created_at"
            case .attestation: "submitted_at"
            case .incident: "reported_at"
            case .contractor, .subcontractor, .flag, .score, .edgeAbove, .policy, .attestationOutline: nil
            }
        }
    }

    /// The chains above the contractor as `above`, walked up from the edges that reach it
    /// (`UNION` ends the walk on a cycle), each edge's `body` carried along when one is given.
    private static func above(carrying body: String? = nil) -> String {
        let edges = SubcontractingRecord.schema
        let columns = "t.id, t.parent_subcontracting_id, t.parent_contractor_id" + (body.map { ", \($0)" } ?? "")
        return "WITH RECURSIVE above(id, parent, first_tier\(body == nil ? "" : ", body")) AS ("
            + "SELECT \(columns) FROM \(edges) AS t WHERE t.child_contractor_id = $1 "
            + "UNION SELECT \(columns) FROM \(edges) AS t JOIN above ON t.id = above.parent) "
    }

    /// PostgreSQL's. The walk up the chains carries each edge's JSON, so no part has to find
    /// the edges again.
    static let postgres: String = {
        let json = "row_to_json(t)::text"
        let selects = Part.allCases.map { part in
            if part == .edgeAbove { return "SELECT \(part.rawValue) AS part, CAST('' AS TEXT) AS sort, CAST(id AS TEXT) AS tie, body FROM above" }
            let sort = part.order.map { "t.\($0)" } ?? "''"
            let tie = part.key.map { "t.\($0)" } ?? "''"
            let body = part.aggregate(postgres: true)
                ?? part.selected.map { "json_build_object(" + $0.map { "'\($0.name)', \($0.value)" }.joined(separator: ", ") + ")::text" } ?? json
            return "SELECT \(part.rawValue) AS part, CAST(\(sort) AS TEXT) AS sort, CAST(\(tie) AS TEXT) AS tie, \(body) AS body "
                + "FROM \(part.source) WHERE \(part.condition)"
        }
        return above(carrying: json) + "SELECT part, body FROM (" + selects.joined(separator: " UNION ALL ") + ") AS parts ORDER BY part, sort, tie"
    }()

    /// A statement whose rows are the parts' rows, each as its part's number and its JSON.
    protocol TaggedRows: PostgresPreparedStatement where Row == (part: Int, body: String) {}

    /// PostgreSQL's, as a statement each connection prepares once.
    struct Prepared: TaggedRows {
        static var name: String { PreparedNames.name("itaku_stored_risk") }
        static let sql = StoredRiskStatement.postgres
        var contractorID: UUID
        /// The day whose `OutlineWindow` bounds the outlines.
        var day: CalendarDay

        func makeBindings() throws -> PostgresBindings {
            var bindings = PostgresBindings(capacity: 2)
            bindings.append(contractorID)
            bindings.append(day.description)
            return bindings
        }
    }

    /// PostgreSQL's statement inside a function that first takes flag locks, as
    /// `holdFlags(of:)` does: a write's re-derivation then locks and reads in one round trip.
    /// A volatile function takes a fresh snapshot for each statement inside it, so the read sees
    /// what the previous holder of a lock committed; locking and reading in one plain statement
    /// would read with a snapshot from before the wait. The function is named by a digest of its
    /// definition and installed at start-up (`FluentStore.installFunctions(on:)`), so the
    /// statement can change without a migration, and instances of two builds each call their own.
    enum LockingFunction {
        static let definitionBody = """
            (contractor uuid, day text, lock_namespace integer, lock_keys integer[])
            RETURNS TABLE(risk_part integer, risk_body text) LANGUAGE plpgsql VOLATILE AS $itaku$
            #variable_conflict use_column
            DECLARE lock_key integer;
            BEGIN
                PERFORM pg_advisory_xact_lock_shared(lock_namespace, 0);
                FOREACH lock_key IN ARRAY lock_keys LOOP
                    PERFORM pg_advisory_xact_lock(lock_namespace, lock_key);
                END LOOP;
                RETURN QUERY \(StoredRiskStatement.postgres);
            END
            $itaku$
            """
        static let name = "itaku_stored_risk_" + ContentHash.sha256(definitionBody).prefix(16)
        /// Its signature, as `to_regprocedure` reads it.
        static let signature = "\(name)(uuid, text, integer, integer[])"
        static let definition = "CREATE OR REPLACE FUNCTION \(name)" + definitionBody

        /// A call of the function, prepared once per connection.
        struct Call: TaggedRows {
            static var name: String { PreparedNames.name("itaku_stored_risk_locking") }
            static let sql = "SELECT risk_part, risk_body FROM \(LockingFunction.name)($1, $2, $3, $4)"
            var contractorID: UUID
            var day: CalendarDay
            var namespace: Int32
            /// In ascending order, so two writers never wait on each other in a circle.
            var keys: [Int32]

            func makeBindings() throws -> PostgresBindings {
                var bindings = PostgresBindings(capacity: 4)
                bindings.append(contractorID)
                bindings.append(day.description)
                bindings.append(namespace)
                bindings.append(keys)
                return bindings
            }
        }
    }

    /// SQLite's: a statement for each table, every part of that table in it, rows as stored.
    struct TableStatement: Sendable {
        var text: String
        /// The values it names, in the order they first appear: SQLite numbers named parameters
        /// so, and refuses one its statement does not name (the policy's names none).
        var parameters: [Parameter]
        /// The time column its parts are read in order of, if any, and the column that breaks ties.
        var order: String?
        var key: String?
        /// The aggregated part each row carries in its column `body` (see `Part.carrier`).
        var carried: Part?

        /// The statement's rows in the order PostgreSQL's `ORDER BY` gives: by part, time, key.
        /// Sorting a few rows here costs less than SQLite planning a sorted compound select
        /// afresh on every re-derivation (0.95 → 0.81 ms for the nine, through Python's sqlite3
        /// with its statement cache off). Stored times and identifiers are ASCII, so comparing
        /// them as strings is comparing their bytes, as SQLite does.
        func inOrder(_ rows: [any StoredRow]) throws -> [(part: Int, row: any StoredRow)] {
            let keyed = try rows.map { row in
                (part: try row.number("part"), time: try order.flatMap { try row.optionalText($0) } ?? "", key: try key.map { try row.text($0) } ?? "", row: row)
            }
            return keyed.sorted { ($0.part, $0.time, $0.key) < ($1.part, $1.time, $1.key) }.map { ($0.part, $0.row) }
        }
    }

    /// A value the statements name: the contractor as `$1`, the day as `$2`.
    enum Parameter: String, CaseIterable {
        case contractor = "$1", day = "$2"

        /// Those `text` names, in the order they first appear.
        static func named(in text: String) -> [Parameter] {
            allCases.compactMap { parameter in text.range(of: parameter.rawValue).map { (parameter, $0.lowerBound) } }
                .sorted { $0.1 < $1.1 }.map(\.0)
        }

        /// Its value for `contractorID` on `day`.
        func value(contractorID: UUID, day: CalendarDay) -> any Encodable & Sendable {
            switch self {
            case .contractor: contractorID
            case .day: day.description
            }
        }
    }

    static let sqlite: [TableStatement] = {
        let read = Part.allCases.filter { $0.carrier == nil }
        var tables: [String] = []
        for part in read where !tables.contains(part.table) { tables.append(part.table) }
        return tables.map { table in
            let parts = read.filter { $0.table == table }
            var carried: Part?
            let selects = parts.map { part in
                var columns = part.selected.map { $0.map { "\($0.value) AS \($0.name)" }.joined(separator: ", ") } ?? "t.*"
                if let aggregated = Part.allCases.first(where: { $0.carrier == part }), let value = aggregated.aggregate(postgres: false) {
                    // Its own `t` inside the subquery: the aggregated part's rows, not the carrier's.
                    columns += ", (SELECT \(value) FROM \(aggregated.source) WHERE \(aggregated.condition)) AS body"
                    carried = aggregated
                }
                return "SELECT \(part.rawValue) AS part, \(columns) FROM \(part.source) WHERE \(part.condition)"
            }
            let usesWalk = parts.contains { [.edgeAbove, .firstTierEntrustment, .firstTierContract].contains($0) }
            let text = (usesWalk ? above() : "") + selects.joined(separator: " UNION ALL ")
            return TableStatement(
                text: text, parameters: Parameter.named(in: text), order: parts.compactMap(\.order).first, key: parts[0].key, carried: carried)
        }
    }()
}

extension StoredRiskStatement.TaggedRows {
    func decodeRow(_ row: PostgresRow) throws -> (part: Int, body: String) {
        let (part, body) = try row.decode((Int, String).self)
        return (part, body)
    }
}
