import Collectors
import Testing

@testable import NetsightServer

@Suite struct TrapConfigurationTests {
    @Test func defaultListensOn162AndOffDisables() throws {
        let c = try NetsightConfiguration.parse(yaml: "", file: "t.yaml")
        #expect(c.trapsListen == .init(host: "0.0.0.0", port: 162))
        #expect(c.trapListenerConfiguration?.port == 162)
        let off = try NetsightConfiguration.parse(yaml: "listen:\n  traps: \"off\"\n", file: "t.yaml")
        #expect(off.trapsListen == nil && off.trapListenerConfiguration == nil)
    }

    @Test func trapsSectionIsRead() throws {
        let yaml = """
            listen:
              traps: 127.0.0.1:1162
            exporters:
              - address: 192.0.2.1
                name: edge-1
            traps:
              communities: [public, ops]
              engine_id: 0x80001f8804abcdef
              retention: 30d
              users:
                - user: trapper
                  auth_protocol: SHA
                  auth_password: trapauthpass
                  priv_protocol: AES
                  priv_password: trapprivpass
                  engine_ids: ["80:00:1f:88:04:01"]
                - user: plain
            """
        let c = try NetsightConfiguration.parse(yaml: yaml, file: "t.yaml")
        #expect(c.traps.communities == ["public", "ops"])
        #expect(c.traps.engineID == [0x80, 0x00, 0x1F, 0x88, 0x04, 0xAB, 0xCD, 0xEF])
        #expect(c.traps.retentionMillis == 30 * 86_400_000)
        #expect(c.traps.users == [
            TrapUser(name: "trapper", authProtocol: "SHA", authPassword: "trapauthpass", privProtocol: "AES",
                     privPassword: "trapprivpass", engineIDs: [[0x80, 0x00, 0x1F, 0x88, 0x04, 0x01]]),
            TrapUser(name: "plain"),
        ])
        let l = try #require(c.trapListenerConfiguration)
        #expect(l.host == "127.0.0.1" && l.port == 1162 && l.deviceNames.values.first == "edge-1")
    }

    @Test(arguments: [
        ("traps:\n  users:\n    - user: u\n      auth_protocol: SHA\n      auth_password: short\n", "traps.users[0]", "at least 8"),
        ("traps:\n  users:\n    - user: u\n      auth_protocol: SHA9\n      auth_password: longenough\n", "traps.users[0]", "unknown auth_protocol"),
        ("traps:\n  users:\n    - user: u\n      priv_protocol: AES\n      priv_password: longenough\n", "traps.users[0]", "privacy needs authentication"),
        ("traps:\n  engine_id: xyz\n", "traps.engine_id", "engine ID"),
        ("traps:\n  colour: red\n", "traps.colour", "unknown key"),
        ("listen:\n  traps: 162\n", "listen.traps", "HOST:PORT"),
    ])
    func badSettingsNameTheKey(yaml: String, key: String, problem: String) {
        let error = #expect(throws: ConfigurationError.self) { try NetsightConfiguration.parse(yaml: yaml, file: "t.yaml") }
        #expect(error?.key == key)
        #expect(error?.problem.contains(problem) == true, "\(String(describing: error))")
    }
}
