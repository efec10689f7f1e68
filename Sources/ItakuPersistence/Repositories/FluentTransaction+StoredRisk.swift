import Foundation
import ItakuCore
import NIOConcurrencyHelpers
import PostgresNIO

extension FluentTransaction {
    /// One contractor's facts, flags, score and chains, and the policy, in one statement. Every write re-derives the
    /// contractors it touches inside its transaction; read table by table that was nine round
    /// trips, most of what a re-derivation cost. Each table's rows come back as JSON objects
    /// tagged with their part, and are read as the table-by-table reads read them.
    func storedRisk(ofContractor contractorID: UUID) async throws -> StoredContractorRisk? {
        let rows: [(part: Int, body: String)]
        switch engine {
        case .postgres:
            // Prepared once per connection: planning nine unions afresh took longer than running them.
            guard let postgres = db as? any PostgresDatabase else { throw StoredDataError(column: "(connection)", detail: "not PostgreSQL") }
            let statement = StoredRiskStatement.Prepared(contractorID: contractorID)
            rows = try await postgres.withConnection { connection in
                connection.eventLoop.makeFutureWithTask {
                    try await connection.execute(statement, logger: connection.logger).reduce(into: []) { $0.append($1) }
                }
            }.get()
        case .sqlite:
            let text = try await StoredRiskStatement.sqliteText { table in
                try await storedRows(sql: "SELECT name FROM pragma_table_info($1) ORDER BY cid", [table]).map { try $0.text("name") }
            }
            rows = try await storedRows(sql: text, [contractorID]).map { (try $0.number("part"), try $0.text("body")) }
        }
        var contractor: Contractor?
        var facts = (
            subcontractings: [Subcontracting](), subcontractors: [UUID: Contractor](), entrustments: [Entrustment](),
            contracts: [Contract](), attestations: [Attestation](), incidents: [Incident]()
        )
        var flags: [RiskFlag] = []
        var score: ContractorScore?
        var policy: PolicyVersion?
        var chain = ChainSurroundings()
        var firstTierContracts: [Contract] = []
        for row in rows {
            guard let part = StoredRiskStatement.Part(rawValue: row.part) else {
                throw StoredDataError(column: "part", detail: "no part numbered \(row.part)")
            }
            let body = try JSONObjectRow(json: row.body)
            switch part {
            case .contractor: contractor = try ContractorRecord.domain(body)
            case .subcontracting: facts.subcontractings.append(try SubcontractingRecord.domain(body))
            case .subcontractor:
                let organisation = try ContractorRecord.domain(body)
                facts.subcontractors[organisation.id] = organisation
            case .entrustment: facts.entrustments.append(try EntrustmentRecord.domain(body))
            case .contract: facts.contracts.append(try ContractRecord.domain(body))
            case .attestation: facts.attestations.append(try AttestationRecord.domain(body))
            case .incident: facts.incidents.append(try IncidentRecord.domain(body))
            case .flag: flags.append(try JSONColumn.decode(RiskFlag.self, from: try body.text("body"), column: "risk_flags.body"))
            case .score: score = try ScoreRecord.domain(body)
            case .edgeAbove:
                let edge = try SubcontractingRecord.domain(body)
                chain.edges[edge.id] = edge
            case .passedOnBySubcontractor:
                let edge = try SubcontractingRecord.domain(body)
                chain.passedOn[edge.parentContractorID, default: []].append(edge)
            case .firstTierEntrustment:
                let entrustment = try EntrustmentRecord.domain(body)
                chain.entrustments[entrustment.id] = entrustment
            case .firstTierContract: firstTierContracts.append(try ContractRecord.domain(body))
            case .policy: policy = try PolicyRecord.domain(body)
            }
        }
        guard let contractor else { return nil }
        // A sub-contractor that passes nothing on and a first tier without contracts are known too.
        for edge in facts.subcontractings where chain.passedOn[edge.childContractorID] == nil { chain.passedOn[edge.childContractorID] = [] }
        for edge in chain.edges.values where edge.parentSubcontractingID == nil { chain.contracts[edge.parentContractorID] = [] }
        for contract in firstTierContracts { chain.contracts[contract.contractorID, default: []].append(contract) }
        return StoredContractorRisk(
            facts: ContractorFacts(
                contractor: contractor, entrustments: facts.entrustments, contracts: facts.contracts, attestations: facts.attestations,
                incidents: facts.incidents, subcontractings: facts.subcontractings, subcontractors: facts.subcontractors),
            flags: flags, score: score, chain: chain, policy: policy)
    }
}

/// The statement behind `storedRisk(ofContractor:)`, written once per engine: PostgreSQL turns
/// a whole row into JSON, SQLite needs the columns named, which it is asked for on first use so
/// the statement always follows the migrated schema.
enum StoredRiskStatement {
    /// One table's rows in the result, in the order the parts are read.
    enum Part: Int, CaseIterable {
        case contractor, subcontracting, subcontractor, entrustment, contract, attestation, incident, flag, score
        /// The edges that reach the contractor and every edge above them.
        case edgeAbove
        /// Every edge its sub-contractors pass on.
        case passedOnBySubcontractor
        /// The entrustments and contracts of the first-tier contractors of the chains above it.
        case firstTierEntrustment, firstTierContract
        /// The policy version in force, which every re-derivation reads too.
        case policy

