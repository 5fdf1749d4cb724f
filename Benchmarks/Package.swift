// swift-tools-version: 6.1
// The benchmarks: a package of their own, so that `swift test` in the project
// never builds the benchmark harness. Run from this folder:
//     swift package --disable-sandbox benchmark
import PackageDescription

let package = Package(
    name: "TandemBenchmarks",
    dependencies: [
        .package(name: "tandem", path: ".."),
        // The standard Swift benchmark harness: medians, percentiles, malloc counts, peak memory.
        .package(url: "https://github.com/ordo-one/benchmark.git", from: "1.38.1", traits: ["MallocInterposer"]),
        // Ed25519 alone, the yardstick of verifying a signed journal (the same package tandem signs with).
        .package(url: "https://github.com/apple/swift-crypto.git", "3.12.3"..<"5.0.0"),
    ],
    targets: [
        .executableTarget(
            name: "TandemBenchmarks",
            dependencies: [
                .product(name: "Benchmark", package: "benchmark"),
                .product(name: "TandemLayers", package: "tandem"),
                .product(name: "Crypto", package: "swift-crypto"),
            ],
            path: "Benchmarks/TandemBenchmarks",
            plugins: [.plugin(name: "BenchmarkPlugin", package: "benchmark")]
        ),
    ]
)
