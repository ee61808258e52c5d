import Foundation
import Testing
@testable import KernelSim

/// Real "page allocation failure" reports (verify/captures/*-failure.txt, written by
/// `FAILURE=1 verify/run.sh`: the probe's kmalloc(KMALLOC_MAX_SIZE, GFP_KERNEL | __GFP_NORETRY)
/// until NULL) against the simulator configured as the captured machine. The failure page quotes
/// the report, so what it says about the mask, the order, the zones and the free lists is
/// checked here. A report is evidence: when a value differs, fix the simulator, not the file.
struct FailureReport: Sendable, CustomTestStringConvertible {
    var file: String
    /// The report's lines without the console's "[    3.212595] " timestamps.
    var lines: [String]
    /// "KMEMPROBE fail.size=4194304" and the like, from the header.
    var probe: [String: String]
    var kernel: KernelVersion
    var presetName: String
    var ramBytes: UInt64

    var testDescription: String { file }

    static func all() -> [FailureReport] {
        let dir = Capture.directory
        let names = ((try? FileManager.default.contentsOfDirectory(atPath: dir.path)) ?? [])
            .filter { $0.hasSuffix("-failure.txt") }.sorted()
        return names.compactMap { name in
            guard let text = try? String(contentsOf: dir.appendingPathComponent(name), encoding: .utf8) else { return nil }
            return FailureReport(file: name, text: text)
        }
    }

    /// nil when the file name does not say which Debian kernel and RAM size it comes from.
    init?(file: String, text: String) {
        // debian12-6.1.0-57-amd64-512M-failure.txt
        guard let m = file.wholeMatch(of: /debian12-(\d+\.\d+)\.\d+-\d+-(amd64|686|686-pae)-(\d+[MG])-failure\.txt/),
              let k = KernelVersion(rawValue: String(m.1)), let ram = ByteSize.parse(String(m.3)) else { return nil }
        self.file = file
        kernel = k
        presetName = "debian-" + m.2
        ramBytes = ram
        var probe: [String: String] = [:]
        var lines: [String] = []
        for raw in text.split(separator: "\n", omittingEmptySubsequences: false) {
            if raw.hasPrefix("#") {
                if let p = raw.firstMatch(of: /KMEMPROBE (fail\.\w+)=(\S+)/) { probe[String(p.1)] = String(p.2) }
                continue
            }
            lines.append(String(raw.replacing(/^\[\s*[0-9.]+\][ ]/, with: "")))
        }
        self.probe = probe
        self.lines = lines
    }

    var machine: MachineConfig? { MachinePreset.named(presetName)?.config(ram: ramBytes) }

    /// The first line: "insmod: page allocation failure: order:10, mode:0x50cc0(GFP_KERNEL|…), …".
    var header: (task: String, order: Int, mode: UInt64, names: String)? {
        for l in lines {
            if let m = l.firstMatch(of: /^(\S+): page allocation failure: order:(\d+), mode:0x([0-9a-f]+)\(([^)]*)\)/),
               let order = Int(m.2), let mode = UInt64(m.3, radix: 16) {
                return (String(m.1), order, mode, String(m.4))
            }
        }
        return nil
    }

    /// "Node 0 DMA32 free:15820kB … present:507776kB …" per zone.
    var zones: [(name: String, freeKB: UInt64, presentKB: UInt64, managedKB: UInt64)] {
        lines.compactMap { l in
            guard let m = l.firstMatch(of: /^Node 0 (\w+) free:(\d+)kB .* present:(\d+)kB managed:(\d+)kB/),
                  let free = UInt64(m.2), let present = UInt64(m.3), let managed = UInt64(m.4) else { return nil }
            return (String(m.1), free, present, managed)
        }
    }

    /// "Node 0 DMA32: 15*4kB (UME) 8*8kB (UM) … 0*4096kB = 15820kB" per zone: (count, block kB)
    /// per order, and the total the kernel printed.
    var freeLists: [(zone: String, blocks: [(count: UInt64, kB: UInt64)], totalKB: UInt64)] {
        lines.compactMap { l in
            guard let m = l.wholeMatch(of: /Node 0 (\w+): (.*) = (\d+)kB/), let total = UInt64(m.3) else { return nil }
            let blocks = m.2.matches(of: /(\d+)\*(\d+)kB/).compactMap { b -> (count: UInt64, kB: UInt64)? in
                guard let c = UInt64(b.1), let s = UInt64(b.2) else { return nil }
                return (c, s)
            }
            return (String(m.1), blocks, total)
        }
    }
}

