import SNMPCodec
import Testing
@testable import Pollers

@Suite struct SNMPWalkStateTests {
    let root: OID = [1, 3, 6, 1, 2, 1, 1]

    @Test func stopsAtEndOfSubtree() throws {
        var walk = SNMPWalkState(root: root)
        let step = try walk.consume([
            VarBind([1, 3, 6, 1, 2, 1, 1, 1, 0], .octetString(Array("linux".utf8))),
            VarBind([1, 3, 6, 1, 2, 1, 1, 5, 0], .octetString(Array("core-1".utf8))),
            VarBind([1, 3, 6, 1, 2, 1, 2, 1, 0], .integer(3)),
            VarBind([1, 3, 6, 1, 2, 1, 2, 2, 1, 1, 1], .integer(1)),
        ])
        #expect(step.varBinds.count == 2)
        #expect(step.finished)
        #expect(walk.last == [1, 3, 6, 1, 2, 1, 1, 5, 0])
    }

    @Test func continuesWhileInSubtree() throws {
        var walk = SNMPWalkState(root: root)
        let step = try walk.consume([VarBind([1, 3, 6, 1, 2, 1, 1, 1, 0], .integer(1))])
        #expect(!step.finished)
        #expect(walk.last == [1, 3, 6, 1, 2, 1, 1, 1, 0])
    }

    @Test func stopsAtEndOfMibView() throws {
        var walk = SNMPWalkState(root: [1, 3])
        let step = try walk.consume([
            VarBind([1, 3, 6, 1, 9], .integer(1)),
            VarBind([1, 3, 6, 1, 9], .endOfMibView),
        ])
        #expect(step.varBinds.count == 1)
        #expect(step.finished)
    }

    @Test func emptyAnswerEndsTheWalk() throws {
        var walk = SNMPWalkState(root: root)
        #expect(try walk.consume([]).finished)
    }

    @Test(arguments: [
        // same OID again, an earlier OID, the root itself
        [OID([1, 3, 6, 1, 2, 1, 1, 3, 0]), OID([1, 3, 6, 1, 2, 1, 1, 3, 0])],
        [OID([1, 3, 6, 1, 2, 1, 1, 3, 0]), OID([1, 3, 6, 1, 2, 1, 1, 2, 0])],
        [OID([1, 3, 6, 1, 2, 1, 1, 3, 0]), OID([1, 3, 6, 1, 2, 1, 1])],
    ])
    func nonIncreasingOIDIsAnError(oids: [OID]) {
        var walk = SNMPWalkState(root: root)
        #expect(throws: SNMPWalkError.self) {
            _ = try walk.consume(oids.map { VarBind($0, .integer(1)) })
        }
        #expect(walk.isFinished)
    }

    @Test func loopAcrossResponsesIsCaught() throws {
        var walk = SNMPWalkState(root: root)
        _ = try walk.consume([VarBind([1, 3, 6, 1, 2, 1, 1, 9, 1], .integer(1))])
        #expect(throws: SNMPWalkError.self) {
            _ = try walk.consume([VarBind([1, 3, 6, 1, 2, 1, 1, 1, 0], .integer(1))])
        }
    }
}
