import NIOCore
import NetsightModel
import Notifiers

/// Makes the receivers of `alerting.receivers`. The configuration was validated at load,
/// so a receiver that cannot be made here (an unreadable CA file) stops the server at
/// start with its name, rather than failing every delivery later.
enum NotificationReceivers {
    struct SetupError: Error, CustomStringConvertible {
        var description: String
    }

    static func make(_ specs: [ReceiverSpec], externalURL: String, group: any EventLoopGroup) throws -> [any NotificationReceiver] {
        guard !specs.isEmpty else { return [] }
        let poster: HTTPPoster
        do {
            poster = try HTTPPoster(eventLoopGroup: group)
        } catch {
            throw SetupError(description: "cannot set up TLS for webhook receivers: \(error)")
        }
        return try specs.map { spec throws -> any NotificationReceiver in
            switch spec.kind {
            case .webhook(let url, let headers):
                guard let r = WebhookReceiver(
                    name: spec.name, url: url, headers: headers, timeout: spec.timeout, externalURL: externalURL, poster: poster)
                else { throw SetupError(description: "receiver \(spec.name): cannot use URL \(url)") }
                return r
            case .slack(let url, let channel):
                guard let r = SlackReceiver(
                    name: spec.name, url: url, channel: channel, timeout: spec.timeout, externalURL: externalURL, poster: poster)
                else { throw SetupError(description: "receiver \(spec.name): cannot use URL \(url)") }
                return r
            case .email:
                return UnbuiltReceiver(name: spec.name, kind: "email")
            case .syslog:
                return UnbuiltReceiver(name: spec.name, kind: "syslog")
            }
        }
    }
}

/// A receiver kind the configuration accepts but this build cannot deliver to yet: every
/// delivery fails at once, visibly, in the alert's history and the log.
struct UnbuiltReceiver: NotificationReceiver {
    let name: String
    let kind: String

    func deliver(_ notification: AlertNotification) async throws(DeliveryError) {
        throw DeliveryError(retryable: false, "\(kind) delivery is not built yet")
    }
}
