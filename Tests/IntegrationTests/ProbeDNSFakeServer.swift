import Foundation

/// A UDP socket on 127.0.0.1 that answers each query with whatever `respond` returns
/// (nothing, a wrong ID, a compression loop, garbage): the bad replies a real server
/// cannot be made to send. It records the queries it got so a test can check what the
/// prober said about them.
final class FakeDNSServer: @unchecked Sendable {
    let port: Int
    private let fd: Int32
    private let stopped = Locked(false)
    private let done = DispatchSemaphore(value: 0)
    let queries = Locked<[[UInt8]]>([])

    init(respond: @escaping @Sendable ([UInt8]) -> [[UInt8]]) throws {
        let fd = socket(AF_INET, Int32(SOCK_DGRAM.rawValue), 0)
        guard fd >= 0 else { throw ToolError(message: "socket: errno \(errno)") }
        var addr = sockaddr_in()
        addr.sin_family = sa_family_t(AF_INET)
        addr.sin_addr.s_addr = inet_addr("127.0.0.1")
        addr.sin_port = 0
        let bound = withUnsafePointer(to: &addr) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { bind(fd, $0, socklen_t(MemoryLayout<sockaddr_in>.size)) }
        }
        guard bound == 0 else {
            close(fd)
            throw ToolError(message: "bind: errno \(errno)")
        }
        var len = socklen_t(MemoryLayout<sockaddr_in>.size)
        _ = withUnsafeMutablePointer(to: &addr) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { getsockname(fd, $0, &len) }
        }
        self.fd = fd
        port = Int(UInt16(bigEndian: addr.sin_port))
        // Wake every 100 ms to notice `stop`.
        var tv = timeval(tv_sec: 0, tv_usec: 100_000)
        setsockopt(fd, SOL_SOCKET, SO_RCVTIMEO, &tv, socklen_t(MemoryLayout<timeval>.size))
        let stopped = stopped
        let done = done
        let queries = queries
        Thread.detachNewThread {
            var buffer = [UInt8](repeating: 0, count: 65536)
            while !stopped.value {
                var from = sockaddr_storage()
                var fromLength = socklen_t(MemoryLayout<sockaddr_storage>.size)
                let n = withUnsafeMutablePointer(to: &from) {
                    $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { recvfrom(fd, &buffer, buffer.count, 0, $0, &fromLength) }
                }
                guard n > 0 else { continue }
                let query = Array(buffer[0..<n])
                queries.value.append(query)
                for reply in respond(query) {
                    _ = withUnsafePointer(to: &from) {
                        $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { sendto(fd, reply, reply.count, 0, $0, fromLength) }
                    }
                }
            }
            done.signal()
        }
    }

    var server: String { "127.0.0.1:\(port)" }

    func stop() {
        guard !stopped.value else { return }
        stopped.value = true
        done.wait()
        close(fd)
    }

    deinit { stop() }
}
