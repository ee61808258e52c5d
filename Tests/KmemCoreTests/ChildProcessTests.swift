import Foundation
import KmemCore
import Testing

/// The one runner of other programs: input and outputs never stall each other, a time limit
/// ends a stuck child, and a missing program is a value, not a crash.
@Suite struct ChildProcessTests {
    @Test func aLargeInputComesBackWhole() throws {
        // 4 MiB through `cat`: more than any pipe buffer in either direction.
        let input = Data((0..<(4 << 20)).map { UInt8(truncatingIfNeeded: $0 &* 31) })
        let r = try ChildProcess.run("/bin/cat", [], stdin: input)
        #expect(r.status == 0 && !r.timedOut)
        #expect(r.stdout == input)
    }

    @Test func standardErrorIsKeptApart() throws {
        let r = try ChildProcess.run("/bin/sh", ["-c", "echo out; echo first >&2; echo last >&2; exit 3"])
        #expect(r.status == 3)
        #expect(String(decoding: r.stdout, as: UTF8.self) == "out\n")
        #expect(r.lastErrorLine == "last")
    }

    @Test func aStuckChildIsEndedAtTheTimeLimit() throws {
        let r = try ChildProcess.run("/bin/sleep", ["30"], timeout: 0.3)
        #expect(r.timedOut)
        #expect(r.status != 0)
    }

    @Test func aMissingProgramIsReported() {
        #expect(throws: ChildProcess.CannotStart.self) { try ChildProcess.run("/nonexistent/tool", []) }
    }
}