private let reports = FailureReport.all()

@Suite struct FailureCaptureTests {
    @Test func aReportIsCommitted() throws {
        let names = ((try? FileManager.default.contentsOfDirectory(atPath: Capture.directory.path)) ?? [])
            .filter { $0.hasSuffix("-failure.txt") }
        #expect(!names.isEmpty, "no verify/captures/*-failure.txt: run FAILURE=1 verify/run.sh")
        // Every file was read and named a kernel, a preset and a RAM size.
        #expect(reports.count == names.count, "a failure report whose name or text could not be read")
        for r in reports {
            #expect(r.header != nil, "\(r.file): no 'page allocation failure' line")
            #expect(r.machine != nil, "\(r.file): no simulator preset \(r.presetName)")
        }
    }

    /// The mask the kernel printed, as a number and as names, is the simulator's value of the
    /// flags the probe passed plus the __GFP_COMP that kmalloc adds for the page allocator.
    @Test(arguments: reports) func maskIsTheSimulatorsValue(_ r: FailureReport) throws {
        let h = try #require(r.header)
        let k = r.kernel
        #expect(GFP.parse("GFP_KERNEL | __GFP_NORETRY | __GFP_COMP", kernel: k) == h.mode,
                "mode:0x\(String(h.mode, radix: 16)) is GFP_KERNEL | __GFP_NORETRY | __GFP_COMP")
        // The names the kernel printed (%pGg) evaluate to the number it printed ...
        #expect(GFP.parse(h.names.replacingOccurrences(of: "|", with: " | "), kernel: k) == h.mode, "names \(h.names)")
        // ... and the simulator spells the number the same way.
        #expect(GFP.describe(h.mode, kernel: k) == h.names, "GFP.describe(0x\(String(h.mode, radix: 16)))")
        #expect(h.mode & GFP.value(of: "__GFP_NOWARN", kernel: k)! == 0, "a report is printed only without __GFP_NOWARN")
        #expect(GFP.mayBlock(h.mode, kernel: k), "GFP_KERNEL may sleep: the allocator reclaimed and compacted first")
    }

    /// The order is get_order(KMALLOC_MAX_SIZE), the largest order; kmalloc hands that size to
    /// the page allocator, which the call trace shows.
    @Test(arguments: reports) func orderIsTheSimulatorsOrder(_ r: FailureReport) throws {
        let h = try #require(r.header)
        let cfg = try #require(r.machine)
        let size = try #require(r.probe["fail.size"].flatMap { UInt64($0) })
        #expect(size == Kmalloc.maxSize(kernel: r.kernel, allocator: cfg.allocator, arch: cfg.arch), "KMALLOC_MAX_SIZE")
        #expect(h.order == PageAllocator.getOrder(size, bitsPerLong: cfg.arch.is64Bit ? 64 : 32), "order is get_order(\(size))")
        #expect(h.order == PageAllocator.maxOrder(r.kernel), "the largest order")
        #expect(r.probe["fail.order"] == String(h.order), "the probe's get_order()")
        let p = Kmalloc.place(size: size, kernel: r.kernel, allocator: cfg.allocator, arch: cfg.arch)
        #expect(p.path == .pageAllocator && p.order == h.order, "kmalloc(\(size)) goes to the page allocator at order \(h.order)")
        #expect(r.lines.contains { $0.hasPrefix(" __kmalloc_large_node+") }, "call trace: __kmalloc_large_node")
        #expect(r.lines.contains { $0.hasPrefix(" provoke_failure+") && $0.hasSuffix("[kmemprobe]") }, "call trace: the probe's function")
        #expect(h.task == "insmod", "module init runs in the context of the task that loads it")
    }

    /// The zones the report lists are the simulator's populated zones of that machine, with the
    /// RAM (memblock.memory) each one holds.
    @Test(arguments: reports) func zonesAreTheSimulatorsZones(_ r: FailureReport) throws {
        let l = try AddressSpaceLayout.compute(try #require(r.machine))
        let simZones = l.zones.filter { $0.pages > 0 }
        #expect(r.zones.map(\.name) == simZones.map(\.name), "zones in the report")
        for z in simZones {
            let present = l.memory.reduce(UInt64(0)) { sum, m in
                let lo = max(m.startPfn, z.startPfn), hi = min(m.endPfn, z.endPfn)
                return sum + (hi > lo ? hi - lo : 0)
            }
            #expect(r.zones.first { $0.name == z.name }?.presentKB == present * 4, "\(z.name) present:")
        }
        let pagesRAM = r.lines.compactMap { $0.wholeMatch(of: /(\d+) pages RAM/).flatMap { UInt64($0.1) } }.first
        #expect(pagesRAM == r.zones.reduce(0) { $0 + $1.presentKB } / 4, "pages RAM is the zones' present pages")
        // What the page says of `managed:`: present minus managed, over the zones, is "pages reserved".
        let reserved = r.lines.compactMap { $0.wholeMatch(of: /(\d+) pages reserved/).flatMap { UInt64($0.1) } }.first
        #expect(reserved == r.zones.reduce(0) { $0 + $1.presentKB - $1.managedKB } / 4, "pages reserved")
    }

    /// The free lists say why it failed: no zone had a free block of the order asked for, while
    /// the zones together had more free memory than that block.
    @Test(arguments: reports) func freeListsShowFragmentation(_ r: FailureReport) throws {
        let h = try #require(r.header)
        let lists = r.freeLists
        #expect(lists.map(\.zone) == r.zones.map(\.name), "one free list line per zone")
        for f in lists {
            #expect(f.blocks.count == PageAllocator.orderCount(r.kernel), "\(f.zone): one column per order")
            #expect(f.blocks.enumerated().allSatisfy { $0.element.kB == UInt64(4) << UInt64($0.offset) }, "\(f.zone): 4 kB << order")
            #expect(f.blocks.reduce(0) { $0 + $1.count * $1.kB } == f.totalKB, "\(f.zone): the columns add up")
            #expect(r.zones.first { $0.name == f.zone }?.freeKB == f.totalKB, "\(f.zone): free: is the free lists' total")
            #expect(f.blocks.dropFirst(h.order).allSatisfy { $0.count == 0 }, "\(f.zone): no free block of order \(h.order) or more")
        }
        let blockKB = UInt64(4) << UInt64(h.order)
        #expect(lists.reduce(0) { $0 + $1.totalKB } > blockKB, "more memory free than one order-\(h.order) block")
    }

    /// The failure page shows the report as a quote: every line of its code block is a line of
    /// a committed report, in the report's order, or one with parts cut at `[...]` whose pieces
    /// stand in one report line in that order. A page edited by hand, or a new capture, shows here.
    @Test(arguments: ["en", "zh", "ja"]) func failurePageQuotesTheReport(_ lang: String) throws {
        let page = Capture.directory.deletingLastPathComponent().deletingLastPathComponent()
            .appendingPathComponent("content/pages/failure/\(lang).md")
        let text = try String(contentsOf: page, encoding: .utf8)
        // The plain fenced block that holds the report's first line.
        let blocks = text.components(separatedBy: "\n```\n")
        let quoted = try #require(blocks.first { $0.contains("page allocation failure: order:") },
                                  "\(lang): no code block with the report")
        let shown = quoted.split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
        let report = try #require(reports.first { r in r.lines.contains { shown.first == $0 } },
                                  "\(lang): the block's first line is no report's first line")
        var at = 0
        for line in shown where line != "[...]" {
            let pieces = line.components(separatedBy: " [...]").filter { !$0.isEmpty }
            let found = report.lines[at...].firstIndex { l in
                if !line.contains("[...]") { return l == line }
                var rest = l[...]
                for p in pieces {
                    guard let r = rest.range(of: p) else { return false }
                    rest = rest[r.upperBound...]
                }
                return l.hasPrefix(pieces[0])
            }
            #expect(found != nil, "\(lang): `\(line)` is not in \(report.file) (after line \(at))")
            if let found { at = found + 1 }
        }
        // The decoded facts the page states in prose hold for this report.
        let h = try #require(report.header)
        #expect(GFP.parse("GFP_KERNEL|__GFP_NORETRY|__GFP_COMP", kernel: report.kernel) == h.mode)
        #expect(report.presetName == "debian-amd64" && report.ramBytes == 512 << 20,
                "the page describes the amd64 512M boot (machine deb64-512m)")
    }
}
