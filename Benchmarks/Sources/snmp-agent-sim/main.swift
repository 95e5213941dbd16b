#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

// An SNMP v1/v2c agent simulating many routers on loopback, for the poll benchmark (issue
// 3) and tests. See docs/snmp-agent-sim.md; scripts/bench/snmp-agent-sim-check.sh compares
// it with net-snmp's snmpbulkwalk.

let usage = """
    usage: snmp-agent-sim --devices N --interfaces K --base-port P [options]

    Device i (0..N-1) listens on UDP P+i and answers community --community; with
    --one-port, every device shares port P and device i is community "<community>@<i>".

      --host ADDR               loopback address to bind (127.0.0.1; 127.0.0.0/8 or ::1 only)
      --community NAME          (public)
      --seed S                  which interfaces are down, CPU/storage values, LLDP chords (0)
      --max-size BYTES          largest response datagram, 484..65507 (1472)
      --restart-every SECONDS   sysUpTime and counters go back to 0 every SECONDS ...
      --restart-devices LIST    ... on these devices only (default: all)
      --wrap32                  Counter32s start near 2^32 and wrap 10-57 s after (re)start
      --wrap32-devices LIST     the same for these devices only
      --no-hc LIST              these devices have no ifHC* (Counter64) objects
      --silent LIST             these devices never answer
      --drop-every-other LIST   these devices ignore every second request
      --stats-every SECONDS     print responses/s, varbinds/s and CPU to stderr (0: off)
      --poll                    use poll(2) instead of epoll (the fallback off Linux)
      --coalesce-us MICROS      poll(2) only, more than 64 sockets: pause this long after a
                                turn that found under 16 ready, so one scan serves more (200)
    LIST: device indices and ranges, e.g. 0,5,10-19.

    Counter rates per second, interface n (ifIndex, 1-based) of device i (down: all 0):
      ifInOctets/ifHCInOctets   125000*n + 100*(i mod 1000)
      ifOutOctets/ifHCOutOctets  62500*n +  50*(i mod 1000)
      ucast in/out 250*n / 125*n, multicast n, broadcast n, non-unicast 2n,
      ifInDiscards 1 if n%4==0, ifInErrors and ifOutErrors 1 if n%8==0, others 0.
    value = offset + rate * ms_since_(re)start / 1000; Counter32 = value mod 2^32.
    """

struct Arguments {
    var values: [String: String] = [:]
    var flags: Set<String> = []
    static let flagNames: Set<String> = ["wrap32", "one-port", "poll", "help"]
    static let optionNames: Set<String> = [
        "devices", "interfaces", "base-port", "host", "community", "seed", "max-size", "restart-every",
        "restart-devices", "wrap32-devices", "no-hc", "silent", "drop-every-other", "stats-every", "coalesce-us",
    ]

    init(_ args: ArraySlice<String>) {
        var it = args.makeIterator()
        while let a = it.next() {
            guard a.hasPrefix("--") else { fail("unexpected argument \(a)\n\(usage)") }
            let name = String(a.dropFirst(2))
            if Arguments.flagNames.contains(name) {
                flags.insert(name)
            } else {
                guard Arguments.optionNames.contains(name) else { fail("unknown option --\(name)\n\(usage)") }
                guard let v = it.next() else { fail("--\(name) needs a value") }
                values[name] = v
            }
        }
    }

    func int(_ name: String, _ fallback: Int? = nil) -> Int {
        if let v = values[name] {
            guard let i = Int(String(v.filter { $0 != "_" })) else { fail("--\(name): not a number: \(v)") }
            return i
        }
        guard let fallback else { fail("--\(name) is required\n\(usage)") }
        return fallback
    }

    func list(_ name: String, devices: Int) -> Set<Int>? {
        guard let v = values[name] else { return nil }
        var out: Set<Int> = []
        for part in v.split(separator: ",") {
            let ends = part.split(separator: "-", omittingEmptySubsequences: false)
            guard ends.count <= 2, let low = Int(ends[0]), let high = Int(ends[ends.count - 1]), low <= high else {
                fail("--\(name): bad device list \(v)")
            }
            for i in low...high where i < devices { out.insert(i) }
        }
        return out
    }
}

