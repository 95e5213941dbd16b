/// What a probe measures. The raw values are the CLI's subcommand names and the
/// configuration's `kind:` values.
public enum ProbeKind: String, Sendable, Hashable, Codable, CaseIterable {
    case icmp
    case tcp
    case udpJitter = "udp-jitter"
    case dns
    case http
}
