import Pollers
import SNMPCodec
import Testing

@testable import NetsightServer

/// The `snmp:` and `devices:` sections (docs/configuration.md, "SNMP devices").
@Suite struct DeviceConfigurationTests {
    @Test func noDevicesByDefault() throws {
        let c = try NetsightConfiguration.parse(yaml: "", file: "t.yaml")
        #expect(c.devices.isEmpty && c.deviceRatesRetentionMillis == 30 * 86_400_000)
    }

    @Test func devicesAreReadWithDefaultsAndOverrides() throws {
        let yaml = """
            snmp:
              community: ops
              interval: 5m
              timeout: 2s
              retries: 2
              rewalk_every: 10
              retention: 14d
            devices:
              - name: border-1
                address: 192.0.2.1
                site: ldn
              - name: core-1
                address: "[2001:db8::1]:1161"
                version: 1
                community: secret
                parent: border-1
                interval: 30s
                timeout: 500ms
                retries: 0
                rewalk_every: 1
                speed_overrides:
                  Gi0/1: 10g
                  Gi0/2: 2.5G
                  eth0: 1000000
              - name: edge-1
                address: edge-1.example.net:161
                version: 3
                user: poller
                auth_protocol: SHA-256
                auth_password: authpassword
                priv_protocol: AES
                priv_password: privpassword
                context: vlan-10
                parent: core-1
              - name: edge-2
                address: 2001:db8::2
                version: 3
                user: poller
                auth_protocol: SHA-256
                auth_password: authpassword
                priv_protocol: AES
                priv_password: privpassword
              - name: lab
                address: 198.51.100.7
                version: 3
                user: watcher
            """
        let c = try NetsightConfiguration.parse(yaml: yaml, file: "t.yaml")
        #expect(c.devices.map(\.name) == ["border-1", "core-1", "edge-1", "edge-2", "lab"])
        #expect(c.deviceRatesRetentionMillis == 14 * 86_400_000)
        let border = c.devices[0]
        #expect(border.target == SNMPTarget(host: "192.0.2.1", port: 161, version: .v2c, community: "ops", timeout: .seconds(2), retries: 2))
        #expect(border.site == "ldn" && border.parent == nil && border.interval == .seconds(300) && border.rewalkEveryCycles == 10)
        let core = c.devices[1]
        #expect(core.target.host == "2001:db8::1" && core.target.port == 1161 && core.target.version == .v1)
        #expect(core.target.community == "secret" && core.target.timeout == .milliseconds(500) && core.target.retries == 0)
        #expect(core.parent == "border-1" && core.interval == .seconds(30) && core.rewalkEveryCycles == 1)
        #expect(core.speedOverrides == ["Gi0/1": 10_000_000_000, "Gi0/2": 2_500_000_000, "eth0": 1_000_000])
        let edge = c.devices[2]
        #expect(edge.target.host == "edge-1.example.net" && edge.target.version == .v3 && edge.target.contextName == "vlan-10")
        #expect(edge.target.user?.name == "poller" && edge.target.user?.securityLevel == .authPriv)
        #expect(edge.target.user?.authentication == .sha256 && edge.target.user?.privacy == .aes128)
        #expect(c.devices[3].target.host == "2001:db8::2" && c.devices[3].target.port == 161)
        #expect(c.devices[3].target.user == edge.target.user, "the same credentials derive the same keys")
        #expect(c.devices[4].target.user == USMUser(name: "watcher"))
    }

    /// A device behind two routers lists both; alerting needs both down to call it unreachable.
    @Test func severalParents() throws {
        let yaml = """
            devices:
              - {name: core-a, address: 192.0.2.1}
              - {name: core-b, address: 192.0.2.2}
              - {name: sw-1, address: 192.0.2.3, parents: [core-a, core-b]}
              - {name: sw-2, address: 192.0.2.4, parent: sw-1}
            """
        let c = try NetsightConfiguration.parse(yaml: yaml, file: "t.yaml")
        #expect(c.devices.map(\.parents) == [[], [], ["core-a", "core-b"], ["sw-1"]])
        #expect(c.devices[2].parent == "core-a")
    }

