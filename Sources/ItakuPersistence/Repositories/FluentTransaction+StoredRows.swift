import FluentPostgresDriver
import FluentSQLiteDriver
import Foundation
import NIOConcurrencyHelpers

extension FluentTransaction {
    /// Runs `query` on this unit of work's connection through the driver itself and returns
    /// its rows as the driver produced them (see `StoredRow` for why).
    func storedRows(_ query: any SQLExpression) async throws -> [any StoredRow] {
        let (text, binds) = serialized(query)
        return try await storedRows(sql: text, binds)
    }

    /// The SQL text and parameters of `query` for this unit of work's engine.
    func serialized(_ query: any SQLExpression) -> (text: String, binds: [any Encodable & Sendable]) {
        var serializer = SQLSerializer(database: sql)
        query.serialize(to: &serializer)
        return (serializer.sql, serializer.binds)
    }

    /// Runs SQL text as written. Parameters are `$1`, `$2` … which both engines read (SQLite
    /// takes them as named parameters numbered in order); the hottest statements are kept as
    /// text because serializing them through SQLKit on every request showed in profiles.
    func storedRows(sql text: String, _ binds: [any Encodable & Sendable]) async throws -> [any StoredRow] {
        let rows = NIOLockedValueBox<[any StoredRow]>([])
        try await forEachStoredRow(sql: text, binds) { row in rows.withLockedValue { $0.append(row) } }
        return rows.withLockedValue { $0 }
    }

    /// Inserts one row of `columns` with plain SQL.
    func insertRow(into table: String, _ columns: [(name: String, value: (any Encodable & Sendable)?)]) async throws {
        try await insertRows(into: table, [columns])
    }

    /// Inserts rows that share their column names, `batch` to a statement, with plain SQL;
    /// `conflict` (an `ON CONFLICT` clause) follows the rows when given.
    func insertRows(
        into table: String, _ rows: [[(name: String, value: (any Encodable & Sendable)?)]], batch: Int = 500, conflict: String = ""
    ) async throws {
        guard let first = rows.first else { return }
        let names = first.map { "\"\($0.name)\"" }.joined(separator: ", ")
        // SQLite looks each `$n` up among the names before it, so a statement of thousands took
        // time in the square of their number; `?n` is numbered outright.
        let marker = engine == .sqlite ? "?" : "$"
        for start in stride(from: 0, to: rows.count, by: batch) {
            var binds: [any Encodable & Sendable] = []
            var tuples: [String] = []
            for row in rows[start..<min(start + batch, rows.count)] {
                let (values, rowBinds) = Self.placeholders(row, after: binds.count, marker: marker)
                binds += rowBinds
                tuples.append("(\(values.joined(separator: ", ")))")
            }
            _ = try await storedRows(sql: "INSERT INTO \"\(table)\" (\(names)) VALUES \(tuples.joined(separator: ", ")) \(conflict)", binds)
        }
    }

    /// Sets `columns` of the row `id` with plain SQL; `id` itself is left as it is.
    func updateRow(in table: String, id: UUID, _ columns: [(name: String, value: (any Encodable & Sendable)?)]) async throws {
        let changed = columns.filter { $0.name != "id" }
        let (values, binds) = Self.placeholders(changed)
        let assignments = zip(changed, values).map { "\"\($0.name)\" = \($1)" }.joined(separator: ", ")
        _ = try await storedRows(sql: "UPDATE \"\(table)\" SET \(assignments) WHERE id = $\(binds.count + 1)", binds + [id])
    }

    /// `$n` (or `marker` then n), numbered on from `earlier` binds, for the present values and
    /// NULL in the text for absent ones: neither driver takes an absent value as a parameter directly.
    static func placeholders(
        _ columns: [(name: String, value: (any Encodable & Sendable)?)], after earlier: Int = 0, marker: String = "$"
    ) -> (values: [String], binds: [any Encodable & Sendable]) {
        var binds: [any Encodable & Sendable] = []
        var values: [String] = []
        for (_, value) in columns {
            if let value {
                binds.append(value)
                values.append("\(marker)\(earlier + binds.count)")
            } else {
                values.append("NULL")
            }
        }
        return (values, binds)
    }

