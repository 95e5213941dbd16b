/// Where notifications go. One receiver per entry in the config's `receivers:` list.
public struct ReceiverSpec: Sendable, Hashable {
    public var name: String
    public var kind: ReceiverKind
    /// Delivery attempts are retried with exponential backoff from `initialBackoff`,
    /// doubling up to `maxBackoff`, until `giveUpAfter` has passed since the first attempt.
    public var initialBackoff: Duration
    public var maxBackoff: Duration
    public var giveUpAfter: Duration
    /// One attempt's limit: a receiver that hangs is an error, not a stuck queue.
    public var timeout: Duration
    /// For an https webhook or Slack URL: a PEM file of CAs to trust besides the system's
    /// (a relay behind a private CA). Email has its own (`EmailReceiverOptions.caFile`).
    public var caFile: String?

    public init(
        name: String, kind: ReceiverKind, initialBackoff: Duration = .seconds(1), maxBackoff: Duration = .seconds(300),
        giveUpAfter: Duration = .seconds(86_400), timeout: Duration = .seconds(10), caFile: String? = nil
    ) {
        self.caFile = caFile
        self.name = name
        self.kind = kind
        self.initialBackoff = initialBackoff
        self.maxBackoff = maxBackoff
        self.giveUpAfter = giveUpAfter
        self.timeout = timeout
    }
}

public enum ReceiverKind: Sendable, Hashable {
    /// POST of Alertmanager's webhook JSON (version 4) to `url` (http or https).
    case webhook(url: String, headers: [String: String])
    /// POST of a Slack incoming-webhook message (`text` plus `blocks`) to `url`.
    case slack(url: String, channel: String?)
    case email(EmailReceiverOptions)
    /// An RFC 5424 message per alert to `address` (host:port).
    case syslog(address: String, transport: SyslogTransport, facility: Int, appName: String)
}

public enum SyslogTransport: String, Sendable, Hashable, Codable { case udp, tcp }

public struct EmailReceiverOptions: Sendable, Hashable {
    public enum TLSMode: String, Sendable, Hashable, Codable {
        /// Refuse to send unless the server offers STARTTLS.
        case starttls
        /// Use STARTTLS when offered.
        case opportunistic
        /// TLS from the first byte, before the greeting ("implicit TLS", SMTP submission on
        /// port 465, RFC 8314 3.3).
        case tls
        /// Plain SMTP (a local relay).
        case none
    }

    /// host:port of the SMTP server (port 25 or 587 usually).
    public var smarthost: String
    public var from: String
    public var to: [String]
    public var tls: TLSMode
    /// AUTH PLAIN/LOGIN after STARTTLS when set.
    public var username: String?
    public var password: String?
    /// The EHLO name; defaults to the machine's host name.
    public var hello: String?
    /// A PEM file of CAs to trust for the server's certificate besides the system's.
    public var caFile: String?
    /// Skip certificate verification (a test relay with a self-signed certificate).
    public var insecure: Bool

    public init(
        smarthost: String, from: String, to: [String], tls: TLSMode = .starttls, username: String? = nil,
        password: String? = nil, hello: String? = nil, caFile: String? = nil, insecure: Bool = false
    ) {
        self.smarthost = smarthost
        self.from = from
        self.to = to
        self.tls = tls
        self.username = username
        self.password = password
        self.hello = hello
        self.caFile = caFile
        self.insecure = insecure
    }
}
