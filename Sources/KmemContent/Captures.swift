import Foundation
import KernelSim
import KmemCore

/// What a real kernel reported under QEMU (verify/captures/*.json, made by verify/run.sh),
/// beside what the simulator computes for the same configuration.
public struct CaptureComparison: Sendable {
    public struct Row: Sendable {
        public var field: String
        public var kernel: String
        public var simulator: String
        public var matches: Bool { kernel == simulator }
    }
    public var name: String
    public var arch: Arch
    public var release: String
    public var ramBytes: UInt64
    public var rows: [Row]
    /// QEMU's `-cpu` when not the default (`max` gives x86-64 5-level paging).
    public var qemuCpu: String? = nil
    /// The vmalloc= the kernel was booted with, if any (two captures may differ only there).
    public var vmallocParam: UInt64? = nil
}

extension CaptureComparison {
    /// One capture file, named by a path (`kmemguide sim compare`, verify/lab.sh), compared with
    /// the simulator. A missing file is `.noInput`, one that is not a capture `.data`.
    public static func load(path: String) throws(Diagnostic) -> CaptureComparison {
        let url = URL(fileURLWithPath: path)
        let file = SourceLocation(file: path)
        var isDir: ObjCBool = false
        guard FileManager.default.fileExists(atPath: url.path, isDirectory: &isDir) else {
            throw Diagnostic(.noInput, at: file, "no such capture file",
                             hint: "give a JSON file written by verify/run.sh or verify/lab.sh, e.g. verify/captures/debian12-6.1.0-57-amd64-512M.json")
        }
        guard !isDir.boolValue else {
            throw Diagnostic(.noInput, at: file, "this is a folder, not a capture file", hint: "give one of its .json files")
        }
        guard let data = FileManager.default.contents(atPath: url.path) else {
            throw Diagnostic(.noInput, at: file, "the capture file cannot be read", hint: "check its permissions")
        }
        return try CaptureLoader.compare(name: url.lastPathComponent, data: data, file: file)
    }
}

enum CaptureLoader {
    /// Reads every capture in `dir` and compares the deterministic values with the simulator.
    static func load(_ dir: SourceTree, at loc: SourceLocation) throws(Diagnostic) -> [CaptureComparison] {
        let names = dir.children("").filter { $0.hasSuffix(".json") }
        guard !names.isEmpty else {
            throw Diagnostic(.data, at: loc, "no captures in \(dir.display(""))", hint: dir.hint(forAuthor: "run verify/run.sh and commit verify/captures/"))
        }
        var out: [CaptureComparison] = []
        for name in names {
            let file = SourceLocation(file: dir.display(name))
            guard let data = dir.data(name) else {
                throw Diagnostic(.noInput, at: file, "the capture file cannot be read", hint: dir.hint(forAuthor: "re-run verify/run.sh"))
            }
            out.append(try compare(name: name, data: data, file: file))
        }
        return out
    }

    /// The fields every capture has (verify/parse.py writes them), for saying which one is missing.
    static let requiredFields = ["arch", "kernel", "qemuRamBytes", "config", "probe"]

