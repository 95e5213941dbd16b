import ArgumentParser

/// `netsight`: one command for flows, and later SNMP, probes and alerts.
@main
struct Netsight: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "netsight",
        abstract: "Network monitoring and capacity: flows, SNMP, probes and alerting in one program.",
        version: "0.1.0",
        subcommands: [
            ServeCommand.self, FlowsCommand.self, SnmpCommand.self, DevicesCommand.self, ProbeCommand.self,
            ResponderCommand.self, RulesCommand.self, AlertsCommand.self, SilenceCommand.self, MaintenanceCommand.self,
        ])
}
