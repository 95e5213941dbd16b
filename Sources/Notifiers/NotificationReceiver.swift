import NetsightModel

/// Delivers one notification to one place (a webhook, Slack, an SMTP server, syslog).
/// The delivery queue (`DeliveryQueue`) owns retries and persistence; a receiver makes one
/// attempt, bounded by its timeout, and says whether trying again could help.
public protocol NotificationReceiver: Sendable {
    var name: String { get }
    /// - Throws: `DeliveryError`; never hangs past the receiver's timeout.
    func deliver(_ notification: AlertNotification) async throws(DeliveryError)
}

/// Why an attempt failed, in words for the alert's history and the API.
public struct DeliveryError: Error, Sendable, Hashable, CustomStringConvertible {
    /// false when retrying cannot help (a 400 from a webhook, an address the SMTP server
    /// rejects for good with a 5xx): the delivery fails at once, visibly.
    public var retryable: Bool
    public var message: String

    public init(retryable: Bool, _ message: String) {
        self.retryable = retryable
        self.message = message
    }

    public var description: String { message }
}
