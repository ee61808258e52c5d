import Foundation
import KernelSim
import KmemCore

/// The layout explorer (issue 16): every combination of the options it offers, computed by the
/// simulator at build time into one compact data file (`assets/explorer-data.js`, loaded with
/// a `<script>` so the page works from disk as well as from a server).
///
/// Each option is one `Axis`: its values and how a value changes the machine. `config(_:)` is
/// the one function that turns a choice into a `MachineConfig`; a new `sim layout` option
/// becomes a new axis here (and a label in ui.yaml `explorer.<id>`).
public enum Explorer {
    public struct Axis: Sendable {
        public var id: String
        /// Values as the page shows them and `sim layout` takes them ("" = the kernel's default).
        public var values: [String]
        public var apply: @Sendable (inout MachineConfig, String) -> Void
    }

    public static let axes: [Axis] = [
        Axis(id: "arch", values: [Arch.x86_32, .arm32, .x86_64].map(\.rawValue)) { c, v in c.arch = Arch(rawValue: v) ?? c.arch },
        // PAE is a second x86_32 architecture in the simulator (`--arch x86_32-pae`).
        Axis(id: "pae", values: ["off", "on"]) { c, v in if v == "on", c.arch == .x86_32 { c.arch = .x86_32_pae } },
        Axis(id: "kernel", values: KernelVersion.allCases.map(\.rawValue)) { c, v in c.kernel = KernelVersion(rawValue: v) ?? c.kernel },
        Axis(id: "ram", values: ["64M", "128M", "256M", "512M", "768M", "896M", "1G", "2G", "3G", "4G", "8G", "16G", "64G"]) { c, v in
            c.ramBytes = ByteSize.parse(v) ?? c.ramBytes
        },
        Axis(id: "vmalloc", values: ["", "32M", "64M", "128M", "200M", "256M", "512M"]) { c, v in c.vmallocParam = v.isEmpty ? nil : ByteSize.parse(v) },
        Axis(id: "nr_cpus", values: ["", "1", "2", "4", "8", "16", "32", "64"]) { c, v in c.nrCpus = Int(v) },
    ]

    /// The machine for one value index per axis — the only place a choice becomes a machine.
    public static func config(_ choice: [Int]) -> MachineConfig {
        var c = MachineConfig(arch: .x86_32, kernel: .v3_4, ramBytes: 1 << 30)
        for (axis, i) in zip(axes, choice) { axis.apply(&c, axis.values[i]) }
        // The allocator the chosen kernel is built with (2.6.18 had no SLUB), as `sim layout`.
        c.allocator = .default(for: c.kernel)
        return c
    }

    /// Number of combinations, and the choice of combination `n` (row-major, last axis fastest).
    public static var count: Int { axes.reduce(1) { $0 * $1.values.count } }
    public static func choice(_ n: Int) -> [Int] {
        var rest = n
        var out = [Int](repeating: 0, count: axes.count)
        for k in axes.indices.reversed() { out[k] = rest % axes[k].values.count; rest /= axes[k].values.count }
        return out
    }