    /// One capture's deterministic values beside the simulator's.
    static func compare(name: String, data: Data, file: SourceLocation) throws(Diagnostic) -> CaptureComparison {
        guard let obj = try? JSONSerialization.jsonObject(with: data) as? [String: Any] else {
            throw Diagnostic(.data, at: file, "not a JSON object (the file is not a capture, or was cut short)",
                             hint: "give a file verify/run.sh wrote, or re-run it")
        }
        if let missing = requiredFields.first(where: { obj[$0] == nil }) {
            throw Diagnostic(.data, at: file, "capture has no `\(missing)` field", hint: "re-run verify/run.sh; it writes every field")
        }
        guard let archName = obj["arch"] as? String, let arch = Arch(rawValue: archName),
              let kernelName = obj["kernel"] as? String, let kernel = KernelVersion(rawValue: kernelName),
              let qemuRam = (obj["qemuRamBytes"] as? NSNumber)?.uint64Value,
              let config = obj["config"] as? [String: Any], let probe = obj["probe"] as? [String: String] else {
            throw Diagnostic(.data, at: file, "capture does not have the expected shape", hint: "re-run verify/run.sh")
        }
        _ = (arch, kernel)
        func flag(_ k: String) -> Bool { (config[k] as? NSNumber)?.intValue == 1 }
        // The machine is the captured kernel's preset (`sim layout --preset`) with QEMU's RAM
        // size and the boot parameters the capture was booted with.
        let flavour = obj["flavour"] as? String ?? ""
        let presetName = "debian-\(flavour)"
        guard let preset = MachinePreset.named(presetName) else {
            throw Diagnostic(.data, at: file, "no simulator preset for the captured kernel flavour `\(flavour)`", hint: "add one to KernelSim/Presets.swift, or remove the capture")
        }
        var cfg = preset.config(ram: qemuRam)
        if obj["qemuCpu"] as? String == "max" && cfg.arch == .x86_64 { cfg.la57 = true }  // QEMU's max CPU has LA57
        for word in ((obj["cmdline"] as? String) ?? "").split(separator: " ") where word.hasPrefix("vmalloc=") {
            cfg.vmallocParam = ByteSize.parse(String(word.dropFirst("vmalloc=".count)))
        }
        let layout: AddressSpaceLayout
        do { layout = try AddressSpaceLayout.compute(cfg) } catch {
            throw Diagnostic(.data, at: file, "the simulator cannot model this capture: \(error.message)", hint: "fix the capture's config, or remove the capture")
        }
        let d = arch.addressDigits
        func hex(_ s: String?) -> String {
            guard let s, s.hasPrefix("0x"), let v = UInt64(s.dropFirst(2), radix: 16) else { return s ?? "—" }
            return hexAddress(v, digits: d)
        }
        var rows: [CaptureComparison.Row] = [
            .init(field: "PAGE_OFFSET", kernel: hex(probe["PAGE_OFFSET"]), simulator: hexAddress(layout.pageOffset, digits: d)),
            .init(field: "high_memory", kernel: hex(probe["high_memory"]), simulator: hexAddress(layout.highMemory, digits: d)),
            .init(field: "VMALLOC_START", kernel: hex(probe["VMALLOC_START"]), simulator: hexAddress(layout.vmallocStart, digits: d)),
            // The kernel's x86-64 VMALLOC_END is inclusive; the simulator's bound is exclusive.
            .init(field: "VMALLOC_END", kernel: hex(probe["VMALLOC_END"]),
                  simulator: hexAddress(arch.is64Bit ? layout.vmallocEnd &- 1 : layout.vmallocEnd, digits: d)),
        ]
        if let p = probe["PKMAP_BASE"] {
            rows.append(.init(field: "PKMAP_BASE", kernel: hex(p), simulator: layout.pkmapBase.map { hexAddress($0, digits: d) } ?? "—"))
        }
        if let f = probe["FIXADDR_START"] {
            rows.append(.init(field: "FIXADDR_START", kernel: hex(f), simulator: hexAddress(layout.fixaddrStart, digits: d)))
        }
        rows.append(.init(field: "KMALLOC_MAX_SIZE", kernel: probe["KMALLOC_MAX_SIZE"] ?? "—",
                          simulator: String(Kmalloc.maxSize(kernel: kernel, allocator: cfg.allocator, arch: arch))))
        for size: UInt64 in [100, 129, 4097, 8193] {
            rows.append(.init(field: "ksize(kmalloc(\(size)))", kernel: probe["ksize.\(size)"] ?? "—",
                              simulator: String(Kmalloc.place(size: size, kernel: kernel, allocator: cfg.allocator, arch: arch).ksize)))
        }
        return CaptureComparison(name: name, arch: arch, release: obj["kernelRelease"] as? String ?? "?", ramBytes: qemuRam, rows: rows, qemuCpu: obj["qemuCpu"] as? String,
                                 vmallocParam: cfg.vmallocParam)
    }
}
