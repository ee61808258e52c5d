import ArgumentParser
import Foundation
import KernelSim
import KmemContent
import KmemCore
import KmemScenario

enum QueryFormat: String, ExpressibleByArgument, CaseIterable { case text, json }

struct SimKmalloc: ParsableCommand {
    static var configuration: CommandConfiguration { Help.configuration(commandName: "kmalloc", abstract: "cli.sim.kmalloc.abstract") }
    @Argument(help: Help.argument("cli.sim.kmalloc.sizes")) var sizes: [SizeArgument]
    @Option(help: Help.argument("cli.sim.kernel_generation")) var kernel: KernelVersion
    @Option(help: Help.argument("cli.sim.allocator")) var allocator: SlabAllocatorKind?
    @Option(help: Help.argument("cli.sim.architecture")) var arch: Arch = .x86_32
    @Option(help: Help.argument("cli.sim.format")) var format: QueryFormat = .text
    @OptionGroup var language: SimLanguageOption

    func validate() throws {
        if sizes.isEmpty { throw ValidationError(Help.text("cli.error.no_size")) }
        if let why = KernelFeatures.unsupported(kernel: kernel, allocator: allocator ?? .default(for: kernel), arch: arch) {
            throw ValidationError(why.message)
        }
    }

    func run() throws {
        let allocator = self.allocator ?? .default(for: kernel)
        let placements = sizes.map { Kmalloc.place(size: $0.bytes, kernel: kernel, allocator: allocator, arch: arch) }
        switch format {
        case .json:
            printJSON(placements.map { p -> [String: Any] in
                ["size": p.size, "cache": p.cache.map { $0 as Any } ?? NSNull(), "ksize": p.ksize,
                 "order": p.order.map { $0 as Any } ?? NSNull(), "ok": p.ok, "path": p.path.rawValue]
            })
        case .text:
            let w = language.wording
            for p in placements {
                let served = p.cache ?? (p.ok ? (p.zeroSizePtr ? "ZERO_SIZE_PTR" : w.t("sim.kmalloc.page_allocator", ["order": String(p.order ?? 0)])) : w.t("sim.kmalloc.fails"))
                print(w.t("sim.kmalloc.line", ["size": String(p.size), "served": served, "ksize": String(p.ksize)]))
            }
        }
    }
}

struct SimGFP: ParsableCommand {
    static var configuration: CommandConfiguration { Help.configuration(commandName: "gfp", abstract: "cli.sim.gfp.abstract") }
    @Argument(help: Help.argument("cli.sim.gfp.items")) var items: [String]
    @Option(help: Help.argument("cli.sim.kernel_generation")) var kernel: KernelVersion
    @Option(help: Help.argument("cli.sim.format")) var format: QueryFormat = .text
    /// Accepted as on the other sim commands; `NAME = value = FLAGS` has no words of ours to translate.
    @OptionGroup var language: SimLanguageOption

    func run() throws {
        try reporting {
            var rows: [(name: String, value: UInt64, flags: [String])] = []
            for item in items {
                guard let v = GFP.parse(item, kernel: kernel) else {
                    throw Diagnostic(.usage, "`\(item)` is not a GFP flag, mask or value of Linux \(kernel.rawValue)",
                                     hint: "try a name like GFP_KERNEL or __GFP_ZERO, or a number like 0xcc0")
                }
                rows.append((item, v, GFP.decode(v, kernel: kernel)))
            }
            switch format {
            case .json:
                printJSON(rows.map { ["name": $0.name, "value": hexValue($0.value), "flags": $0.flags] as [String: Any] })
            case .text:
                for r in rows { print("\(r.name) = \(hexValue(r.value)) = \(r.flags.isEmpty ? "0" : r.flags.joined(separator: " | "))") }
            }
        }
    }
}

struct SimOrder: ParsableCommand {
    static var configuration: CommandConfiguration { Help.configuration(commandName: "order", abstract: "cli.sim.order.abstract") }
    @Argument(help: Help.argument("cli.sim.order.sizes")) var sizes: [SizeArgument]
    @Option(help: Help.argument("cli.sim.order.arch")) var arch: Arch = .x86_32
    @Option(help: Help.argument("cli.sim.format")) var format: QueryFormat = .text
    @OptionGroup var language: SimLanguageOption

    func run() throws {
        let a = arch
        let rows = sizes.map { s -> (UInt64, Int) in (s.bytes, PageAllocator.getOrder(s.bytes, pageShift: a.pageShift, bitsPerLong: a.bitsPerLong)) }
        // The size is an unsigned long: on a 32-bit arch a larger number is cut to its low bits.
        let fits = { (s: UInt64) in a.bitsPerLong >= 64 || s >> UInt64(a.bitsPerLong) == 0 }
        // 2^64 bytes (order 52 on x86_64, from get_order(0)) does not fit a UInt64: saturate.
        let bytes = { (o: Int) -> UInt64 in o + a.pageShift >= 64 ? UInt64.max : a.pageSize << UInt64(o) }
        switch format {
        case .json: printJSON(rows.map { ["size": $0.0, "order": $0.1, "pages": UInt64(1) << UInt64($0.1), "bytes": bytes($0.1),
                                          "arch": a.rawValue, "bits_per_long": a.bitsPerLong, "fits_unsigned_long": fits($0.0)] as [String: Any] })
        case .text:
            let w = language.wording
            for (s, o) in rows {
                let note = fits(s) ? "" : w.t("sim.order.cut", ["size": String(s), "bits": String(a.bitsPerLong), "arch": a.rawValue,
                                                                "seen": String(s & ((UInt64(1) << UInt64(a.bitsPerLong)) - 1))])
                print(w.t("sim.order.line", ["size": String(s), "order": String(o), "pages": String(UInt64(1) << UInt64(o)), "bytes": String(bytes(o)), "note": note]))
            }
        }
    }
}
