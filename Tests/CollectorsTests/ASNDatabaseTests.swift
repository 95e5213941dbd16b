import Collectors
import Foundation
import NetsightModel
import Testing

/// AS numbers from a MaxMind-format database. The database is written by
/// scripts/peers/make_test_mmdb.py, and every expected answer is first confirmed with
/// Debian's real `mmdblookup` (mmdb-bin), so the writer and our reader are both checked
/// against libmaxminddb's own tool.
struct ASNDatabaseTests {
    /// Prefixes written to the test databases: nested prefixes (longest match must win),
    /// an AS above 2^31 and a record without an organisation.
    static let entries = [
        "10.0.0.0/8=64500:Ten", "10.1.0.0/16=64501:TenOne", "192.0.2.0/24=64502",
        "198.51.100.128/25=4200000001:Big",
        "2001:db8::/32=64510:Doc", "2001:db8:1::/48=64511:DocOne", "2001:db8:1:2::/64=4200000002",
    ]

    /// Address, expected AS in an IPv6 database (nil: no record), expected AS in an
    /// IPv4-only one (IPv6 prefixes are not written there).
    static let expectations: [(String, UInt32?, UInt32?)] = [
        ("10.200.3.4", 64500, 64500),
        ("10.1.2.3", 64501, 64501),
        ("10.1.255.255", 64501, 64501),
        ("10.2.0.0", 64500, 64500),
        ("192.0.2.1", 64502, 64502),
        ("192.0.3.1", nil, nil),
        ("198.51.100.200", 4_200_000_001, 4_200_000_001),
        ("198.51.100.127", nil, nil),
        ("2001:db8:5::1", 64510, nil),
        ("2001:db8:1:3::1", 64511, nil),
        ("2001:db8:1:2::99", 4_200_000_002, nil),
        ("2001:db9::1", nil, nil),
    ]

    @Test(arguments: [(24, 6), (28, 6), (24, 4), (28, 4)])
    func lookupsMatchMmdblookup(recordSize: Int, ipVersion: Int) throws {
        guard let mmdblookup = MMDBPeer.find("mmdblookup") else { return }
        let dir = try MMDBPeer.temporaryDirectory()
        defer { try? FileManager.default.removeItem(atPath: dir) }
        let path = "\(dir)/asn-\(recordSize)-v\(ipVersion).mmdb"
        let entries = ipVersion == 4 ? Self.entries.filter { $0.prefix { $0 != "=" }.contains(".") } : Self.entries
        try MMDBPeer.makeDatabase(path, recordSize: recordSize, ipVersion: ipVersion, entries: entries)

        let db = try ASNDatabase(path: path)
        #expect(db.ipVersion == ipVersion)
        #expect(db.databaseType == "GeoLite2-ASN")
        for (text, inV6, inV4) in Self.expectations {
            let expected = ipVersion == 6 ? inV6 : inV4
            let peer = try MMDBPeer.lookup(mmdblookup, database: path, address: text)
            #expect(peer == expected, "mmdblookup \(text) in \(recordSize)-bit v\(ipVersion) database")
            #expect(db.asn(for: IPAddress(text)!) == expected, "ASNDatabase \(text) in \(recordSize)-bit v\(ipVersion) database")
        }
    }

    /// IPAddress holds IPv4 as ::ffff:a.b.c.d. The test database, like many, does not alias
    /// that range to its IPv4 subtree (mmdblookup finds nothing there), so the reader must
    /// look IPv4 addresses up as IPv4.
    @Test func ipv4MappedAddressesAreLookedUpAsIPv4() throws {
        guard let mmdblookup = MMDBPeer.find("mmdblookup") else { return }
        let dir = try MMDBPeer.temporaryDirectory()
        defer { try? FileManager.default.removeItem(atPath: dir) }
        let path = "\(dir)/asn.mmdb"
        try MMDBPeer.makeDatabase(path, recordSize: 28, ipVersion: 6, entries: Self.entries)
        #expect(try MMDBPeer.lookup(mmdblookup, database: path, address: "::ffff:10.1.2.3") == nil)
        #expect(try MMDBPeer.lookup(mmdblookup, database: path, address: "10.1.2.3") == 64501)
        let db = try ASNDatabase(path: path)
        let mapped = IPAddress("::ffff:10.1.2.3")!
        #expect(mapped.isIPv4)
        #expect(db.asn(for: mapped) == 64501)
    }

    @Test func concurrentLookupsAgree() async throws {
        let dir = try MMDBPeer.temporaryDirectory()
        defer { try? FileManager.default.removeItem(atPath: dir) }
        let path = "\(dir)/asn.mmdb"
        try MMDBPeer.makeDatabase(path, recordSize: 24, ipVersion: 6, entries: Self.entries)
        let db = try ASNDatabase(path: path)
        let addresses = Self.expectations.map { IPAddress($0.0)! }
        let expected = Self.expectations.map(\.1)
        let results = await withTaskGroup(of: Bool.self) { group in
            for _ in 0..<8 {
                group.addTask {
                    for _ in 0..<2_000 where addresses.map({ db.asn(for: $0) }) != expected { return false }
                    return true
                }
            }
            return await group.reduce(into: [Bool]()) { $0.append($1) }
        }
        #expect(results == Array(repeating: true, count: 8))
    }

