// swift-tools-version:6.1
import PackageDescription

let package = Package(
    name: "itaku",
    platforms: [.macOS(.v15)],
    products: [
        .executable(name: "itaku", targets: ["itaku"])
    ],
    dependencies: [
        .package(url: "https://github.com/vapor/vapor.git", from: "4.122.0"),
        .package(url: "https://github.com/vapor/fluent.git", from: "4.13.0"),
        .package(url: "https://github.com/vapor/fluent-kit.git", from: "1.57.0"),
        .package(url: "https://github.com/vapor/fluent-sqlite-driver.git", from: "4.9.0"),
        .package(url: "https://github.com/vapor/fluent-postgres-driver.git", from: "2.14.0"),
        .package(url: "https://github.com/vapor/sql-kit.git", from: "3.36.0"),
        .package(url: "https://github.com/vapor/postgres-nio.git", from: "1.33.0"),
        .package(url: "https://github.com/apple/swift-nio.git", from: "2.101.0"),
        .package(url: "https://github.com/apple/swift-openapi-generator.git", from: "1.14.3"),
        .package(url: "https://github.com/apple/swift-openapi-runtime.git", from: "1.13.4"),
        .package(url: "https://github.com/vapor/swift-openapi-vapor.git", from: "1.2.0"),
        .package(url: "https://github.com/apple/swift-crypto.git", "3.12.0"..<"5.0.0"),
        .package(url: "https://github.com/jpsim/Yams.git", from: "6.2.2"),
        .package(url: "https://github.com/x-sheep/swift-property-based.git", from: "2.0.1"),
        .package(url: "https://github.com/hummingbird-project/swift-mustache.git", from: "2.1.1"),
        .package(url: "https://github.com/weichsel/ZIPFoundation.git", from: "0.9.20"),
        .package(url: "https://github.com/swift-server/swift-prometheus.git", from: "2.4.1"),
    ],
    targets: [
        // The product's judgement: catalog, policy, entities, validation, authorization, audit chain.
        // Pure Swift — no Vapor, no Fluent, no networking.
        .target(
            name: "ItakuCore",
            dependencies: [
                .product(name: "Crypto", package: "swift-crypto"),
                .product(name: "Yams", package: "Yams"),
            ],
            resources: [
                .copy("Resources/catalog.yaml"), .copy("Resources/default-policy.yaml"),
                .copy("Resources/default-questionnaire.yaml"),
            ]
        ),
        // Fluent records, migrations and the repositories that implement the core's ports.
        .target(
            name: "ItakuPersistence",
            dependencies: [
                "ItakuCore",
                .product(name: "FluentKit", package: "fluent-kit"),
                .product(name: "FluentSQL", package: "fluent-kit"),
                .product(name: "SQLKit", package: "sql-kit"),
                // Hot and bulk reads go through the drivers' own row types (see StoredRow).
                .product(name: "FluentSQLiteDriver", package: "fluent-sqlite-driver"),
                .product(name: "FluentPostgresDriver", package: "fluent-postgres-driver"),
            ]
        ),
        // Contract documents: Mustache templates checked against the snapshot's shape, rendered to
        // HTML and to DOCX (Office Open XML zipped with ZIPFoundation, parts checked with libxml2).
        .target(
            name: "ItakuDocuments",
            dependencies: [
                "ItakuCore",
                .product(name: "Mustache", package: "swift-mustache"),
                .product(name: "ZIPFoundation", package: "ZIPFoundation"),
            ]
        ),
        // The staff web UI's page models and their Mustache views (`Templates/Web`).
        .target(
            name: "ItakuWeb",
            dependencies: ["ItakuCore", "ItakuDocuments", .product(name: "Mustache", package: "swift-mustache")]
        ),
        // Types and server protocol generated from the hand-written OpenAPI document.
        .target(
            name: "ItakuAPI",
            dependencies: [
                .product(name: "OpenAPIRuntime", package: "swift-openapi-runtime")
            ],
            resources: [.copy("openapi.yaml")],
            plugins: [.plugin(name: "OpenAPIGenerator", package: "swift-openapi-generator")]
        ),
        // Composition root: configuration, HTTP, auth, commands.
        .target(
            name: "ItakuServer",
            dependencies: [
                "ItakuCore",
                "ItakuPersistence",
                "ItakuAPI",
                "ItakuDocuments",
                "ItakuWeb",
                .product(name: "Vapor", package: "vapor"),
                .product(name: "Fluent", package: "fluent"),
                .product(name: "FluentSQLiteDriver", package: "fluent-sqlite-driver"),
                .product(name: "FluentPostgresDriver", package: "fluent-postgres-driver"),
                .product(name: "OpenAPIRuntime", package: "swift-openapi-runtime"),
                .product(name: "OpenAPIVapor", package: "swift-openapi-vapor"),
                .product(name: "Yams", package: "Yams"),
                .product(name: "Prometheus", package: "swift-prometheus"),
                .product(name: "NIOPosix", package: "swift-nio"),
            ]
        ),
        // The service's allocator: jemalloc on Linux (libjemalloc-dev to build, libjemalloc2 to run),
        // with the options it starts with.
        .target(
            name: "ItakuAllocator",
            linkerSettings: [.linkedLibrary("jemalloc", .when(platforms: [.linux]))]
        ),
        .executableTarget(name: "itaku", dependencies: ["ItakuServer", "ItakuAllocator"]),
        // Prints the core's figures for BENCHMARKS.md; run in release.
        .executableTarget(name: "itaku-bench", dependencies: ["ItakuCore", "ItakuDocuments"], path: "Sources/ItakuBench"),

        // Gives each database test a fresh SQLite or PostgreSQL database.
        .target(
            name: "ItakuTestSupport",
            dependencies: [.product(name: "PostgresNIO", package: "postgres-nio")],
            path: "Tests/ItakuTestSupport"
        ),

        .testTarget(
            name: "ItakuCoreTests",
            dependencies: ["ItakuCore", .product(name: "PropertyBased", package: "swift-property-based")]
        ),
        .testTarget(
            name: "ItakuPersistenceTests",
            dependencies: [
                "ItakuPersistence",
                "ItakuTestSupport",
                .product(name: "FluentSQLiteDriver", package: "fluent-sqlite-driver"),
                .product(name: "FluentPostgresDriver", package: "fluent-postgres-driver"),
            ]
        ),
        .testTarget(
            name: "ItakuDocumentsTests",
            dependencies: [
                "ItakuDocuments", "ItakuCore", "ItakuTestSupport", .product(name: "ZIPFoundation", package: "ZIPFoundation"),
            ],
            exclude: ["Golden"]
        ),
        .testTarget(
            name: "ItakuWebTests",
            dependencies: ["ItakuWeb", "ItakuCore", "ItakuTestSupport"],
            exclude: ["Golden"]
        ),
        .testTarget(
            name: "ItakuAPITests",
            dependencies: ["ItakuAPI", .product(name: "Yams", package: "Yams")]
        ),
        .testTarget(
            name: "ItakuServerTests",
            dependencies: [
                "ItakuServer",
                "ItakuAPI",
                "ItakuTestSupport",
                .product(name: "VaporTesting", package: "vapor"),
            ]
        ),
    ]
)
