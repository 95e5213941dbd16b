/// Nagios-style flap detection for one series (Nagios' `base/flapping.c`): the weighted
/// share of state changes over the last 21 states. Newer changes weigh more (0.75 for the
/// oldest transition up to 1.25 for the newest), so a series that just started flapping
/// is caught sooner and one that settled is released sooner than a plain count would.
///
/// Two thresholds (start at >= high, stop at <= low) keep the flapping flag itself from
/// flapping.
public struct FlapDetector: Sendable, Hashable {
    /// Nagios' MAX_STATE_HISTORY_ENTRIES.
    public static let historySize = 21

    public var low: Double
    public var high: Double
    /// Oldest first. Nagios starts the history filled with OK, so before 21 states have
    /// been recorded the missing older ones count as OK (a first problem state is a change).
    public private(set) var history: [Bool]
    public private(set) var isFlapping = false
    public private(set) var percent: Double = 0

    public init(low: Double = 20, high: Double = 30) {
        self.low = low
        self.high = high
        history = Array(repeating: false, count: Self.historySize)
    }

    /// Continues a detector saved as `encodedHistory` (after a restart). A history that
    /// cannot be read starts clean.
    public init(low: Double = 20, high: Double = 30, restoring encoded: String?, flapping: Bool) {
        self.init(low: low, high: high)
        guard let encoded, encoded.count == Self.historySize, encoded.allSatisfy({ $0 == "0" || $0 == "1" }) else { return }
        history = encoded.map { $0 == "1" }
        percent = Self.percentChange(history)
        isFlapping = flapping
    }

    /// The history as `0`/`1` characters, oldest first; nil when quiet.
    public var encodedHistory: String? {
        isQuiet ? nil : String(history.map { $0 ? "1" : "0" })
    }

    /// Whether any of the kept states is a problem: when not, the detector holds nothing
    /// a fresh one would not, and the engine may drop it.
    public var isQuiet: Bool { !isFlapping && !history.contains(true) }

    /// Adds the newest state and says whether flapping started or stopped with it.
    public mutating func record(problem: Bool) -> FlapChange? {
        history.removeFirst()
        history.append(problem)
        percent = Self.percentChange(history)
        if !isFlapping && percent >= high {
            isFlapping = true
            return .started
        }
        if isFlapping && percent <= low {
            isFlapping = false
            return .stopped
        }
        return nil
    }

    /// 100 × Σ weight / 20 over the transitions between consecutive states, transition x
    /// (1...20, oldest first) weighing 0.75 + (x − 1) · 0.5 / 19.
    static func percentChange(_ states: [Bool]) -> Double {
        let transitions = states.count - 1
        guard transitions > 0 else { return 0 }
        var sum = 0.0
        for x in 1...transitions where states[x] != states[x - 1] {
            sum += 0.75 + Double(x - 1) * 0.5 / Double(transitions - 1)
        }
        return 100 * sum / Double(transitions)
    }
}
