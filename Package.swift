// swift-tools-version:6.2
import PackageDescription

/// Netsight: one package, one command. Targets depend only on targets above them in
/// this list; see docs/architecture.md and ../shared/DESIGN.md.
let swiftSettings: [SwiftSetting] = [
    .swiftLanguageMode(.v6),
]

let package = Package(
    name: "netsight",
    platforms: [.macOS(.v14)],
    products: [
        .executable(name: "netsight", targets: ["netsight"]),
        // Libraries for the separate Benchmarks/ package (docs/decisions/0004-benchmarks-package.md).
        .library(name: "NetsightModel", targets: ["NetsightModel"]),
        .library(name: "FlowCodec", targets: ["FlowCodec"]),
        .library(name: "Analytics", targets: ["Analytics"]),
        .library(name: "Storage", targets: ["Storage"]),
        .library(name: "SNMPCodec", targets: ["SNMPCodec"]),
        .library(name: "Alerting", targets: ["Alerting"]),
    ],
    dependencies: [
        .package(url: "https://github.com/apple/swift-argument-parser", from: "1.8.2"),
        .package(url: "https://github.com/apple/swift-nio", from: "2.101.2"),
        .package(url: "https://github.com/apple/swift-log", from: "1.16.2"),
        .package(url: "https://github.com/groue/GRDB.swift", from: "7.10.0"),
        .package(url: "https://github.com/jpsim/Yams", from: "6.2.2"),
        .package(url: "https://github.com/hummingbird-project/hummingbird", from: "2.28.1"),
        .package(url: "https://github.com/swift-server/swift-prometheus", from: "2.4.1"),
        .package(url: "https://github.com/swift-server/swift-service-lifecycle", from: "2.13.0"),
        .package(url: "https://github.com/apple/swift-crypto", from: "4.5.2"),
        .package(url: "https://github.com/apple/swift-nio-ssl", from: "2.37.6"),
        .package(url: "https://github.com/apple/swift-certificates", from: "1.21.1"),
        .package(url: "https://github.com/apple/swift-asn1", from: "1.7.4"),
    ],
    targets: [
        // Value types every target shares. No dependencies.
        .target(name: "NetsightModel", swiftSettings: swiftSettings),
        // Pure flow decoders: bytes in, records and typed errors out.
        .target(name: "FlowCodec", dependencies: ["NetsightModel"], swiftSettings: swiftSettings),
        // System libcrypto (OpenSSL) for SNMPv3 DES privacy only: swift-crypto has no DES.
        .systemLibrary(name: "CLibCrypto", pkgConfig: "libcrypto", providers: [.apt(["libssl-dev"])]),
        // Pure SNMP: BER, PDUs (v1/v2c/v3), USM authentication and privacy.
        .target(
            name: "SNMPCodec",
            dependencies: [
                "CLibCrypto",
                .product(name: "Crypto", package: "swift-crypto"),
                .product(name: "_CryptoExtras", package: "swift-crypto"),
            ],
            swiftSettings: swiftSettings
        ),
        // Pure analytics: filter language, top-N, series, matrix.
        .target(name: "Analytics", dependencies: ["NetsightModel"], swiftSettings: swiftSettings),
        // Hardware CRC-32C for segment checksums (one C function; docs/flow-segment-format.md).
        .target(name: "CCRC32C"),
        // Pure alerting (issue 5): rules and their state machine, flap detection, topology
        // root cause, grouping, silences and maintenance, notification payloads. No I/O.
        .target(name: "Alerting", dependencies: ["NetsightModel"], swiftSettings: swiftSettings),
        // The only target that imports GRDB.
        .target(
            name: "Storage",
            dependencies: [
                "NetsightModel", "Analytics", "CCRC32C",
                .product(name: "GRDB", package: "GRDB.swift"),
            ],
            swiftSettings: swiftSettings
        ),
        // libmaxminddb for AS numbers from an optional MaxMind-format (.mmdb) database.
        .systemLibrary(
            name: "CMaxMindDB", pkgConfig: "libmaxminddb", providers: [.apt(["libmaxminddb-dev"])]),
        // NIO adapters: UDP listeners, template registry, the ingest pipeline.
        .target(
            name: "Collectors",
            dependencies: [
                "NetsightModel", "FlowCodec", "SNMPCodec", "Storage", "CMaxMindDB",
                .product(name: "NIOCore", package: "swift-nio"),
                .product(name: "Prometheus", package: "swift-prometheus"),
                .product(name: "NIOPosix", package: "swift-nio"),
                .product(name: "Logging", package: "swift-log"),
                .product(name: "ServiceLifecycle", package: "swift-service-lifecycle"),
            ],
            swiftSettings: swiftSettings
        ),
        // NIO SNMP client and pollers (issue 3): one UDP socket, many targets.
        .target(
            name: "Pollers",
            dependencies: [
                "NetsightModel", "SNMPCodec", "Analytics",
                .product(name: "NIOCore", package: "swift-nio"),
                .product(name: "NIOPosix", package: "swift-nio"),
                .product(name: "Logging", package: "swift-log"),
                .product(name: "ServiceLifecycle", package: "swift-service-lifecycle"),
            ],
            swiftSettings: swiftSettings
        ),
        // Pure probe codecs (issue 4): ICMP echo, DNS messages, UDP jitter packets.
        .target(name: "ProbeCodec", swiftSettings: swiftSettings),
        // Probers (issue 4): ICMP, TCP, UDP jitter and its responder, DNS, HTTP(S), and the
        // scheduler that runs thousands of them.
        .target(
            name: "Probers",
            dependencies: [
                "NetsightModel", "Analytics", "ProbeCodec",
                .product(name: "NIOCore", package: "swift-nio"),
                .product(name: "NIOPosix", package: "swift-nio"),
                .product(name: "NIOHTTP1", package: "swift-nio"),
                .product(name: "NIOTLS", package: "swift-nio"),
                .product(name: "NIOSSL", package: "swift-nio-ssl"),
                .product(name: "X509", package: "swift-certificates"),
                .product(name: "SwiftASN1", package: "swift-asn1"),
                .product(name: "Logging", package: "swift-log"),
                .product(name: "ServiceLifecycle", package: "swift-service-lifecycle"),
            ],
            swiftSettings: swiftSettings
        ),
        // Notification senders (issue 5): webhook, Slack, SMTP with STARTTLS, syslog; the
        // persistent delivery queue with retries.
        .target(
            name: "Notifiers",
            dependencies: [
                "NetsightModel", "Alerting",
                .product(name: "NIOCore", package: "swift-nio"),
                .product(name: "NIOPosix", package: "swift-nio"),
                .product(name: "NIOHTTP1", package: "swift-nio"),
                .product(name: "NIOTLS", package: "swift-nio"),
                .product(name: "NIOSSL", package: "swift-nio-ssl"),
                .product(name: "Logging", package: "swift-log"),
                .product(name: "ServiceLifecycle", package: "swift-service-lifecycle"),
            ],
            swiftSettings: swiftSettings
        ),
        // The only target that imports Hummingbird.
        .target(
            name: "WebAPI",
            dependencies: [
                "NetsightModel", "Analytics", "Storage", "Collectors", "Alerting",
                .product(name: "Hummingbird", package: "hummingbird"),
                .product(name: "Prometheus", package: "swift-prometheus"),
            ],
            swiftSettings: swiftSettings
        ),
        // Composition root: configuration and the ServiceGroup.
        .target(
            name: "NetsightServer",
            dependencies: [
                "NetsightModel", "FlowCodec", "Analytics", "Storage", "Collectors", "WebAPI", "Pollers", "Probers",
                "Alerting", "Notifiers",
                .product(name: "Yams", package: "Yams"),
                .product(name: "UnixSignals", package: "swift-service-lifecycle"),
                .product(name: "Logging", package: "swift-log"),
                .product(name: "ServiceLifecycle", package: "swift-service-lifecycle"),
                .product(name: "Prometheus", package: "swift-prometheus"),
            ],
            swiftSettings: swiftSettings
        ),
        .executableTarget(
            name: "netsight",
            dependencies: [
                "NetsightModel", "FlowCodec", "Analytics", "Storage", "NetsightServer", "Pollers", "SNMPCodec", "Probers",
                "Alerting",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
                .product(name: "Logging", package: "swift-log"),
            ],
            swiftSettings: swiftSettings
        ),
        .testTarget(name: "NetsightModelTests", dependencies: ["NetsightModel"], swiftSettings: swiftSettings),
        .testTarget(
            name: "FlowCodecTests", dependencies: ["FlowCodec", "NetsightModel"],
            resources: [.copy("Fixtures")], swiftSettings: swiftSettings),
        .testTarget(
            name: "SNMPCodecTests", dependencies: ["SNMPCodec"],
            resources: [.copy("Fixtures")], swiftSettings: swiftSettings),
        .testTarget(name: "AnalyticsTests", dependencies: ["Analytics", "NetsightModel"], swiftSettings: swiftSettings),
        .testTarget(
            name: "StorageTests", dependencies: ["Storage", "Analytics", "NetsightModel"], swiftSettings: swiftSettings),
        .testTarget(
            name: "CollectorsTests",
            dependencies: [
                "Collectors", "FlowCodec", "NetsightModel", "Storage",
                .product(name: "NIOCore", package: "swift-nio"),
                .product(name: "NIOPosix", package: "swift-nio"),
                .product(name: "NIOEmbedded", package: "swift-nio"),
                .product(name: "Prometheus", package: "swift-prometheus"),
            ],
            swiftSettings: swiftSettings),
        .testTarget(
            name: "NetsightServerTests", dependencies: ["NetsightServer", "NetsightModel", "Notifiers", "Alerting", "Storage"],
            swiftSettings: swiftSettings),
        .testTarget(
            name: "WebAPITests",
            dependencies: [
                "WebAPI", "Storage", "Analytics", "NetsightModel",
                .product(name: "HummingbirdTesting", package: "hummingbird"),
            ],
            swiftSettings: swiftSettings),
        .testTarget(
            name: "PollersTests",
            dependencies: [
                "Pollers", "SNMPCodec", "NetsightModel", "Analytics",
                .product(name: "NIOCore", package: "swift-nio"),
                .product(name: "NIOPosix", package: "swift-nio"),
            ],
            swiftSettings: swiftSettings),
        .testTarget(name: "AlertingTests", dependencies: ["Alerting", "NetsightModel"], swiftSettings: swiftSettings),
        .testTarget(
            name: "NotifiersTests", dependencies: ["Notifiers", "Alerting", "NetsightModel", .product(name: "NIOCore", package: "swift-nio")],
            swiftSettings: swiftSettings),
        .testTarget(name: "ProbeCodecTests", dependencies: ["ProbeCodec"], swiftSettings: swiftSettings),
        .testTarget(
            name: "ProbersTests",
            dependencies: [
                "Probers", "ProbeCodec", "NetsightModel", "Analytics",
                .product(name: "NIOCore", package: "swift-nio"),
                .product(name: "NIOPosix", package: "swift-nio"),
            ],
            swiftSettings: swiftSettings),
        .testTarget(
            name: "IntegrationTests",
            dependencies: [
                "NetsightModel", "FlowCodec", "Analytics", "Storage", "Collectors", "NetsightServer", "Pollers", "SNMPCodec",
                "Probers", "ProbeCodec", "Alerting", "Notifiers",
                .product(name: "NIOCore", package: "swift-nio"),
                .product(name: "NIOPosix", package: "swift-nio"),
            ],
            swiftSettings: swiftSettings
        ),
    ]
)
