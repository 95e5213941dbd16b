import ArgumentParser

/// `netsight flows ...`: decode captures and query the flow store.
struct FlowsCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "flows",
        abstract: "Decode flow captures and query stored flows.",
        subcommands: [FlowsDecodeCommand.self, FlowsTopCommand.self, FlowsSeriesCommand.self, FlowsMatrixCommand.self])
}
