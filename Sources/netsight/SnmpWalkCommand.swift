import ArgumentParser
import Pollers
import SNMPCodec

/// `netsight snmp walk TARGET [OID]`: a GetNext walk, like snmpwalk.
struct SnmpWalkCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "walk", abstract: "Walk subtrees with GetNext (like snmpwalk -On).")

    @OptionGroup var options: SnmpOptions

    @Argument(help: "Subtree roots (default .1.3.6.1.2.1, as net-snmp).")
    var oids: [String] = []

    func validate() throws { _ = try parseOIDs(oids) }

    func run() async throws {
        try await runWalk(options: options, oids: oids, bulk: false, repetitions: AdaptiveRepetitions())
    }
}

/// `netsight snmp bulkwalk TARGET [OID]`: a GetBulk walk with adaptive max-repetitions.
struct SnmpBulkWalkCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "bulkwalk", abstract: "Walk subtrees with GetBulk (like snmpbulkwalk -On).")

    @OptionGroup var options: SnmpOptions

    @Option(name: .customShort("C", allowingJoined: true), help: "rN: start with max-repetitions N (it adapts from there).")
    var walkOptions: String?

    @Argument(help: "Subtree roots (default .1.3.6.1.2.1, as net-snmp).")
    var oids: [String] = []

    func validate() throws {
        _ = try parseOIDs(oids)
        if options.version == "1" { throw ValidationError("bulkwalk needs -v 2c or 3 (GetBulk does not exist in SNMPv1)") }
        if let walkOptions, initialRepetitions == nil {
            throw ValidationError("-C: expected rN (initial max-repetitions), got \(walkOptions)")
        }
    }

    var initialRepetitions: Int? {
        guard let walkOptions else { return 25 }
        guard walkOptions.first == "r", let n = Int(walkOptions.dropFirst()), n > 0 else { return nil }
        return n
    }

    func run() async throws {
        let n = initialRepetitions ?? 25
        try await runWalk(
            options: options, oids: oids, bulk: true,
            repetitions: AdaptiveRepetitions(initial: n, maximum: max(100, n)))
    }
}

/// Walks each root in turn. As net-snmp does, a root with nothing under it is fetched
/// with a Get and printed (a scalar instance, or the noSuchObject line).
func runWalk(options: SnmpOptions, oids: [String], bulk: Bool, repetitions: AdaptiveRepetitions) async throws {
    let roots = try oids.isEmpty ? [OID([1, 3, 6, 1, 2, 1])] : parseOIDs(oids)
    var output = SnmpOutput(json: options.json)
    do {
        let target = try options.makeTarget()
        let client = try await SNMPClient.startSingleThreaded()
        defer { Task { try? await client.close() } }
        // One thread for the whole walk: no hand-offs between the socket and the pool.
        try await client.onEventLoop {
            for root in roots {
                var count = 0
                // net-snmp also prints the endOfMibView varbinds a walk ends at ("No more
                // variables left in this MIB View"): so do we, except in JSON.
                try await client.walk(root, target: target, bulk: bulk, repetitions: repetitions, exceptions: !options.json) { batch in
                    count += batch.count
                    output.write(batch)
                }
                if count == 0 {
                    output.write(try await client.get([root], target: target))
                }
            }
        }
        try output.finish()
    } catch {
        output.flushLines()
        SnmpOutput.fail(error)
    }
}
