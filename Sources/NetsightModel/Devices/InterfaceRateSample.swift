/// One interface's rates over one poll interval: the metric sample the store keeps,
/// labelled by device, site, ifName and ifAlias.
///
/// A nil value means "no rate this interval" (first sample, counter reset, missing
/// counter, implausible delta): a gap, never a made-up zero.
public struct InterfaceRateSample: Sendable, Hashable, Codable {
    /// End of the interval, milliseconds since the Unix epoch.
    public var timestampMillis: UInt64
    /// Length of the interval the rates average over, milliseconds.
    public var intervalMillis: Int64?
    public var device: String
    public var site: String
    public var ifIndex: UInt32
    public var ifName: String
    public var ifAlias: String
    public var speedBitsPerSecond: UInt64?
    public var inBitsPerSecond: Double?
    public var outBitsPerSecond: Double?
    public var inPacketsPerSecond: Double?
    public var outPacketsPerSecond: Double?
    public var inErrorsPerSecond: Double?
    public var outErrorsPerSecond: Double?
    public var inDiscardsPerSecond: Double?
    public var outDiscardsPerSecond: Double?
    public var inUtilisationPercent: Double?
    public var outUtilisationPercent: Double?

    public init(
        timestampMillis: UInt64, intervalMillis: Int64? = nil, device: String, site: String = "",
        ifIndex: UInt32, ifName: String, ifAlias: String = "", speedBitsPerSecond: UInt64? = nil,
        inBitsPerSecond: Double? = nil, outBitsPerSecond: Double? = nil,
        inPacketsPerSecond: Double? = nil, outPacketsPerSecond: Double? = nil,
        inErrorsPerSecond: Double? = nil, outErrorsPerSecond: Double? = nil,
        inDiscardsPerSecond: Double? = nil, outDiscardsPerSecond: Double? = nil,
        inUtilisationPercent: Double? = nil, outUtilisationPercent: Double? = nil
    ) {
        self.timestampMillis = timestampMillis
        self.intervalMillis = intervalMillis
        self.device = device
        self.site = site
        self.ifIndex = ifIndex
        self.ifName = ifName
        self.ifAlias = ifAlias
        self.speedBitsPerSecond = speedBitsPerSecond
        self.inBitsPerSecond = inBitsPerSecond
        self.outBitsPerSecond = outBitsPerSecond
        self.inPacketsPerSecond = inPacketsPerSecond
        self.outPacketsPerSecond = outPacketsPerSecond
        self.inErrorsPerSecond = inErrorsPerSecond
        self.outErrorsPerSecond = outErrorsPerSecond
        self.inDiscardsPerSecond = inDiscardsPerSecond
        self.outDiscardsPerSecond = outDiscardsPerSecond
        self.inUtilisationPercent = inUtilisationPercent
        self.outUtilisationPercent = outUtilisationPercent
    }
}