    @Test(arguments: [
        ("devices:\n  - address: 192.0.2.1\n", "devices[0]", "needs a name"),
        ("devices:\n  - name: a\n", "devices[0]", "needs an address"),
        ("devices:\n  - name: \"\"\n    address: 192.0.2.1\n", "devices[0].name", "must not be empty"),
        ("devices:\n  - name: a\n    address: 192.0.2.1\n  - name: a\n    address: 192.0.2.2\n", "devices[1].name", "listed twice"),
        ("devices:\n  - name: a\n    address: 192.0.2.1:99999\n", "devices[0].address", "HOST:PORT"),
        ("devices:\n  - name: a\n    address: \"bad host!\"\n", "devices[0].address", "HOST:PORT"),
        ("devices:\n  - name: a\n    address: 192.0.2.1\n    version: 4\n", "devices[0].version", "expected 1, 2c or 3"),
        ("devices:\n  - name: a\n    address: 192.0.2.1\n    colour: red\n", "devices[0].colour", "unknown key"),
        ("devices:\n  - name: a\n    address: 192.0.2.1\n    parent: b\n", "devices[0].parent", "unknown device \"b\""),
        ("devices:\n  - name: a\n    address: 192.0.2.1\n    parent: a\n", "devices[0].parent", "own parent"),
        ("devices:\n  - name: a\n    address: 192.0.2.1\n    parent: b\n  - name: b\n    address: 192.0.2.2\n    parent: a\n",
         "devices[0].parent", "cycle: a -> b -> a"),
        ("devices:\n  - name: a\n    address: 192.0.2.1\n  - name: b\n    address: 192.0.2.2\n    parents: [a, c]\n  - name: c\n    address: 192.0.2.3\n    parents: [a, b]\n",
         "devices[1].parents", "cycle: b -> c -> b"),
        ("devices:\n  - name: a\n    address: 192.0.2.1\n    parents: [a]\n", "devices[0].parents", "own parent"),
        ("devices:\n  - name: a\n    address: 192.0.2.1\n    parents: []\n", "devices[0].parents", "at least one"),
        ("devices:\n  - name: a\n    address: 192.0.2.1\n  - name: b\n    address: 192.0.2.2\n    parents: [a, a]\n", "devices[1].parents", "twice"),
        ("devices:\n  - name: a\n    address: 192.0.2.1\n  - name: b\n    address: 192.0.2.2\n    parent: a\n    parents: [a]\n", "devices[1].parents", "not both"),
        ("devices:\n  - name: a\n    address: 192.0.2.1\n    version: 3\n", "devices[0]", "needs a user"),
        ("devices:\n  - name: a\n    address: 192.0.2.1\n    version: 3\n    user: u\n    priv_protocol: AES\n    priv_password: longenough\n",
         "devices[0]", "privacy needs authentication"),
        ("devices:\n  - name: a\n    address: 192.0.2.1\n    version: 3\n    user: u\n    auth_protocol: SHA\n    auth_password: short\n",
         "devices[0]", "at least 8"),
        ("devices:\n  - name: a\n    address: 192.0.2.1\n    version: 3\n    user: u\n    auth_protocol: SHA9\n    auth_password: longenough\n",
         "devices[0]", "unknown auth_protocol"),
        ("devices:\n  - name: a\n    address: 192.0.2.1\n    version: 3\n    user: u\n    auth_password: longenough\n",
         "devices[0].auth_password", "needs auth_protocol"),
        ("devices:\n  - name: a\n    address: 192.0.2.1\n    version: 3\n    user: u\n    community: public\n",
         "devices[0].community", "version 3 uses user"),
        ("devices:\n  - name: a\n    address: 192.0.2.1\n    user: u\n", "devices[0].user", "is for SNMPv3"),
        ("devices:\n  - name: a\n    address: 192.0.2.1\n    interval: 500ms\n", "devices[0].interval", "duration"),
        ("devices:\n  - name: a\n    address: 192.0.2.1\n    interval: 2d\n", "devices[0].interval", "between 1s and 1d"),
        ("devices:\n  - name: a\n    address: 192.0.2.1\n    timeout: 5ms\n", "devices[0].timeout", "between 10ms and 60s"),
        ("devices:\n  - name: a\n    address: 192.0.2.1\n    retries: 11\n", "devices[0].retries", "out of range"),
        ("devices:\n  - name: a\n    address: 192.0.2.1\n    rewalk_every: 0\n", "devices[0].rewalk_every", "out of range"),
        ("devices:\n  - name: a\n    address: 192.0.2.1\n    speed_overrides:\n      Gi0/1: fast\n",
         "devices[0].speed_overrides.Gi0/1", "expected a speed"),
        ("devices:\n  - name: a\n    address: 192.0.2.1\n    speed_overrides: [10g]\n", "devices[0].speed_overrides", "mapping"),
        ("devices:\n  name: a\n", "devices", "expected a list"),
        ("snmp:\n  version: 5\n", "snmp.version", "expected 1, 2c or 3"),
        ("snmp:\n  community: \"\"\n", "snmp.community", "must not be empty"),
        ("snmp:\n  port: 161\n", "snmp.port", "unknown key"),
    ])
    func badDevicesNameTheKey(yaml: String, key: String, problem: String) {
        let error = #expect(throws: ConfigurationError.self) { try NetsightConfiguration.parse(yaml: yaml, file: "t.yaml") }
        #expect(error?.key == key, "\(String(describing: error))")
        #expect(error?.problem.contains(problem) == true, "\(String(describing: error))")
    }

    @Test(arguments: [
        ("10g", UInt64(10_000_000_000)), ("100m", 100_000_000), ("2.5G", 2_500_000_000), ("64k", 64_000),
        ("1t", 1_000_000_000_000), ("1000000", 1_000_000),
    ])
    func speedsParse(text: String, bits: UInt64) {
        #expect(NetsightConfiguration.parseSpeed(text) == bits)
    }

    @Test(arguments: ["", "0", "g", "-1g", "1.2.3m", "10x", "2p"])
    func badSpeedsDoNot(text: String) {
        #expect(NetsightConfiguration.parseSpeed(text) == nil)
    }
}
