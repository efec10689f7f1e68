import FluentKit
import Foundation
import SQLKit

/// Moves contract obligations and flowed-down terms out of their rows into `term_lists`, one
/// row per distinct list under its digest, and leaves the digest in their place (see
/// `StoredTermList`). Existing rows keep their terms exactly: a list is named by the digest of
/// its text as stored.
struct UpdateTermsStoredByContent: AsyncMigration {
    /// A table whose rows carried their terms, and the column that now names them.
    struct Move: Sendable {
        var table: String
        var textColumn: String
        var digestColumn: String
    }

    static let moves = [
        Move(table: ContractRecord.schema, textColumn: "obligations", digestColumn: ContractRecord.termsColumn),
        Move(table: SubcontractingRecord.schema, textColumn: "flowed_down_terms", digestColumn: SubcontractingRecord.termsColumn),
    ]

    /// Rows read and rewritten at a time, so a large portfolio is not held in memory whole.
    static let batch = 500

    func prepare(on database: any Database) async throws {
        // One transaction: a failure part way leaves the rows with their terms, as they were.
        try await database.transaction { database in
            guard let sql = database as? any SQLDatabase else { return }
            let tx = FluentTransaction(db: database, engine: sql.dialect.name == "postgresql" ? .postgres : .sqlite)
            try await database.schema(StoredTermList.table)
                .field("digest", .string, .identifier(auto: false))
                .field("terms", .string, .required)
                .create()
            for move in Self.moves {
                try await database.schema(move.table).field(.string(move.digestColumn), .string).update()
                try await Self.fill(move, in: tx)
                try await sql.raw("ALTER TABLE \(ident: move.table) DROP COLUMN \(ident: move.textColumn)").run()
                if tx.engine == .postgres {
                    try await sql.raw("ALTER TABLE \(ident: move.table) ALTER COLUMN \(ident: move.digestColumn) SET NOT NULL").run()
                }
            }
        }
    }

    /// Stores each row's list and names it, a batch of rows at a time in order of id.
    private static func fill(_ move: Move, in tx: FluentTransaction) async throws {
        var after: UUID?
        while true {
            let rows = try await tx.storedRows(
                sql: "SELECT id, \(move.textColumn) AS terms FROM \(move.table)" + (after == nil ? "" : " WHERE id > $1")
                    + " ORDER BY id LIMIT \(batch)",
                after.map { [$0] } ?? [])
            guard let last = rows.last else { return }
            after = try last.uuid("id")
            var idsByList: [StoredTermList: [UUID]] = [:]
            for row in rows { idsByList[StoredTermList(text: try row.text("terms")), default: []].append(try row.uuid("id")) }
            try await tx.store(idsByList.keys)
            for (list, ids) in idsByList {
                let placeholders = (2...(ids.count + 1)).map { "$\($0)" }.joined(separator: ", ")
                _ = try await tx.storedRows(
                    sql: "UPDATE \(move.table) SET \(move.digestColumn) = $1 WHERE id IN (\(placeholders))", [list.digest] + ids)
            }
        }
    }

    func revert(on database: any Database) async throws {
        try await database.transaction { database in
            guard let sql = database as? any SQLDatabase else { return }
            // Brought back as nullable columns: neither engine adds a required column to rows that exist.
            for move in Self.moves {
                try await database.schema(move.table).field(.string(move.textColumn), .string).update()
                try await sql.raw(
                    """
                    UPDATE \(ident: move.table) SET \(ident: move.textColumn) = (SELECT terms FROM \(ident: StoredTermList.table) \
                    WHERE digest = \(ident: move.table).\(ident: move.digestColumn))
                    """
                ).run()
                try await sql.raw("ALTER TABLE \(ident: move.table) DROP COLUMN \(ident: move.digestColumn)").run()
            }
            try await database.schema(StoredTermList.table).delete()
        }
    }
}
