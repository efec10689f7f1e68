import FluentPostgresDriver

extension FluentStore {
    /// The connection settings for a PostgreSQL URL, as every connection of the store needs them.
    public static func postgresConfiguration(url: String) throws -> SQLPostgresConfiguration {
        var configuration = try SQLPostgresConfiguration(url: url)
        // The only statements prepared by name are the store's own hot ones (see
        // `StoredRiskStatement`); their plans do not depend on the contractor asked about, and
        // planning them afresh on every execution cost more than running them. Fluent's own
        // statements are unnamed and planned once each whatever this says.
        configuration.coreConfiguration.options.additionalStartupParameters.append(("plan_cache_mode", "force_generic_plan"))
        return configuration
    }
}
