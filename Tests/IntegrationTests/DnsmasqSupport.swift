import Foundation
import ProbeCodec
import Testing

/// Debian's dnsmasq (2.90) as an authoritative-looking server for one local domain,
/// `test.netsight`, on 127.0.0.1 and a free port (UDP and TCP). It reads no config file,
/// no /etc/hosts and no resolv.conf, so it answers only what the test configured and never
/// forwards anything off the machine. Stopped by PID.
final class DnsmasqPeer: @unchecked Sendable {
    static let domain = "test.netsight"

    let port: Int
    let directory: String
    let process: PeerProcess

    var server: String { "127.0.0.1:\(port)" }

    /// - Parameter records: dnsmasq record options (`--host-record=...`, `--txt-record=...`).
    init?(records: [String]) throws {
        guard let dnsmasq = Peers.find("dnsmasq") else { return nil }
        directory = try Peers.temporaryDirectory("dnsmasq")
        var lastLog = ""
        // The free port is the kernel's pick for UDP; TCP on the same number may be
        // taken, and dnsmasq then exits at once: try another.
        for _ in 0..<5 {
            let port = Peers.freeUDPPort()
            let arguments = [
                "--no-daemon", "--keep-in-foreground", "--conf-file=/dev/null", "--no-resolv", "--no-hosts",
                "--listen-address=127.0.0.1", "--bind-interfaces", "--port=\(port)",
                "--pid-file=\(directory)/dnsmasq.pid", "--local=/\(Self.domain)/", "--log-facility=-",
            ]
            let process = try PeerProcess(dnsmasq, arguments + records, logDirectory: directory)
            if Self.waitUntilAnswering(port: port, process: process) {
                self.port = port
                self.process = process
                return
            }
            lastLog = process.log
            process.stop()
        }
        Issue.record("dnsmasq did not start: \(lastLog)")
        try? FileManager.default.removeItem(atPath: directory)
        return nil
    }

    /// Ready when a query for the domain gets any answer over UDP (dnsmasq binds TCP
    /// before UDP, so TCP is ready too).
    private static func waitUntilAnswering(port: Int, process: PeerProcess) -> Bool {
        let deadline = Date().addingTimeInterval(10)
        while Date() < deadline && process.isRunning {
            if let query = try? DNSQuery.encode(id: 1, name: domain, type: .soa),
                rawUDPExchange(port: port, query: query, timeoutMillis: 200) != nil
            {
                return true
            }
            usleep(50_000)
        }
        return false
    }

    func stop() {
        process.stop()
        try? FileManager.default.removeItem(atPath: directory)
    }

    deinit { stop() }
}

/// One UDP query to 127.0.0.1:`port` on a plain socket, for readiness checks (the code
/// under test is not used to decide whether its peer is up).
func rawUDPExchange(port: Int, query: [UInt8], timeoutMillis: Int) -> [UInt8]? {
    let fd = socket(AF_INET, Int32(SOCK_DGRAM.rawValue), 0)
    guard fd >= 0 else { return nil }
    defer { close(fd) }
    var tv = timeval(tv_sec: timeoutMillis / 1000, tv_usec: (timeoutMillis % 1000) * 1000)
    setsockopt(fd, SOL_SOCKET, SO_RCVTIMEO, &tv, socklen_t(MemoryLayout<timeval>.size))
    var addr = sockaddr_in()
    addr.sin_family = sa_family_t(AF_INET)
    addr.sin_addr.s_addr = inet_addr("127.0.0.1")
    addr.sin_port = UInt16(port).bigEndian
    let sent = withUnsafePointer(to: &addr) {
        $0.withMemoryRebound(to: sockaddr.self, capacity: 1) {
            sendto(fd, query, query.count, 0, $0, socklen_t(MemoryLayout<sockaddr_in>.size))
        }
    }
    guard sent == query.count else { return nil }
    var buffer = [UInt8](repeating: 0, count: 65536)
    let n = recv(fd, &buffer, buffer.count, 0)
    return n > 0 ? Array(buffer[0..<n]) : nil
}