    /// Runs SQL text as written and hands each row to `body` as the driver produces it. On
    /// PostgreSQL the text is prepared once per connection (`PreparedText`) unless `preparing`
    /// is false: a one-off bulk read gains nothing from it, and unprepared the rows reach `body`
    /// on the driver's thread as they arrive.
    func forEachStoredRow(
        sql text: String, _ binds: [any Encodable & Sendable], preparing: Bool = true, _ body: @escaping @Sendable (any StoredRow) -> Void
    ) async throws {
        switch engine {
        case .sqlite:
            guard let sqlite = db as? any SQLiteDatabase else { throw DriverMismatch(expected: "SQLite") }
            let binds = try binds.map(Self.sqliteData)
            // The connection's own async query calls back on its thread as each row is stepped;
            // the database-level one would schedule every row on the event loop first.
            try await sqlite.withConnection { connection in
                try await connection.query(text, binds) { row in body(row) }
            }
        case .postgres:
            guard let postgres = db as? any PostgresDatabase else { throw DriverMismatch(expected: "PostgreSQL") }
            var bindings = PostgresBindings(capacity: binds.count)
            var types: [PostgresDataType] = []
            for bind in binds {
                guard let value = bind as? any PostgresThrowingDynamicTypeEncodable else {
                    throw StoredDataError(column: "(bind)", detail: "\(type(of: bind)) cannot be sent to PostgreSQL directly")
                }
                try bindings.append(value)
                types.append(value.psqlType)
            }
            if preparing, let naming = PreparedText.names.naming(text, types: types) {
                try await PreparedText.$current.withValue(naming) {
                    try await forEachRow(of: PreparedText(bindings: bindings), on: postgres) { body($0.makeRandomAccess()) }
                }
                return
            }
            let statement = PostgresQuery(unsafeSQL: text, binds: bindings)
            _ = try await postgres.withConnection { connection in
                connection.query(statement, logger: connection.logger) { row in body(row.makeRandomAccess()) }
            }.get()
        }
    }
}

extension FluentTransaction {
    /// Runs a statement its PostgreSQL connection prepares once, handing each row to `body`;
    /// after a failure a preparation may have raised, every prepared name is retired.
    func forEachRow<Statement: PostgresPreparedStatement>(
        of statement: Statement, on postgres: any PostgresDatabase, _ body: @escaping @Sendable (Statement.Row) -> Void
    ) async throws {
        // The connection is lent outside this task: the text `PreparedText` names is bound again
        // inside the task the statement runs in.
        let naming = PreparedText.current
        try await PreparedNames.renewingOnFailure {
            try await postgres.withConnection { connection in
                connection.eventLoop.makeFutureWithTask {
                    try await PreparedText.$current.withValue(naming) {
                        for try await row in try await connection.execute(statement, logger: connection.logger) { body(row) }
                    }
                }
            }.get()
        }
    }

    /// A parameter as Fluent's SQLite driver stores it. Text, identifiers and integers — nearly
    /// every parameter — skip the encoder, whose casts to protocols showed in every statement's cost.
    static func sqliteData(_ value: any Encodable & Sendable) throws -> SQLiteData {
        switch value {
        case let text as String: .text(text)
        case let id as UUID: .text(id.storedText)
        case let number as Int: .integer(number)
        default: try SQLiteDataEncoder().encode(value)
        }
    }
}

/// The handle a store was built with is not the engine it was told about — a wiring bug.
private struct DriverMismatch: Error, CustomStringConvertible {
    var expected: String
    var description: String { "the database handle is not a \(expected) connection" }
}
