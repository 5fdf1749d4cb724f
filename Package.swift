// swift-tools-version: 6.0
import PackageDescription

let package = Package(
    name: "tandem",
    products: [
        .executable(name: "tandem", targets: ["tandem"]),
        // For the benchmarks package in Benchmarks/, which measures the layers directly.
        .library(name: "TandemLayers", targets: ["TandemCore", "TandemJournal", "TandemConsole", "TandemSample"]),
    ],
    dependencies: [
        // SHA-256 for the journal's hash chain (on a processor without SHA instructions), Ed25519
        // officers' keys, AES-GCM and scrypt to seal them
        // (Foundation on Linux has no CryptoKit).
        .package(url: "https://github.com/apple/swift-crypto.git", from: "3.12.3"),
        // The command line: subcommands, options, help and usage errors (exit 2).
        .package(url: "https://github.com/apple/swift-argument-parser.git", from: "1.8.2"),
        // Property-based tests (random command sequences) in Swift Testing, with shrinking.
        .package(url: "https://github.com/x-sheep/swift-property-based.git", from: "2.0.1"),
        // The config file (TOML): a complete TOML 1.0 parser (toml++ underneath) that names the line of a
        // syntax error; writing our own parser for a file officers edit by hand would be a risk, not a saving.
        .package(url: "https://github.com/LebJe/TOMLKit.git", from: "0.6.0"),
        // The unit's shared case file on PostgreSQL: the wire protocol, LISTEN/NOTIFY and TLS.
        .package(url: "https://github.com/vapor/postgres-nio.git", from: "1.33.2"),
        // TLS to a shared server that is not on this machine (postgres-nio already builds it).
        .package(url: "https://github.com/apple/swift-nio-ssl.git", from: "2.37.6"),
        // postgres-nio logs through it; the shared store silences it under the console's screen.
        .package(url: "https://github.com/apple/swift-log.git", from: "1.16.2"),
    ],
    targets: [
        .target(name: "TandemCore"),
        // CRC-32C and SHA-256 with the processor's instructions where it has them (the journal checks
        // and hashes every line; swift-crypto hashes where it has not).
        .target(name: "CJournalCalls"),
        .target(
            name: "TandemJournal",
            dependencies: [
                "TandemCore", "CJournalCalls",
                .product(name: "Crypto", package: "swift-crypto"),
                // scrypt, to seal an officer's private key with a passphrase (the same package, its extras).
                .product(name: "_CryptoExtras", package: "swift-crypto"),
            ]
        ),
        // The shared store: one hash-chained journal on PostgreSQL, a local journal as its offline cache.
        .target(
            name: "TandemShared",
            dependencies: ["TandemCore", "TandemJournal", .product(name: "PostgresNIO", package: "postgres-nio"),
                           .product(name: "NIOSSL", package: "swift-nio-ssl"), .product(name: "Logging", package: "swift-log")]
        ),
        .systemLibrary(
            name: "CNcurses",
            path: "Sources/CNcurses",
            providers: [.apt(["libncursesw5-dev"])]
        ),
        .target(name: "TandemConsole", dependencies: ["TandemCore", "TandemJournal", "CNcurses", .product(name: "TOMLKit", package: "TOMLKit")]),
        // The sample officers' keys are derived from their names (Ed25519, the same package), so the sample journal is the same byte for byte.
        .target(name: "TandemSample", dependencies: ["TandemCore", .product(name: "Crypto", package: "swift-crypto")]),
        .executableTarget(
            name: "tandem",
            dependencies: [
                "TandemCore", "TandemJournal", "TandemConsole", "TandemSample", "TandemShared",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
            ]
        ),
        // Drivers the tests and Benchmarks/compare.sh run (writers side by side, peer data), kept out of `tandem`.
        .executableTarget(
            name: "tandem-testkit",
            dependencies: [
                "TandemCore", "TandemJournal", "TandemSample", "TandemShared",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
            ]
        ),
        .target(name: "TestSupport", dependencies: ["TandemJournal", "TandemSample"], path: "Tests/TestSupport"),
        .testTarget(name: "TandemCoreTests", dependencies: ["TandemCore", "TandemSample"]),
        .testTarget(
            name: "TandemJournalTests",
            dependencies: [
                "TandemJournal", "TandemSample", "TestSupport",
                .product(name: "PropertyBased", package: "swift-property-based"),
            ]
        ),
        .testTarget(
            name: "TandemConsoleTests",
            dependencies: ["TandemConsole", "TandemJournal", "TandemSample", "TestSupport"]
        ),
        .testTarget(
            name: "TandemSharedTests",
            dependencies: ["TandemShared", "TandemJournal", "TandemSample", "TestSupport", "tandem", "tandem-testkit"]
        ),
        .testTarget(name: "EndToEndTests", dependencies: [
            "tandem", "tandem-testkit", "TandemCore", "TandemJournal", "TestSupport",
            .product(name: "ArgumentParser", package: "swift-argument-parser"),
        ]),
    ]
)
