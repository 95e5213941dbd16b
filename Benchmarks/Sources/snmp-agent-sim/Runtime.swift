#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Set by SIGTERM/SIGINT; the poll loop checks it at least every 250 ms.
nonisolated(unsafe) var stopRequested: Int32 = 0

func monotonicMillis() -> UInt64 {
    var ts = timespec()
    clock_gettime(CLOCK_MONOTONIC, &ts)
    return UInt64(ts.tv_sec) * 1_000 + UInt64(ts.tv_nsec) / 1_000_000
}

func cpuSeconds() -> Double {
    var usage = rusage()
    #if canImport(Glibc)
    getrusage(__rusage_who_t(RUSAGE_SELF.rawValue), &usage)
    #else
    getrusage(RUSAGE_SELF, &usage)
    #endif
    func s(_ t: timeval) -> Double { Double(t.tv_sec) + Double(t.tv_usec) / 1e6 }
    return s(usage.ru_utime) + s(usage.ru_stime)
}

func fail(_ message: String) -> Never {
    printError("snmp-agent-sim: \(message)")
    exit(2)
}

func printError(_ message: String) {
    var line = message + "\n"
    line.withUTF8 { _ = write(2, $0.baseAddress, $0.count) }
}

/// Raises the open-files limit to its hard limit (one socket per device).
func raiseFileLimit(atLeast needed: Int) {
    var limit = rlimit()
    #if canImport(Glibc)
    let resource = __rlimit_resource_t(RLIMIT_NOFILE.rawValue)
    #else
    let resource = RLIMIT_NOFILE
    #endif
    guard getrlimit(resource, &limit) == 0 else { return }
    if limit.rlim_cur < rlim_t(needed) {
        limit.rlim_cur = limit.rlim_max
        _ = setrlimit(resource, &limit)
    }
}

/// A UDP socket bound to a loopback address (refuses anything else: see PEERS.md).
func bindLoopbackUDP(host: String, port: Int, receiveBuffer: Int) -> Int32 {
    if host.contains(":") {
        var address = sockaddr_in6()
        address.sin6_family = sa_family_t(AF_INET6)
        address.sin6_port = in_port_t(UInt16(port).bigEndian)
        guard inet_pton(AF_INET6, host, &address.sin6_addr) == 1 else { fail("bad --host \(host)") }
        let loopback = withUnsafeBytes(of: address.sin6_addr) { $0.elementsEqual([0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 1]) }
        guard loopback else { fail("--host must be a loopback address (127.0.0.0/8 or ::1)") }
        let fd = socket(AF_INET6, Int32(SOCK_DGRAM.rawValue), 0)
        guard fd >= 0 else { fail("socket: errno \(errno)") }
        configure(fd, receiveBuffer)
        let rc = withUnsafePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { bind(fd, $0, socklen_t(MemoryLayout<sockaddr_in6>.size)) }
        }
        guard rc == 0 else { fail("bind [\(host)]:\(port): errno \(errno)") }
        return fd
    }
    var address = sockaddr_in()
    address.sin_family = sa_family_t(AF_INET)
    address.sin_port = in_port_t(UInt16(port).bigEndian)
    guard inet_pton(AF_INET, host, &address.sin_addr) == 1 else { fail("bad --host \(host)") }
    guard UInt32(bigEndian: address.sin_addr.s_addr) >> 24 == 127 else {
        fail("--host must be a loopback address (127.0.0.0/8 or ::1)")
    }
    let fd = socket(AF_INET, Int32(SOCK_DGRAM.rawValue), 0)
    guard fd >= 0 else { fail("socket: errno \(errno)") }
    configure(fd, receiveBuffer)
    let rc = withUnsafePointer(to: &address) {
        $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { bind(fd, $0, socklen_t(MemoryLayout<sockaddr_in>.size)) }
    }
    guard rc == 0 else { fail("bind \(host):\(port): errno \(errno)") }
    return fd
}

private func configure(_ fd: Int32, _ receiveBuffer: Int) {
    guard receiveBuffer > 0 else { return }
    var size = Int32(receiveBuffer)
    _ = setsockopt(fd, SOL_SOCKET, SO_RCVBUF, &size, socklen_t(MemoryLayout<Int32>.size))
}

/// epoll(7), looked up with dlsym: Swift's Glibc module does not import <sys/epoll.h>,
/// and a C target just for three declarations is not worth it. nil when unavailable
/// (not Linux), and then the loop falls back to poll(2).
struct Epoll {
    typealias Create = @convention(c) (Int32) -> Int32
    typealias Control = @convention(c) (Int32, Int32, Int32, UnsafeMutableRawPointer?) -> Int32
    typealias Wait = @convention(c) (Int32, UnsafeMutableRawPointer?, Int32, Int32) -> Int32
    let create: Create
    let control: Control
    let wait: Wait
    /// struct epoll_event is packed on x86_64 (12 bytes, data at 4), natural elsewhere.
    #if arch(x86_64)
    static let eventSize = 12
    static let dataOffset = 4
    #else
    static let eventSize = 16
    static let dataOffset = 8
    #endif
    static let controlAdd: Int32 = 1  // EPOLL_CTL_ADD
    static let input: UInt32 = 1  // EPOLLIN

