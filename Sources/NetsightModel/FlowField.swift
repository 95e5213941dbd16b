/// One column of a `FlowRecord`.
///
/// The raw values are part of the on-disk segment format (a column's ID in a block
/// header): append new fields at the end, never renumber.
public enum FlowField: UInt8, CaseIterable, Sendable, Hashable, Codable {
    case startMillis = 0
    case endMillis
    case exporter
    case observationDomain
    case inputInterface
    case outputInterface
    case srcAddress
    case dstAddress
    case srcPrefixLength
    case dstPrefixLength
    case srcPort
    case dstPort
    case proto
    case tcpFlags
    case tos
    case bytes
    case packets
    case rawBytes
    case rawPackets
    case samplingRate
    case srcAS
    case dstAS
    case nextHop
    case direction
    case vlan
    case source
    case exporterName
    case exporterSite
    case srcSite
    case dstSite
}

/// A set of `FlowField`s, as a bit mask: which columns a query needs to read.
public struct FlowFieldSet: OptionSet, Sendable, Hashable {
    public var rawValue: UInt64
    public init(rawValue: UInt64) { self.rawValue = rawValue }

    public init(_ fields: some Sequence<FlowField>) {
        self.rawValue = 0
        for f in fields { insert(f) }
    }

    public static let all = FlowFieldSet(FlowField.allCases)

    public func contains(_ field: FlowField) -> Bool { rawValue & (1 << UInt64(field.rawValue)) != 0 }
    public mutating func insert(_ field: FlowField) { rawValue |= 1 << UInt64(field.rawValue) }

    public var fields: [FlowField] { FlowField.allCases.filter { contains($0) } }
}