    /// The data file: strings interned once, each distinct layout once, and per combination
    /// the index of its layout (or of its error, as `-1 - i`). An error is [message, reason id,
    /// model limit (0/1), key, value, …]: the simulator's English message (what `sim layout`
    /// prints), the reason the page words in its language (ui.yaml `explorer.reason.<id>`), and
    /// whether the machine does not boot or the simulator does not model it.
    ///
    /// A layout is an array: arch, kernel, page_offset, high_memory, vmalloc_start, vmalloc_end,
    /// pkmap_base (-1 when none), fixaddr_start (string indices); lowmem_bytes, highmem_bytes
    /// (numbers); regions as [name, start, end, last byte, size]…; zones as [name, start_pfn, end_pfn]…;
    /// messages; boot log lines (empty when the kernel prints none); lowmem, highmem, vmalloc
    /// sizes as text. `templates/assets/explorer.js` (`decode`) turns it back into what
    /// `kmemguide sim layout --format json` prints.
    public static func dataObject() -> [String: Any] {
        var strings: [String] = []
        var index: [String: Int] = [:]
        func s(_ v: String) -> Int {
            if let i = index[v] { return i }
            strings.append(v); index[v] = strings.count - 1
            return strings.count - 1
        }
        // Region and zone rows repeat across layouts (user space, fixmap…): each is stored once.
        var tuples: [[Int]] = []
        var tupleIndex: [[Int]: Int] = [:]
        func t(_ v: [Int]) -> Int {
            if let i = tupleIndex[v] { return i }
            tuples.append(v); tupleIndex[v] = tuples.count - 1
            return tuples.count - 1
        }
        var layouts: [[Any]] = []
        var layoutIndex: [[Int]: Int] = [:]
        var combos: [Int] = []
        combos.reserveCapacity(count)
        var errors: [[Int]] = []
        var errorIndex: [[Int]: Int] = [:]
        for n in 0..<count {
            let cfg = config(choice(n))
            let l: AddressSpaceLayout
            do { l = try AddressSpaceLayout.compute(cfg) } catch {
                let reason = error.reason
                // [message, reason id, 1 if the model (not the machine) is the limit, key, value, …]
                let encoded = [s(error.message), s(reason.id), error.isModelLimit ? 1 : 0] + reason.values.sorted { $0.key < $1.key }.flatMap { [s($0.key), s($0.value)] }
                if let i = errorIndex[encoded] { combos.append(-1 - i); continue }
                errors.append(encoded); errorIndex[encoded] = errors.count - 1
                combos.append(-1 - (errors.count - 1))
                continue
            }
            let d = cfg.arch.addressDigits
            let hex = { (v: UInt64) in s(hexAddress(v, digits: d)) }
            let encoded: [Any] = [
                s(cfg.arch.rawValue), s(cfg.kernel.rawValue), hex(l.pageOffset), hex(l.highMemory), hex(l.vmallocStart), hex(l.vmallocEnd),
                l.pkmapBase.map(hex) ?? -1, hex(l.fixaddrStart), l.lowmemBytes, l.highmemBytes,
                l.regions.map { t([s($0.name), hex($0.start), hex($0.end), hex($0.last), s(ByteSize.format($0.size))]) },
                l.zones.map { t([s($0.name), Int($0.startPfn), Int($0.endPfn)]) },
                l.messages.map { s($0.text) },
                (l.bootLog() ?? "").split(separator: "\n").map { s(String($0)) },
                [s(ByteSize.format(l.lowmemBytes)), s(ByteSize.format(l.highmemBytes)), s(ByteSize.format(l.vmallocEnd - l.vmallocStart))],
                // The rest of `sim layout --format json`: the kernel's VMALLOC_END, the modules
                // area, FIXADDR_TOP, the pfn limits, and the e820 map as [start, end, type] rows.
                [hex(l.kernelVmallocEnd), hex(l.modulesStart), hex(l.modulesEnd), hex(l.fixaddrTop), Int(l.maxPfn), Int(l.maxLowPfn)],
                l.e820.map { t([s(hexAddress($0.start, digits: 16)), s(hexAddress($0.end, digits: 16)), s($0.type.rawValue)]) },
            ]
            // Equal layouts (an option the kernel ignores) are stored once; the key is every
            // number of the layout, each list closed by -2 (no index or size is negative).
            var key: [Int] = []
            for field in encoded {
                if let list = field as? [Int] { key += list; key.append(-2) }
                else if let n = field as? Int { key.append(n) }
                else if let n = field as? UInt64 { key.append(Int(truncatingIfNeeded: n)) }
            }
            if let i = layoutIndex[key] { combos.append(i); continue }
            layouts.append(encoded)
            layoutIndex[key] = layouts.count - 1
            combos.append(layouts.count - 1)
        }
        return ["axes": axes.map { ["id": $0.id, "values": $0.values] }, "s": strings, "t": tuples, "layouts": layouts, "errors": errors, "combos": combos]
    }

    /// `assets/explorer-data.js`: the data as a script that sets `KMEM_EXPLORER`.
    public static func dataScript(_ object: [String: Any] = dataObject()) -> String {
        let json = (try? JSONSerialization.data(withJSONObject: object, options: [.sortedKeys, .withoutEscapingSlashes])) ?? Data("{}".utf8)
        return "// Generated by kmemguide build from its simulator: every layout the explorer offers.\nglobalThis.KMEM_EXPLORER = "
            + String(decoding: json, as: UTF8.self) + ";\n"
    }
}
