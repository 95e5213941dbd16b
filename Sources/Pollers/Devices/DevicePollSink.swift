import NetsightModel

/// Where the poller hands each device's poll: the store, the metrics and the flow
/// enricher in `netsight serve`, a collecting array in tests.
public protocol DevicePollSink: Sendable {
    /// Called once per poll of each device, after the poll finished or failed. Must not
    /// block for long: the device's next poll waits for it.
    func devicePolled(_ report: DevicePollReport) async
}
