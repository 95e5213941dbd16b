// swift-tools-version:6.2
import Foundation
import PackageDescription

/// Netsight's speed benchmarks: a package of its own so the main build and CI never compile
/// them (docs/decisions/0004-benchmarks-package.md). Build with `swift build -c release`
/// here; scripts/bench/ runs them next to nfcapd/nfdump.

/// A path dependency is named by its directory, which is whatever the clone was called.
let mainPackage = URL(fileURLWithPath: #filePath).deletingLastPathComponent()
    .deletingLastPathComponent().lastPathComponent.lowercased()

let swiftSettings: [SwiftSetting] = [.swiftLanguageMode(.v6)]

let package = Package(
    name: "netsight-benchmarks",
    platforms: [.macOS(.v14)],
    dependencies: [
        .package(path: ".."),
    ],
    targets: [
        // softflowd-shaped NetFlow v9 / IPFIX datagrams over a deterministic flow mix.
        .target(
            name: "BenchSupport",
            dependencies: [.product(name: "NetsightModel", package: mainPackage)],
            swiftSettings: swiftSettings),
        // sendmmsg(2), which Swift's Glibc module does not expose.
        .target(name: "CSendBatch"),
        // Benchmark a: decode-only records per second on one core.
        .executableTarget(
            name: "decode-bench",
            dependencies: [
                "BenchSupport",
                .product(name: "FlowCodec", package: mainPackage),
                .product(name: "NetsightModel", package: mainPackage),
            ],
            swiftSettings: swiftSettings),
        // Benchmarks b-d: send datagrams at a rate, write them to a store, query top-N.
        .executableTarget(
            name: "flowgen",
            dependencies: [
                "BenchSupport", "CSendBatch",
                .product(name: "FlowCodec", package: mainPackage),
                .product(name: "NetsightModel", package: mainPackage),
                .product(name: "Storage", package: mainPackage),
                .product(name: "Analytics", package: mainPackage),
            ],
            swiftSettings: swiftSettings),
        // Issue 5's speed targets: 10,000 rules over 100,000 series through the alerting
        // stages in the server's order, an alert storm routed and grouped, and the store
        // read that feeds an evaluation (BENCHMARKS.md, section g).
        .executableTarget(
            name: "alert-bench",
            dependencies: [
                .product(name: "Alerting", package: mainPackage),
                .product(name: "NetsightModel", package: mainPackage),
                .product(name: "Storage", package: mainPackage),
            ],
            swiftSettings: swiftSettings),
        // An SNMP v1/v2c agent simulating many routers on loopback (issue 3's poll
        // benchmark; docs/snmp-agent-sim.md).
        .executableTarget(
            name: "snmp-agent-sim",
            dependencies: [.product(name: "SNMPCodec", package: mainPackage)],
            swiftSettings: swiftSettings),
    ]
)
