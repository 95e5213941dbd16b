import Foundation
import Testing

@testable import NetsightServer

/// `asn_database:` is opened while the configuration is validated, so a wrong path or a
/// file that is not an .mmdb stops start-up with the key and line.
@Suite struct ASNDatabaseConfigurationTests {
    static func temporaryDirectory() throws -> String {
        let path = NSTemporaryDirectory() + "netsight-asncfg-\(UUID().uuidString.prefix(8))"
        try FileManager.default.createDirectory(atPath: path, withIntermediateDirectories: true)
        return path
    }

    @Test func validDatabaseIsAccepted() throws {
        let dir = try Self.temporaryDirectory()
        defer { try? FileManager.default.removeItem(atPath: dir) }
        let path = "\(dir)/asn.mmdb"
        let script = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
            .deletingLastPathComponent().path + "/scripts/peers/make_test_mmdb.py"
        let p = Process()
        p.executableURL = URL(fileURLWithPath: "/usr/bin/python3")
        p.arguments = [script, path, "10.0.0.0/8=64500"]
        try p.run()
        p.waitUntilExit()
        #expect(p.terminationStatus == 0)
        let c = try NetsightConfiguration.parse(yaml: "data_dir: /tmp/x\nasn_database: \(path)\n", file: "n.yaml")
        #expect(c.asnDatabasePath == path)
        #expect(try NetsightConfiguration.parse(yaml: "data_dir: /tmp/x\n", file: "n.yaml").asnDatabasePath == nil)
    }

    @Test func missingOrBadFileNamesKeyAndLine() throws {
        let dir = try Self.temporaryDirectory()
        defer { try? FileManager.default.removeItem(atPath: dir) }
        let missing = "\(dir)/absent.mmdb"
        let e1 = #expect(throws: ConfigurationError.self) {
            try NetsightConfiguration.parse(yaml: "data_dir: /tmp/x\nasn_database: \(missing)\n", file: "n.yaml")
        }
        #expect(e1?.description == "n.yaml:2: asn_database: cannot open: No such file or directory")

        let bad = "\(dir)/bad.mmdb"
        try Data("not a database".utf8).write(to: URL(fileURLWithPath: bad))
        let e2 = #expect(throws: ConfigurationError.self) {
            try NetsightConfiguration.parse(yaml: "asn_database: \(bad)\n", file: "n.yaml")
        }
        #expect(e2?.line == 1)
        #expect(e2?.key == "asn_database")
        #expect(e2?.problem.hasPrefix("not a MaxMind DB (.mmdb) file") == true)

        let e3 = #expect(throws: ConfigurationError.self) {
            try NetsightConfiguration.parse(yaml: "asn_database: \"\"\n", file: "n.yaml")
        }
        #expect(e3?.description == "n.yaml:1: asn_database: must not be empty")
    }
}
