import FluentPostgresDriver

extension FluentStore {
    /// The connection settings for a PostgreSQL URL, as every connection of the store needs them.
    public static func postgresConfiguration(url: String) throws -> SQLPostgresConfiguration {
        var configuration = try SQLPostgresConfiguration(url: url)
        // The statements prepared by name are the store's own (`PreparedText`,
        // `StoredRiskStatement`): lookups by key and by contractor, whose plans do not depend on
        // the values asked about, and the stored-risk read, which cost more to plan afresh than
        // to run. Fluent's own statements are unnamed and planned once each whatever this says.
        configuration.coreConfiguration.options.additionalStartupParameters.append(("plan_cache_mode", "force_generic_plan"))
        return configuration
    }
}

extension FluentStore {
    /// An arbitrary, fixed advisory-lock key that makes instances starting together install
    /// functions one at a time.
    static let functionInstallLockKey = 7_411_003

    /// Installs the functions this build calls whose definitions follow its own statements
    /// (`StoredRiskStatement.LockingFunction`); run after migrating, before serving. Nothing on
    /// SQLite. A function another build installed under its own name is left for that build.
    public static func installFunctions(on database: any Database) async throws {
        guard postgresSQL(database) != nil else { return }
        let function = StoredRiskStatement.LockingFunction.self
        try await database.transaction { db in
            let sql = db as! any SQLDatabase
            try await sql.raw("SELECT pg_advisory_xact_lock(\(bind: functionInstallLockKey))").run()
            let present = try await sql.raw("SELECT to_regprocedure(\(bind: function.signature)) IS NOT NULL AS present").first()
            if try present?.decode(column: "present", as: Bool.self) != true {
                try await sql.raw(SQLQueryString(function.definition)).run()
            }
        }
    }
}

extension FluentStore {
    /// `database` as SQL when it is PostgreSQL; nil on SQLite, where the PostgreSQL-only schema
    /// (functions) has nothing to do.
    static func postgresSQL(_ database: any Database) -> (any SQLDatabase)? {
        guard let sql = database as? any SQLDatabase, sql.dialect.name == "postgresql" else { return nil }
        return sql
    }
}
