import NetsightModel

/// One transition of an alert series, returned by `AlertStateMachine.observe` so the
/// engine can turn it into events; `detail` says why in words ("series gone").
public struct AlertStateChange: Sendable, Hashable {
    public var from: AlertState
    public var to: AlertState
    public var detail: String

    public init(from: AlertState, to: AlertState, detail: String = "") {
        self.from = from
        self.to = to
        self.detail = detail
    }
}
