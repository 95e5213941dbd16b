import Foundation

/// A TCP server on 127.0.0.1 that answers every connection with random bytes and closes:
/// the "server that is not what the URL says" case (a non-TLS, non-HTTP service on the
/// port) that no real peer produces on purpose; or, silent, a server that accepts and hangs.
final class ProbeHTTPGarbageServer: @unchecked Sendable {
    let port: Int
    private let listener: Int32
    private let thread: Thread
    private let exited: DispatchSemaphore

    /// - Parameter silent: accept and read but never answer (the "hung server" case).
    init(bytes: Int = 4096, silent: Bool = false) throws {
        let listener = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        self.listener = listener
        var on: Int32 = 1
        setsockopt(listener, SOL_SOCKET, SO_REUSEADDR, &on, socklen_t(MemoryLayout<Int32>.size))
        var addr = sockaddr_in()
        addr.sin_family = sa_family_t(AF_INET)
        addr.sin_addr.s_addr = inet_addr("127.0.0.1")
        addr.sin_port = 0
        let size = socklen_t(MemoryLayout<sockaddr_in>.size)
        let bound = withUnsafePointer(to: &addr) { $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { bind(listener, $0, size) } }
        guard bound == 0, listen(listener, 8) == 0 else { throw ToolError(message: "garbage server: bind/listen failed") }
        var len = size
        _ = withUnsafeMutablePointer(to: &addr) { $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { getsockname(listener, $0, &len) } }
        port = Int(UInt16(bigEndian: addr.sin_port))
        let fd = listener
        let exited = DispatchSemaphore(value: 0)
        self.exited = exited
        thread = Thread {
            defer { exited.signal() }
            while true {
                let client = accept(fd, nil, nil)
                if client < 0 { return }
                // Let the client speak first (a ClientHello or a request), then answer junk.
                var scratch = [UInt8](repeating: 0, count: 2048)
                _ = recv(client, &scratch, scratch.count, 0)
                if silent {
                    while recv(client, &scratch, scratch.count, 0) > 0 {}
                    close(client)
                    continue
                }
                var junk = [UInt8](repeating: 0, count: bytes)
                for i in junk.indices { junk[i] = UInt8.random(in: 0...255) }
                // Never valid TLS: 0x16 would start a handshake record.
                junk[0] = 0x7a
                _ = junk.withUnsafeBytes { send(client, $0.baseAddress, $0.count, Int32(MSG_NOSIGNAL)) }
                close(client)
            }
        }
        thread.start()
    }

    /// Wakes the accept loop and waits for its thread to end before closing the socket:
    /// closing first would let the next server reuse the descriptor number while this
    /// thread still accepts on it (seen: a "silent" server answering garbage).
    func stop() {
        shutdown(listener, Int32(SHUT_RDWR))
        _ = exited.wait(timeout: .now() + 2)
        close(listener)
    }
}
