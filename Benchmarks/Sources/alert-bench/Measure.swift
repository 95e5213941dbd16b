import Foundation

/// Wall and CPU time of one piece of work. CPU is the whole process's user + system time
/// (CLOCK_PROCESS_CPUTIME_ID): the stages are single-threaded, so on a shared machine the
/// CPU figure says what the code costs and the wall figure how long it waited as well.
struct Timing {
    var wall: Double
    var cpu: Double

    static let zero = Timing(wall: 0, cpu: 0)

    static func + (a: Timing, b: Timing) -> Timing { Timing(wall: a.wall + b.wall, cpu: a.cpu + b.cpu) }
}

enum Measure {
    static func cpuNow() -> Double {
        var ts = timespec()
        clock_gettime(CLOCK_PROCESS_CPUTIME_ID, &ts)
        return Double(ts.tv_sec) + Double(ts.tv_nsec) / 1e9
    }

    static func wallNow() -> Double {
        var ts = timespec()
        clock_gettime(CLOCK_MONOTONIC, &ts)
        return Double(ts.tv_sec) + Double(ts.tv_nsec) / 1e9
    }

    /// Runs `body` once and returns its result with the time it took.
    static func time<T>(_ body: () throws -> T) rethrows -> (T, Timing) {
        let wall0 = wallNow(), cpu0 = cpuNow()
        let result = try body()
        let timing = Timing(wall: wallNow() - wall0, cpu: cpuNow() - cpu0)
        return (result, timing)
    }

    /// Resets the kernel's peak-RSS mark (VmHWM) so the next `peakRSSMiB` covers only what
    /// ran since: Linux clears it on writing "5" to /proc/self/clear_refs.
    static func resetPeakRSS() {
        if let handle = FileHandle(forWritingAtPath: "/proc/self/clear_refs") {
            handle.write(Data("5".utf8))
            try? handle.close()
        }
    }

    /// VmHWM from /proc/self/status, in MiB (0 when unreadable).
    static func peakRSSMiB() -> Double { statusField("VmHWM:") / 1024 }
    static func rssMiB() -> Double { statusField("VmRSS:") / 1024 }

    private static func statusField(_ name: String) -> Double {
        guard let text = try? String(contentsOfFile: "/proc/self/status", encoding: .utf8) else { return 0 }
        for line in text.split(separator: "\n") where line.hasPrefix(name) {
            let digits = line.dropFirst(name.count).filter { $0.isNumber }
            return Double(String(digits)) ?? 0
        }
        return 0
    }

    static func loadAverage() -> String {
        guard let text = try? String(contentsOfFile: "/proc/loadavg", encoding: .utf8) else { return "?" }
        return text.split(separator: " ").prefix(3).joined(separator: " ")
    }
}

/// Median and maximum of a list of measurements (the median of an even count is the
/// upper middle one, a value that was actually measured).
struct Summary {
    var median: Double
    var max: Double
    var count: Int

    init(_ values: [Double]) {
        let sorted = values.sorted()
        count = sorted.count
        median = sorted.isEmpty ? 0 : sorted[sorted.count / 2]
        max = sorted.last ?? 0
    }
}

func ms(_ seconds: Double) -> String { String(format: "%.1f", seconds * 1_000) }
func mib(_ value: Double) -> String { String(format: "%.0f", value) }
func grouped(_ n: Int) -> String {
    let digits = String(n)
    var out = ""
    for (i, c) in digits.reversed().enumerated() {
        if i > 0 && i % 3 == 0 { out.append(",") }
        out.append(c)
    }
    return String(out.reversed())
}

/// A fixed-seed generator so every run evaluates the same workload (SplitMix64).
struct SeededRandom: RandomNumberGenerator {
    private var state: UInt64
    init(seed: UInt64) { state = seed }
    mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }
}
