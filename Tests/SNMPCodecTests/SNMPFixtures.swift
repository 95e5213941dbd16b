import Foundation
@testable import SNMPCodec

/// The datagrams `scripts/peers/capture_snmp.py` captured from net-snmp (see
/// Fixtures/README.md), and the credentials that script configured.
enum SNMPFixtures {
    static var root: URL {
        Bundle.module.url(forResource: "Fixtures", withExtension: nil)!
    }

    /// Every scenario directory name, sorted.
    static func scenarios() throws -> [String] {
        try FileManager.default.contentsOfDirectory(atPath: root.path)
            .filter { !$0.hasSuffix(".md") }.sorted()
    }

    /// The datagrams of one scenario in capture order, with their direction.
    static func datagrams(_ scenario: String) throws -> [(name: String, isRequest: Bool, bytes: [UInt8])] {
        let directory = root.appendingPathComponent(scenario)
        return try FileManager.default.contentsOfDirectory(atPath: directory.path)
            .filter { $0.hasSuffix(".bin") }.sorted()
            .map { name in
                (name, name.hasSuffix("-request.bin"), [UInt8](try Data(contentsOf: directory.appendingPathComponent(name))))
            }
    }

    /// One datagram by file name.
    static func bytes(_ scenario: String, _ name: String) throws -> [UInt8] {
        [UInt8](try Data(contentsOf: root.appendingPathComponent(scenario).appendingPathComponent(name)))
    }

    /// Every captured datagram, for the malformed-input tests.
    static func all() throws -> [[UInt8]] {
        try scenarios().flatMap { try datagrams($0).map(\.bytes) }
    }

    /// Users configured in snmpd/snmptrapd by the capture script.
    static let users: [String: USMUser] = {
        func make(_ name: String, _ a: AuthProtocol, _ ap: String, _ x: PrivProtocol? = nil, _ xp: String? = nil) -> USMUser {
            // The passwords are long enough; a failure here is a test bug.
            (try? USMUser(name: name, authentication: a, authPassword: ap, privacy: x, privPassword: xp)) ?? USMUser(name: "invalid")
        }
        return [
            "shaaes": make("shaaes", .sha1, "shaauthpass", .aes128, "shaprivpass"),
            "md5des": make("md5des", .md5, "md5authpass", .des, "md5privpass"),
            "sha224": make("sha224", .sha224, "sha224authpass"),
            "sha256": make("sha256", .sha256, "sha256authpass"),
            "sha384": make("sha384", .sha384, "sha384authpass"),
            "sha512aes": make("sha512aes", .sha512, "sha512authpass", .aes128, "sha512privpass"),
            "informuser": make("informuser", .sha1, "informauthpass", .aes128, "informprivpass"),
        ]
    }()

    /// snmpd's engine ID: net-snmp's text format (80001f88 04) and "netsight-agent".
    static let agentEngineID: [UInt8] = [0x80, 0x00, 0x1F, 0x88, 0x04] + Array("netsight-agent".utf8)
    /// snmptrapd's engine ID, authoritative for the inform.
    static let trapdEngineID: [UInt8] = [0x80, 0x00, 0x1F, 0x88, 0x04] + Array("netsight-trapd".utf8)
}

extension Array where Element == UInt8 {
    init(hex: String) {
        let digits = hex.filter { !$0.isWhitespace }
        var out: [UInt8] = []
        var index = digits.startIndex
        while index < digits.endIndex {
            let next = digits.index(index, offsetBy: 2)
            out.append(UInt8(digits[index..<next], radix: 16)!)
            index = next
        }
        self = out
    }

    var hex: String { map { ($0 < 16 ? "0" : "") + String($0, radix: 16) }.joined() }
}
