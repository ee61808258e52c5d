import Testing
import KmemCore
@testable import KmemScenario

/// The scenario language of `sim run`, called directly (the CLI tests run it through the binary).
@Suite struct ScenarioScriptTests {
    static let readme = """
        machine: {arch: x86_32, kernel: "6.1", ram: 160M}
        seed: 1
        steps:
          - kmalloc: {size: 100, gfp: GFP_KERNEL, as: a}
          - vmalloc: {size: 1M, as: v}
          - kfree: a
          - vfree: v
        show: [events]
        """

    @Test func theReadmeScenarioRunsAndIsDeterministic() throws {
        let script = try ScenarioScript.parse(Self.readme, file: "s.yaml")
        let out = try script.run()
        #expect(out.contains("kmalloc(100, GFP_KERNEL) = 0x"))
        #expect(out.contains("vmalloc(1048576) = 0x"))
        #expect(out.contains("kfree(a): freed"))
        #expect(out.contains("vfree(v): freed"))
        #expect(try ScenarioScript.parse(Self.readme, file: "s.yaml").run() == out)
    }

    @Test func anUnknownStepIsADataErrorAtItsLine() {
        let text = "machine: {arch: x86_32, kernel: \"6.1\", ram: 160M}\nsteps:\n  - kmallok: {size: 100}\n"
        #expect { try ScenarioScript.parse(text, file: "s.yaml") } throws: { error in
            guard let d = error as? Diagnostic else { return false }
            return d.kind == .data && d.location == SourceLocation(file: "s.yaml", line: 3) && d.message.contains("kmallok")
        }
    }

    @Test func freeingAnUnnamedPointerIsADataErrorAtItsLine() throws {
        let text = "machine: {arch: x86_32, kernel: \"6.1\", ram: 160M}\nsteps:\n  - kfree: nothing\n"
        let script = try ScenarioScript.parse(text, file: "s.yaml")
        #expect { try script.run() } throws: { error in
            (error as? Diagnostic).map { $0.kind == .data && $0.location?.line == 3 } ?? false
        }
    }

    /// 40,000 failing kmalloc(4M) steps in a 1 MB file took over 2 s (found by fuzzing).
    @Test func aScenarioHasAtMostTenThousandSteps() throws {
        let head = "machine: {arch: x86_32, kernel: \"6.1\", ram: 160M}\nsteps:\n"
        let ok = head + String(repeating: "  - kmalloc: {size: 4M}\n", count: 10_000)
        #expect(try ScenarioScript.parse(ok, file: "s.yaml").steps.count == 10_000)
        #expect { try ScenarioScript.parse(ok + "  - kmalloc: {size: 4M}\n", file: "s.yaml") } throws: { error in
            guard let d = error as? Diagnostic else { return false }
            return d.kind == .data && d.location?.line == 10_003 && d.message.contains("at most 10000 steps")
        }
    }

    @Test func sizeArgumentsParseAsMemparse() {
        #expect(SizeArgument(argument: "8K")?.bytes == 8192)
        #expect(SizeArgument(argument: "0x1000")?.bytes == 4096)
        #expect(SizeArgument(argument: "1G")?.bytes == 1 << 30)
        #expect(SizeArgument(argument: "eight") == nil)
    }
}
