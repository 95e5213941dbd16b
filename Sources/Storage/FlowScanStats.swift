/// What a scan touched, for logs, `/metrics` and benchmarks.
public struct FlowScanStats: Sendable, Hashable, CustomStringConvertible {
    /// Segment files opened (after pruning by file name).
    public var segments = 0
    /// Blocks whose columns were read.
    public var blocksRead = 0
    /// Blocks skipped because their [min start, max end] is outside the window.
    public var blocksSkipped = 0
    /// Records passed to the body.
    public var records = 0
    /// Bytes read with `pread` (headers and columns).
    public var bytesRead = 0
    /// Segments whose scan stopped early at a block that is incomplete (being written now,
    /// or torn by a crash) or fails a check; everything before it was read.
    public var stoppedAtBadBlock = 0
    /// Blocks skipped because a column they were read for failed its CRC or its string
    /// table was malformed; the blocks after them were still read.
    public var corruptBlocks = 0

    public init() {}

    /// Adds another scan's counts (parallel workers each keep their own).
    public mutating func merge(_ o: FlowScanStats) {
        segments += o.segments
        blocksRead += o.blocksRead
        blocksSkipped += o.blocksSkipped
        records += o.records
        bytesRead += o.bytesRead
        stoppedAtBadBlock += o.stoppedAtBadBlock
        corruptBlocks += o.corruptBlocks
    }

    public var description: String {
        "segments=\(segments) blocksRead=\(blocksRead) blocksSkipped=\(blocksSkipped) records=\(records) "
            + "bytesRead=\(bytesRead) stoppedAtBadBlock=\(stoppedAtBadBlock) corruptBlocks=\(corruptBlocks)"
    }
}
