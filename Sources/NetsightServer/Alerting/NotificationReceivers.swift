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
        // One client per CA file: its TLS context is made once, at start.
        var posters: [String: HTTPPoster] = [:]
        func poster(_ spec: ReceiverSpec) throws -> HTTPPoster {
            let key = spec.caFile ?? ""
            if let made = posters[key] { return made }
            do {
                let made = try HTTPPoster(eventLoopGroup: group, caFile: spec.caFile)
                posters[key] = made
                return made
            } catch {
                throw SetupError(description: "receiver \(spec.name): cannot set up TLS: \(error)")
            }
        }
        return try specs.map { spec throws -> any NotificationReceiver in
            switch spec.kind {
            case .webhook(let url, let headers):
                guard let r = WebhookReceiver(
                    name: spec.name, url: url, headers: headers, timeout: spec.timeout, externalURL: externalURL,
                    poster: try poster(spec))
                else { throw SetupError(description: "receiver \(spec.name): cannot use URL \(url)") }
                return r
            case .slack(let url, let channel):
                guard let r = SlackReceiver(
                    name: spec.name, url: url, channel: channel, timeout: spec.timeout, externalURL: externalURL,
                    poster: try poster(spec))
                else { throw SetupError(description: "receiver \(spec.name): cannot use URL \(url)") }
                return r
            case .email(let options):
                if let problem = EmailReceiver.validate(options) {
                    throw SetupError(description: "receiver \(spec.name): \(problem.message)")
                }
                return EmailReceiver(
                    name: spec.name, options: options, timeout: spec.timeout, externalURL: externalURL, eventLoopGroup: group)
            case .syslog(let address, let transport, let facility, let appName):
                guard SyslogReceiver.Endpoint(parsing: address) != nil else {
                    throw SetupError(description: "receiver \(spec.name): cannot use syslog address \(address)")
                }
                return SyslogReceiver(
                    name: spec.name, address: address, transport: transport, facility: facility, appName: appName,
                    timeout: spec.timeout, eventLoopGroup: group)
            }
        }
    }
}
