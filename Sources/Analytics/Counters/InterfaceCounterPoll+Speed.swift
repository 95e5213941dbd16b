extension InterfaceCounterPoll {
    /// The speed used for utilisation and for the wrap and plausibility bounds, in bit/s;
    /// `nil` when nothing usable is known.
    ///
    /// Order: the configured override, else `ifHighSpeed` × 10^6 when non-zero, else
    /// `ifSpeed` unless it is 0 or the 4,294,967,295 "too fast for this column" marker.
    /// ifHighSpeed is rounded to whole Mbit/s, so a sub-megabit link needs an override.
    public var speedBitsPerSecond: UInt64? {
        if let speedOverride, speedOverride > 0 { return speedOverride }
        if ifHighSpeed > 0 { return UInt64(ifHighSpeed) * 1_000_000 }
        if ifSpeed > 0, ifSpeed != UInt32.max { return UInt64(ifSpeed) }
        return nil
    }
}
