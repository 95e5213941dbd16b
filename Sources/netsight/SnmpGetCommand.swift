import ArgumentParser
import Pollers
import SNMPCodec

/// `netsight snmp get TARGET OID...`: one GetRequest, like snmpget.
struct SnmpGetCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "get", abstract: "Get objects (like snmpget -On).")

    @OptionGroup var options: SnmpOptions

    @Argument(help: "OIDs (numeric, leading dot optional) or built-in names such as sysName.0.")
    var oids: [String]

    func validate() throws {
        if oids.isEmpty { throw ValidationError("give at least one OID") }
        _ = try parseOIDs(oids)
    }

    func run() async throws {
        let oids = try parseOIDs(self.oids)
        var output = SnmpOutput(json: options.json)
        do {
            let target = try options.makeTarget()
            let client = try await SNMPClient.startSingleThreaded()
            defer { Task { try? await client.close() } }
            output.write(try await client.onEventLoop { try await client.get(oids, target: target) })
            try output.finish()
        } catch {
            SnmpOutput.fail(error)
        }
    }
}
