import Foundation
import Testing

@testable import Storage

@Suite struct StorageErrorTests {
    @Test func unwritableDirectoryNamesThePath() throws {
        let dir = try TemporaryDirectory()
        // A regular file where a directory should be: fails even for root, unlike chmod.
        let blocker = dir.path + "/not-a-directory"
        try writeFileBytes(blocker, [1])
        let error = #expect(throws: StorageError.self) {
            _ = try FlowStoreWriter(directory: blocker + "/flows")
        }
        #expect(error?.path == blocker)
        #expect(error?.errno == ENOTDIR)
        #expect(error?.description.contains(blocker) == true)
        #expect(error?.description.contains("Not a directory") == true)
    }

    @Test(arguments: ["", "a/b", "..", "x.y", String(repeating: "a", count: 65)])
    func invalidWriterIDsAreRejected(_ id: String) throws {
        let dir = try TemporaryDirectory()
        #expect(throws: StorageError.invalidWriterID(id)) {
            _ = try FlowStoreWriter(directory: dir.path, writerID: id)
        }
    }

    @Test func secondWriterWithSameIDFails() throws {
        let dir = try TemporaryDirectory()
        let first = try FlowStoreWriter(directory: dir.path, writerID: "a")
        let error = #expect(throws: StorageError.self) {
            _ = try FlowStoreWriter(directory: dir.path, writerID: "a")
        }
        #expect(error?.path == dir.path + "/.writer-a.lock")
        // A different ID is fine, and the lock is released on close.
        let other = try FlowStoreWriter(directory: dir.path, writerID: "b")
        try other.close()
        try first.close()
        let again = try FlowStoreWriter(directory: dir.path, writerID: "a")
        try again.close()
    }

    @Test func metadataStoreErrorNamesThePath() throws {
        let dir = try TemporaryDirectory()
        let blocker = dir.path + "/file"
        try writeFileBytes(blocker, [1])
        let error = #expect(throws: StorageError.self) {
            _ = try MetadataStore(path: blocker + "/netsight.sqlite")
        }
        #expect(error?.description.contains(blocker) == true)
    }
}
