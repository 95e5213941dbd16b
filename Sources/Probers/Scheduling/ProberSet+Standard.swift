import NIOCore
import NIOPosix
import NetsightModel

extension ProberSet {
    /// One prober of every kind: what `netsight serve` and `netsight probe` use. The ICMP
    /// prober opens its sockets and receive thread on first use; call ``close()`` when done.
    public static func standard(eventLoopGroup: any EventLoopGroup = MultiThreadedEventLoopGroup.singleton) -> ProberSet {
        ProberSet([
            .icmp: ICMPProber(),
            .tcp: TCPConnectProber(eventLoopGroup: eventLoopGroup),
            .udpJitter: UDPJitterProber(eventLoopGroup: eventLoopGroup),
            .dns: DNSProber(eventLoopGroup: eventLoopGroup),
            .http: HTTPProber(eventLoopGroup: eventLoopGroup),
        ])
    }

    /// Releases what probers hold between runs (the ICMP sockets and thread).
    public func close() {
        for prober in probers.values {
            (prober as? ICMPProber)?.close()
        }
    }
}
