import Foundation
import Testing
import TestSupport

/// Runs the real `kmemguide` binary, as a user or a script would.
@Suite struct CLITests {
    static let repo = Golden.folder().deletingLastPathComponent().deletingLastPathComponent()

    static var binary: URL { Command.kmemguide ?? repo.appendingPathComponent(".build/debug/kmemguide") }

    struct Result { var status: Int32; var out: String; var err: String }

    static func run(_ args: [String], cwd: URL = repo, timeout: TimeInterval = 300) throws -> Result {
        let r = try Command.run(binary, args, cwd: cwd, timeout: timeout)
        return Result(status: r.status, out: r.stdout, err: r.stderr)
    }

    @Test func seed004BootLogLinesComeOutExactly() throws {
        let r = try Self.run(["sim", "layout", "--arch", "arm32", "--kernel", "3.4", "--ram", "1G", "--vmalloc", "200M", "--format", "bootlog"])
        #expect(r.status == 0)
        let lines = r.out.split(separator: "\n").map(String.init)
        #expect(lines.contains("    vmalloc : 0xf3000000 - 0xff000000   ( 192 MB)"))
        #expect(lines.contains("    lowmem  : 0xc0000000 - 0xf2800000   ( 808 MB)"))
    }

    @Test(arguments: [("8M", "vmalloc area too small, limiting to 16MB"), ("2000M", "vmalloc area is too big, limiting to 976MB")])
    func vmallocClampsPrintTheKernelsWarning(param: String, message: String) throws {
        let r = try Self.run(["sim", "layout", "--arch", "arm32", "--kernel", "3.4", "--ram", "1G", "--vmalloc", param, "--format", "bootlog"])
        #expect(r.status == 0)
        #expect(r.out.split(separator: "\n").map(String.init).contains(message))
    }

    @Test func layoutJSONHasTheContractKeys() throws {
        let r = try Self.run(["sim", "layout", "--arch", "x86_32", "--kernel", "6.1", "--ram", "2G", "--format", "json"])
        #expect(r.status == 0)
        let obj = try #require(try JSONSerialization.jsonObject(with: Data(r.out.utf8)) as? [String: Any])
        for key in ["page_offset", "high_memory", "vmalloc_start", "vmalloc_end", "pkmap_base", "fixaddr_start", "lowmem_bytes", "highmem_bytes", "regions"] {
            #expect(obj[key] != nil, "missing \(key)")
        }
        #expect(obj["page_offset"] as? String == "0xc0000000")
        let regions = try #require(obj["regions"] as? [[String: Any]])
        #expect(regions.allSatisfy { ($0["start"] as? String)?.hasPrefix("0x") == true && $0["name"] != nil })
        let x64 = try Self.run(["sim", "layout", "--arch", "x86_64", "--kernel", "6.1", "--ram", "8G", "--format", "json"])
        let o64 = try #require(try JSONSerialization.jsonObject(with: Data(x64.out.utf8)) as? [String: Any])
        #expect(o64["pkmap_base"] is NSNull)
    }

    @Test func kmallocAndGFPQueries() throws {
        let k = try Self.run(["sim", "kmalloc", "100", "8193", "0", "--kernel", "6.1", "--format", "json"])
        #expect(k.status == 0)
        let rows = try #require(try JSONSerialization.jsonObject(with: Data(k.out.utf8)) as? [[String: Any]])
        #expect(rows.count == 3)
        #expect(rows[0]["cache"] as? String == "kmalloc-128")
        #expect(rows[0]["ksize"] as? Int == 128)
        #expect(rows[1]["cache"] is NSNull)
        #expect(rows[1]["order"] as? Int == 2)
        let g = try Self.run(["sim", "gfp", "GFP_KERNEL", "0x20", "--kernel", "3.4", "--format", "json"])
        let gr = try #require(try JSONSerialization.jsonObject(with: Data(g.out.utf8)) as? [[String: Any]])
        #expect(gr[0]["value"] as? String == "0xd0")
        #expect(gr[1]["flags"] as? [String] == ["__GFP_HIGH"])
    }

    @Test(arguments: [
        (["sim", "layout", "--arch", "mips", "--kernel", "6.1", "--ram", "1G"], Int32(64)),
        (["sim", "layout", "--arch", "x86_32", "--kernel", "6.1", "--ram", "12Q"], Int32(64)),
        (["sim", "layout", "--arch", "x86_32", "--kernel", "6.1", "--ram", "8M"], Int32(65)),
        (["sim", "layout", "--arch", "x86_64", "--kernel", "6.1", "--ram", "100T"], Int32(65)),
        (["sim", "gfp", "GFP_KERNAL", "--kernel", "6.1"], Int32(64)),
        (["sim", "layout", "--arch", "x86_64", "--kernel", "6.1", "--ram", "8G", "--format", "bootlog"], Int32(65)),
    ])
    func badInputGetsOneLineAndTheRightExitCode(args: [String], code: Int32) throws {
        let r = try Self.run(args)
        #expect(r.status == code)
        #expect(!r.err.isEmpty)
        #expect(!r.err.contains("Fatal error"), "no crash or trace")
    }

    @Test func checkReportsAQuestionMissingALanguage() throws {
        // A copy of the fixture site whose only question lacks its Japanese prompt.
        let src = Self.repo.appendingPathComponent("Tests/KmemContentTests/Fixtures/good")
        let dir = TestFolders.root.appendingPathComponent("kmem-q-\(getpid())")
        try? FileManager.default.removeItem(at: dir)
        try FileManager.default.copyItem(at: src, to: dir)
        let q = dir.appendingPathComponent("questions/intro.yaml")
        let text = try String(contentsOf: q, encoding: .utf8)
        try text.replacingOccurrences(of: "      ja: \"どの vmalloc 領域の後ろにもガードページがある。\"\n", with: "")
            .write(to: q, atomically: true, encoding: .utf8)
        let r = try Self.run(["check", "--content", dir.path])
        #expect(r.status == 65)
        #expect(r.err.contains("questions/intro.yaml:"), "\(r.err)")
        #expect(r.err.contains("ja"), "\(r.err)")
    }

    @Test func checkReportsBrokenContentWithFileAndLine() throws {
        let dir = Self.repo.appendingPathComponent("Tests/KmemContentTests/Fixtures/broken/unknown-fact")
        let r = try Self.run(["check", "--content", dir.path])
        #expect(r.status == 65)
        #expect(r.err.contains("unknown-fact/pages/intro/en.md:10: error: unknown fact `layout.vmalloc_begin`"))
        let good = try Self.run(["check", "--content", Self.repo.appendingPathComponent("content").path])
        #expect(good.status == 0, "\(good.err)")
        #expect(good.out.contains("questions"))
    }
}