        var table: String {
            switch self {
            case .contractor, .subcontractor: ContractorRecord.schema
            case .subcontracting, .edgeAbove, .passedOnBySubcontractor: SubcontractingRecord.schema
            case .entrustment, .firstTierEntrustment: EntrustmentRecord.schema
            case .contract, .firstTierContract: ContractRecord.schema
            case .attestation: AttestationRecord.schema
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
            case .edgeAbove: "t.id IN (SELECT id FROM above)"  // unused: `text(object:)` reads `above` itself
            case .passedOnBySubcontractor: "t.parent_contractor_id IN (\(Self.subcontractors))"
            case .firstTierEntrustment, .firstTierContract: "t.contractor_id IN (\(Self.firstTiers))"
            case .policy: "t.version = (SELECT max(version) FROM \(PolicyRecord.schema))"
            default: "t.contractor_id = $1"
            }
        }

        private static let subcontractors = "SELECT child_contractor_id FROM \(SubcontractingRecord.schema) WHERE parent_contractor_id = $1"
        private static let firstTiers = "SELECT first_tier FROM above WHERE parent IS NULL"

        /// The column that identifies a row.
        var key: String { self == .score ? "contractor_id" : "id" }

        /// The order the table-by-table reads give (ties, which they leave to the database, by id).
        var order: String? {
            switch self {
            case .subcontracting, .passedOnBySubcontractor: "requested_at"
            case .entrustment, .contract, .firstTierEntrustment, .firstTierContract: "created_at"
            case .attestation: "submitted_at"
            case .incident: "reported_at"
            case .contractor, .subcontractor, .flag, .score, .edgeAbove, .policy: nil
            }
        }
    }

    /// The statement with each row made into JSON by `object`. The chains above the contractor
    /// are walked up from the edges that reach it, carrying each edge's JSON along so no part
    /// has to find them again (`UNION` ends the walk on a cycle).
    static func text(object: (Part) throws -> String) rethrows -> String {
        let edges = SubcontractingRecord.schema
        let edge = try object(.edgeAbove)
        let above = "WITH RECURSIVE above(id, parent, first_tier, body) AS ("
            + "SELECT t.id, t.parent_subcontracting_id, t.parent_contractor_id, \(edge) FROM \(edges) AS t WHERE t.child_contractor_id = $1 "
            + "UNION SELECT t.id, t.parent_subcontracting_id, t.parent_contractor_id, \(edge) FROM \(edges) AS t JOIN above ON t.id = above.parent) "
        let selects = try Part.allCases.map { part in
            if part == .edgeAbove { return "SELECT \(part.rawValue) AS part, CAST('' AS TEXT) AS sort, CAST(id AS TEXT) AS tie, body FROM above" }
            let sort = part.order.map { "t.\($0)" } ?? "''"
            return "SELECT \(part.rawValue) AS part, CAST(\(sort) AS TEXT) AS sort, CAST(t.\(part.key) AS TEXT) AS tie, \(try object(part)) AS body "
                + "FROM \(part.table) AS t WHERE \(part.condition)"
        }
        return above + "SELECT part, body FROM (" + selects.joined(separator: " UNION ALL ") + ") AS parts ORDER BY part, sort, tie"
    }

    /// PostgreSQL's, as a statement each connection prepares once.
    struct Prepared: PostgresPreparedStatement {
        static let name = "itaku_stored_risk"
        static let sql = StoredRiskStatement.text { _ in "row_to_json(t)::text" }
        var contractorID: UUID

        func makeBindings() throws -> PostgresBindings {
            var bindings = PostgresBindings(capacity: 1)
            bindings.append(contractorID)
            return bindings
        }

        func decodeRow(_ row: PostgresRow) throws -> (part: Int, body: String) {
            let (part, body) = try row.decode((Int, String).self)
            return (part, body)
        }
    }

    private static let sqlite = NIOLockedValueBox<String?>(nil)

    /// SQLite's, written on first use from the migrated tables' columns.
    static func sqliteText(columns: (String) async throws -> [String]) async throws -> String {
        if let text = sqlite.withLockedValue({ $0 }) { return text }
        var objects: [Part: String] = [:]
        for part in Part.allCases {
            let names = try await columns(part.table)
            guard !names.isEmpty else { throw StoredDataError(column: part.table, detail: "the table has no columns (not migrated?)") }
            objects[part] = "json_object(" + names.map { "'\($0)', t.\"\($0)\"" }.joined(separator: ", ") + ")"
        }
        let text = self.text { objects[$0]! }
        sqlite.withLockedValue { $0 = text }
        return text
    }
}
