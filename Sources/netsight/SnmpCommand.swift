import ArgumentParser

/// `netsight snmp ...`: ask agents directly, with net-snmp's option names and output.
struct SnmpCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "snmp",
        abstract: "Query SNMP agents (v1, v2c, v3) like net-snmp's snmpget/snmpwalk/snmpbulkwalk.",
        subcommands: [SnmpGetCommand.self, SnmpWalkCommand.self, SnmpBulkWalkCommand.self, SnmpInterfacesCommand.self])
}
