import Foundation
import SNMPCodec

/// The net-snmp captures of Tests/SNMPCodecTests/Fixtures (README there), read by path so
/// both test targets use the same bytes, and the credentials the capture script set up.
enum TrapFixtures {
    static var root: URL {
        URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
            .deletingLastPathComponent().appendingPathComponent("SNMPCodecTests/Fixtures")
    }

    static func bytes(_ scenario: String, _ name: String) throws -> [UInt8] {
        [UInt8](try Data(contentsOf: root.appendingPathComponent(scenario).appendingPathComponent(name)))
    }

    /// snmptrapd's engine ID in the captures: the receiver's, authoritative for informs.
    static let trapdEngineID: [UInt8] = [0x80, 0x00, 0x1F, 0x88, 0x04] + Array("netsight-trapd".utf8)

    static func informUser(authPassword: String = "informauthpass") throws -> USMUser {
        try USMUser(name: "informuser", authentication: .sha1, authPassword: authPassword, privacy: .aes128, privPassword: "informprivpass")
    }
}