    @Test func enricherFillsOnlyMissingAS() throws {
        let dir = try MMDBPeer.temporaryDirectory()
        defer { try? FileManager.default.removeItem(atPath: dir) }
        let path = "\(dir)/asn.mmdb"
        try MMDBPeer.makeDatabase(path, recordSize: 28, ipVersion: 6, entries: Self.entries)
        let enricher = FlowEnricher(asnDatabase: try ASNDatabase(path: path))

        func record(_ src: String, _ dst: String, srcAS: UInt32 = 0, dstAS: UInt32 = 0) -> FlowRecord {
            var r = FlowRecord()
            r.exporter = IPAddress("192.0.2.250")!
            r.srcAddress = IPAddress(src)!
            r.dstAddress = IPAddress(dst)!
            r.srcAS = srcAS
            r.dstAS = dstAS
            return r
        }
        var records = [
            record("10.1.2.3", "2001:db8:1:2::1"),  // both filled
            record("10.1.2.3", "198.51.100.200", srcAS: 65000),  // exported src kept, dst filled
            record("192.0.2.7", "10.9.9.9", srcAS: 1, dstAS: 2),  // both exported: untouched
            record("192.0.3.1", "2001:db9::1"),  // not in the database: stays 0
            record("::", "192.0.2.7"),  // absent source address: not looked up
        ]
        enricher.enrich(&records)
        #expect(records.map(\.srcAS) == [64501, 65000, 1, 0, 0])
        #expect(records.map(\.dstAS) == [4_200_000_002, 4_200_000_001, 2, 0, 64502])
        #expect(records[0].exporterName == "192.0.2.250")

        var untouched = [record("10.1.2.3", "10.1.2.4")]
        FlowEnricher().enrich(&untouched)
        #expect(untouched[0].srcAS == 0 && untouched[0].dstAS == 0)
    }

    @Test func notAnMMDBFileIsAClearError() throws {
        let dir = try MMDBPeer.temporaryDirectory()
        defer { try? FileManager.default.removeItem(atPath: dir) }
        let path = "\(dir)/GeoLite2-ASN.mmdb"
        try Data(String(repeating: "this is not a MaxMind database\n", count: 100).utf8).write(to: URL(fileURLWithPath: path))
        let error = #expect(throws: ASNDatabaseError.self) { try ASNDatabase(path: path) }
        #expect(error?.path == path)
        #expect(error?.description.hasPrefix("AS number database \(path): not a MaxMind DB (.mmdb) file") == true)

        let missing = "\(dir)/absent.mmdb"
        let notFound = #expect(throws: ASNDatabaseError.self) { try ASNDatabase(path: missing) }
        #expect(notFound?.description == "AS number database \(missing): cannot open: No such file or directory")
    }
}

/// The peers these tests run: Debian's python3 (for the writer) and mmdblookup.
enum MMDBPeer {
    static var repositoryRoot: String {
        URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
            .deletingLastPathComponent().path
    }

    /// The program's path, or nil after recording a failure under CI (`CI=true`) or
    /// printing why the test skipped elsewhere.
    static func find(_ program: String, sourceLocation: SourceLocation = #_sourceLocation) -> String? {
        for dir in ["/usr/bin", "/usr/local/bin"] where FileManager.default.isExecutableFile(atPath: "\(dir)/\(program)") {
            return "\(dir)/\(program)"
        }
        if ProcessInfo.processInfo.environment["CI"] == "true" {
            Issue.record("peer \(program) is not installed (scripts/install-deps.sh --test installs it)", sourceLocation: sourceLocation)
        } else {
            print("skipping: peer \(program) is not installed; run scripts/install-deps.sh --test")
        }
        return nil
    }

    static func temporaryDirectory() throws -> String {
        let path = NSTemporaryDirectory() + "netsight-asn-\(UUID().uuidString.prefix(8))"
        try FileManager.default.createDirectory(atPath: path, withIntermediateDirectories: true)
        return path
    }

    /// Runs a program to completion and returns its exit status and standard output.
    static func run(_ program: String, _ arguments: [String]) throws -> (Int32, String) {
        let p = Process()
        p.executableURL = URL(fileURLWithPath: program)
        p.arguments = arguments
        let out = Pipe()
        p.standardOutput = out
        p.standardError = out
        try p.run()
        let data = out.fileHandleForReading.readDataToEndOfFile()
        p.waitUntilExit()
        return (p.terminationStatus, String(decoding: data, as: UTF8.self))
    }

    static func makeDatabase(_ path: String, recordSize: Int, ipVersion: Int, entries: [String]) throws {
        let script = repositoryRoot + "/scripts/peers/make_test_mmdb.py"
        let (status, output) = try run(
            "/usr/bin/python3",
            [script, path, "--record-size", "\(recordSize)", "--ip-version", "\(ipVersion)"] + entries)
        guard status == 0 else { throw PeerFailure(message: "make_test_mmdb.py failed: \(output)") }
    }

    /// The `autonomous_system_number` mmdblookup reports, or nil when it finds no record.
    static func lookup(_ mmdblookup: String, database: String, address: String) throws -> UInt32? {
        let (status, output) = try run(mmdblookup, ["-f", database, "-i", address, "autonomous_system_number"])
        if output.contains("Could not find an entry") || output.contains("IPv6 address in an IPv4-only database") {
            return nil
        }
        // Prints e.g. "\n  64501 <uint32>\n\n".
        let words = output.split(whereSeparator: \.isWhitespace)
        guard status == 0, words.count == 2, words[1] == "<uint32>", let value = UInt32(words[0]) else {
            throw PeerFailure(message: "unexpected mmdblookup output for \(address) (status \(status)): \(output)")
        }
        return value
    }

    struct PeerFailure: Error, CustomStringConvertible {
        let message: String
        var description: String { message }
    }
}