    static func load() -> Epoll? {
        #if os(Linux)
        guard let handle = dlopen(nil, RTLD_NOW), let c = dlsym(handle, "epoll_create1"),
              let t = dlsym(handle, "epoll_ctl"), let w = dlsym(handle, "epoll_wait")
        else { return nil }
        return Epoll(create: unsafeBitCast(c, to: Create.self), control: unsafeBitCast(t, to: Control.self),
                     wait: unsafeBitCast(w, to: Wait.self))
        #else
        return nil
        #endif
    }
}

/// One thread. Sockets are watched with epoll (or poll(2) where epoll is missing); each
/// ready socket is drained (up to 64 datagrams a turn) with non-blocking recvfrom, each
/// answer sent with sendto.
///
/// poll(2) scans every socket on each call, tens of microseconds with 1,000 sockets, so on
/// that path a turn that found under 16 ready sockets is followed by a `coalesceMicros`
/// pause that lets more requests queue up for the next scan.
func serve(_ agent: Agent, sockets: [Int32], statsEvery: Int, coalesceMicros: Int, usePoll: Bool) {
    var buffer = [UInt8](repeating: 0, count: 65_536)
    var lastStats = (time: monotonicMillis(), cpu: cpuSeconds(), responses: agent.responses, varBinds: agent.varBindsOut)

    func drain(_ k: Int) {
        let fd = sockets[k]
        for _ in 0..<64 {
            var from = sockaddr_storage()
            var fromLength = socklen_t(MemoryLayout<sockaddr_storage>.size)
            let received = buffer.withUnsafeMutableBytes { b in
                withUnsafeMutablePointer(to: &from) {
                    $0.withMemoryRebound(to: sockaddr.self, capacity: 1) {
                        recvfrom(fd, b.baseAddress, b.count, Int32(MSG_DONTWAIT), $0, &fromLength)
                    }
                }
            }
            guard received > 0 else { break }
            guard let reply = agent.handle(Array(buffer[0..<received]), device: k) else { continue }
            _ = reply.withUnsafeBytes { r in
                withUnsafePointer(to: &from) {
                    $0.withMemoryRebound(to: sockaddr.self, capacity: 1) {
                        sendto(fd, r.baseAddress, r.count, Int32(MSG_DONTWAIT), $0, fromLength)
                    }
                }
            }
        }
    }

    func stats() {
        guard statsEvery > 0 else { return }
        let now = monotonicMillis()
        guard now - lastStats.time >= UInt64(statsEvery) * 1000 else { return }
        let cpu = cpuSeconds()
        let seconds = Double(now - lastStats.time) / 1000
        printError("stats: responses/s \(Int(Double(agent.responses - lastStats.responses) / seconds))"
            + " varbinds/s \(Int(Double(agent.varBindsOut - lastStats.varBinds) / seconds))"
            + " cpu \(Int((cpu - lastStats.cpu) / seconds * 100))%")
        lastStats = (now, cpu, agent.responses, agent.varBindsOut)
    }

    if !usePoll, let epoll = Epoll.load() {
        let ep = epoll.create(0)
        guard ep >= 0 else { fail("epoll_create1: errno \(errno)") }
        let maxEvents = 256
        let events = UnsafeMutableRawPointer.allocate(byteCount: Epoll.eventSize * maxEvents, alignment: 8)
        defer { events.deallocate() }
        for (k, fd) in sockets.enumerated() {
            events.storeBytes(of: Epoll.input, toByteOffset: 0, as: UInt32.self)
            events.storeBytes(of: UInt64(k), toByteOffset: Epoll.dataOffset, as: UInt64.self)
            guard epoll.control(ep, Epoll.controlAdd, fd, events) == 0 else { fail("epoll_ctl: errno \(errno)") }
        }
        while stopRequested == 0 {
            let ready = epoll.wait(ep, events, Int32(maxEvents), 250)
            for j in 0..<max(Int(ready), 0) {
                drain(Int(events.loadUnaligned(fromByteOffset: j * Epoll.eventSize + Epoll.dataOffset, as: UInt64.self)))
            }
            stats()
        }
        close(ep)
        return
    }

    var fds = sockets.map { pollfd(fd: $0, events: Int16(POLLIN), revents: 0) }
    while stopRequested == 0 {
        let ready = poll(&fds, nfds_t(fds.count), 250)
        if ready > 0 && ready < 16 && coalesceMicros > 0 && fds.count > 64 {
            usleep(UInt32(coalesceMicros))
        }
        if ready > 0 {
            for k in fds.indices where fds[k].revents != 0 { drain(k) }
        }
        stats()
    }
}
