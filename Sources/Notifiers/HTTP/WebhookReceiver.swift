import Alerting
import NetsightModel

/// POSTs Alertmanager's webhook JSON (version 4), so anything written for Alertmanager's
/// webhook receiver takes Netsight's notifications unchanged. The notification id goes in
/// an `Idempotency-Key` header too (the IETF draft's name), so a receiver can drop a
/// retry it already processed.
public struct WebhookReceiver: NotificationReceiver {
    public let name: String
    let endpoint: HTTPEndpoint
    let headers: [(String, String)]
    let timeout: Duration
    let externalURL: String
    let poster: HTTPPoster

    public init?(name: String, url: String, headers: [String: String], timeout: Duration, externalURL: String, poster: HTTPPoster) {
        guard let endpoint = HTTPEndpoint(url) else { return nil }
        self.name = name
        self.endpoint = endpoint
        self.headers = headers.sorted { $0.key < $1.key }
        self.timeout = timeout
        self.externalURL = externalURL
        self.poster = poster
    }

    public func deliver(_ notification: AlertNotification) async throws(DeliveryError) {
        let body = WebhookPayload(notification, externalURL: externalURL).encoded()
        let response = try await poster.post(
            endpoint,
            headers: [("Content-Type", "application/json"), ("Idempotency-Key", notification.id)] + headers,
            body: Array(body), timeout: timeout)
        if let error = HTTPDeliveryVerdict.error(for: response, endpoint: endpoint) { throw error }
    }
}

/// POSTs a Slack incoming-webhook message (`SlackMessage`).
public struct SlackReceiver: NotificationReceiver {
    public let name: String
    let endpoint: HTTPEndpoint
    let channel: String?
    let timeout: Duration
    let externalURL: String
    let poster: HTTPPoster

    public init?(name: String, url: String, channel: String?, timeout: Duration, externalURL: String, poster: HTTPPoster) {
        guard let endpoint = HTTPEndpoint(url) else { return nil }
        self.name = name
        self.endpoint = endpoint
        self.channel = channel
        self.timeout = timeout
        self.externalURL = externalURL
        self.poster = poster
    }

    public func deliver(_ notification: AlertNotification) async throws(DeliveryError) {
        let body = SlackMessage(notification, channel: channel, externalURL: externalURL).encoded()
        let response = try await poster.post(
            endpoint, headers: [("Content-Type", "application/json; charset=utf-8")], body: Array(body), timeout: timeout)
        if let error = HTTPDeliveryVerdict.error(for: response, endpoint: endpoint) { throw error }
    }
}