let arguments = Arguments(CommandLine.arguments.dropFirst())
if arguments.flags.contains("help") {
    print(usage)
    exit(0)
}
let deviceCount = arguments.int("devices")
let interfaces = arguments.int("interfaces")
let basePort = arguments.int("base-port")
let host = arguments.values["host"] ?? "127.0.0.1"
let community = arguments.values["community"] ?? "public"
let onePort = arguments.flags.contains("one-port")
let maxSize = arguments.int("max-size", 1472)
let restartEvery = arguments.int("restart-every", 0)
let statsEvery = arguments.int("stats-every", 0)
let coalesceMicros = arguments.int("coalesce-us", 200)
guard deviceCount >= 1, interfaces >= 0, interfaces <= 65_535 else { fail("need --devices >= 1, 0 <= --interfaces <= 65535") }
guard basePort >= 1, basePort + (onePort ? 0 : deviceCount - 1) <= 65_535 else { fail("ports out of range") }
guard (484...65_507).contains(maxSize) else { fail("--max-size must be 484..65507") }
guard let seedValue = UInt64(arguments.values["seed"] ?? "0") else { fail("--seed: not a number") }

var flags = Array(repeating: DeviceFlags(), count: deviceCount)
let restartSet = arguments.list("restart-devices", devices: deviceCount) ?? Set(0..<deviceCount)
let wrapSet = arguments.flags.contains("wrap32")
    ? Set(0..<deviceCount) : (arguments.list("wrap32-devices", devices: deviceCount) ?? [])
for i in restartSet where restartEvery > 0 { flags[i].restarts = true }
for i in wrapSet { flags[i].wrap32 = true }
for i in arguments.list("no-hc", devices: deviceCount) ?? [] { flags[i].noHC = true }
for i in arguments.list("silent", devices: deviceCount) ?? [] { flags[i].silent = true }
for i in arguments.list("drop-every-other", devices: deviceCount) ?? [] { flags[i].dropEveryOther = true }

let layout = Layout(interfaces: interfaces)
let simulation = Simulation(
    devices: deviceCount, interfaces: interfaces, seed: seedValue, restartEveryMillis: UInt64(max(restartEvery, 0)) * 1000)
let agent = Agent(layout: layout, simulation: simulation, flags: flags, community: community, onePort: onePort, maxSize: maxSize)

raiseFileLimit(atLeast: deviceCount + 64)
let sockets: [Int32] = onePort
    ? [bindLoopbackUDP(host: host, port: basePort, receiveBuffer: 4 << 20)]
    : (0..<deviceCount).map { bindLoopbackUDP(host: host, port: basePort + $0, receiveBuffer: 0) }
signal(SIGTERM) { _ in stopRequested = 1 }
signal(SIGINT) { _ in stopRequested = 1 }

if onePort {
    print("ready \(host) port \(basePort) devices \(deviceCount) (communities \(community)@0..\(community)@\(deviceCount - 1))"
        + " interfaces \(interfaces) objects \(layout.entries.count)")
} else {
    print("ready \(host) ports \(basePort)-\(basePort + deviceCount - 1) devices \(deviceCount)"
        + " interfaces \(interfaces) objects \(layout.entries.count)")
}
fflush(nil)

let startCPU = cpuSeconds()
let startTime = monotonicMillis()
serve(agent, sockets: sockets, statsEvery: statsEvery, coalesceMicros: coalesceMicros,
      usePoll: arguments.flags.contains("poll"))
for fd in sockets { close(fd) }
let seconds = Double(monotonicMillis() - startTime) / 1000
printError(
    "snmp-agent-sim: \(agent.requests) requests, \(agent.responses) responses, \(agent.varBindsOut) varbinds,"
        + " \(agent.ignored) ignored in \(Int(seconds)) s; CPU \(Double(Int((cpuSeconds() - startCPU) * 100)) / 100) s")
