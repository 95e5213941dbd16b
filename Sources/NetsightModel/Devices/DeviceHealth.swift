/// CPU and storage of one device where it offers them (HOST-RESOURCES-MIB
/// hrProcessorLoad / hrStorageTable, or CISCO-PROCESS-MIB cpmCPUTotal5minRev).
public struct DeviceHealth: Sendable, Hashable, Codable {
    /// One load per processor, percent (0-100).
    public var cpuPercents: [Double]
    public var storage: [StorageUsage]

    public init(cpuPercents: [Double] = [], storage: [StorageUsage] = []) {
        self.cpuPercents = cpuPercents
        self.storage = storage
    }

    /// One hrStorageTable row in bytes (units × allocation units).
    public struct StorageUsage: Sendable, Hashable, Codable {
        public var index: UInt32
        public var descr: String
        public var sizeBytes: UInt64
        public var usedBytes: UInt64

        public init(index: UInt32, descr: String, sizeBytes: UInt64, usedBytes: UInt64) {
            self.index = index
            self.descr = descr
            self.sizeBytes = sizeBytes
            self.usedBytes = usedBytes
        }
    }
}
