import ArgumentParser
import Pollers
import SNMPCodec

/// The options every `netsight snmp` subcommand shares, spelt as net-snmp spells them.
struct SnmpOptions: ParsableArguments {
    @Option(name: .customShort("v", allowingJoined: true), help: "SNMP version: 1, 2c or 3.")
    var version: String = "2c"

    @Option(name: .customShort("c", allowingJoined: true), help: "Community (v1/v2c).")
    var community: String = "public"

    @Option(name: .customShort("u", allowingJoined: true), help: "Security name (v3).")
    var user: String?

    @Option(name: .customShort("l", allowingJoined: true), help: "Security level: noAuthNoPriv, authNoPriv or authPriv (default: from the passwords given).")
    var level: String?

    @Option(name: .customShort("a", allowingJoined: true), help: "Authentication protocol: MD5, SHA, SHA-224, SHA-256, SHA-384, SHA-512.")
    var authProtocol: String = "MD5"

    @Option(name: .customShort("A", allowingJoined: true), help: "Authentication pass phrase.")
    var authPassword: String?

    @Option(name: .customShort("x", allowingJoined: true), help: "Privacy protocol: AES or DES.")
    var privProtocol: String = "DES"

    @Option(name: .customShort("X", allowingJoined: true), help: "Privacy pass phrase.")
    var privPassword: String?

    @Option(name: .customShort("n", allowingJoined: true), help: "Context name (v3).")
    var context: String = ""

    @Option(name: .customShort("t", allowingJoined: true), help: "Timeout per try, in seconds.")
    var timeout: Double = 1

    @Option(name: .customShort("r", allowingJoined: true), help: "Retries after the first try.")
    var retries: Int = 5

    @Option(name: .customShort("O", allowingJoined: true), help: "Output options; accepted for compatibility (output is always -On style).")
    var outputOptions: String?

    @Flag(name: .long, help: "Print a JSON array instead of net-snmp lines.")
    var json = false

    @Argument(help: "HOST[:PORT] or udp:HOST:PORT.")
    var target: String

    func validate() throws {
        guard ["1", "2c", "3"].contains(version) else { throw ValidationError("-v: expected 1, 2c or 3, got \(version)") }
        guard SNMPTarget.parseAddress(target) != nil else { throw ValidationError("bad target \(target): expected HOST[:PORT] or udp:HOST:PORT") }
        guard timeout > 0, timeout <= 3600 else { throw ValidationError("-t: expected seconds in (0, 3600]") }
        guard retries >= 0, retries <= 100 else { throw ValidationError("-r: expected 0...100") }
        if version == "3" {
            guard user != nil else { throw ValidationError("-v 3 needs -u USER") }
            if let level, SecurityLevel(rawValue: level) == nil {
                throw ValidationError("-l: expected noAuthNoPriv, authNoPriv or authPriv, got \(level)")
            }
            guard AuthProtocol(name: authProtocol) != nil else { throw ValidationError("-a: unknown protocol \(authProtocol)") }
            guard PrivProtocol(name: privProtocol) != nil else { throw ValidationError("-x: expected AES or DES, got \(privProtocol)") }
        }
    }

    /// The level asked for: -l, else authPriv with -X, authNoPriv with -A, noAuthNoPriv.
    var securityLevel: SecurityLevel {
        if let level, let parsed = SecurityLevel(rawValue: level) { return parsed }
        return privPassword != nil ? .authPriv : (authPassword != nil ? .authNoPriv : .noAuthNoPriv)
    }

    /// Builds the target (hashing v3 passwords once). Throws a one-line error.
    func makeTarget() throws -> SNMPTarget {
        let (host, port) = SNMPTarget.parseAddress(target)!
        let snmpVersion: SNMPVersion = version == "1" ? .v1 : (version == "2c" ? .v2c : .v3)
        var usmUser: USMUser?
        if snmpVersion == .v3, let user {
            let level = securityLevel
            switch level {
            case .noAuthNoPriv:
                usmUser = USMUser(name: user)
            case .authNoPriv, .authPriv:
                guard let authPassword else { throw SnmpCLIError("\(level) needs -A PASSPHRASE") }
                if level == .authPriv && privPassword == nil { throw SnmpCLIError("authPriv needs -X PASSPHRASE") }
                usmUser = try USMUser(
                    name: user, authentication: AuthProtocol(name: authProtocol)!, authPassword: authPassword,
                    privacy: level == .authPriv ? PrivProtocol(name: privProtocol)! : nil,
                    privPassword: level == .authPriv ? privPassword : nil)
            }
        }
        return SNMPTarget(
            host: host, port: port, version: snmpVersion, community: community, user: usmUser, contextName: context,
            timeout: .milliseconds(Int64(timeout * 1000)), retries: retries)
    }
}

struct SnmpCLIError: Error, CustomStringConvertible {
    let description: String
    init(_ description: String) { self.description = description }
}

/// Parses the OID arguments (numeric or a built-in name).
func parseOIDs(_ texts: [String]) throws -> [OID] {
    try texts.map { text in
        guard let oid = SNMPObjectNames.parse(text) else {
            throw ValidationError("unknown object \(text): use a numeric OID or one of the built-in names (docs/snmp-cli.md)")
        }
        return oid
    }
}
