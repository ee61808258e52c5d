import Foundation
import Testing
@testable import KmemContent
import KernelSim
import KmemCore

/// Facts a page names are computed by the simulator for the stated machine, in the reader's
/// language; the ones below replaced numbers that were typed into the verification and
/// debugging pages.
@Suite struct FactsTests {
    static func machine(_ id: String, _ yaml: String) throws -> NamedMachine {
        let cfg = try ContentLoader.machineConfig(try YAMLValue.parse(yaml, file: "machines.yaml"), file: "machines.yaml")
        return NamedMachine(id: id, config: cfg, layout: try AddressSpaceLayout.compute(cfg), location: SourceLocation(file: "machines.yaml", line: 1))
    }

    static func resolver() throws -> FactResolver {
        let ui = UIStrings(table: [
            "l10n.bytes": [.en: "{n} bytes", .zh: "{n} 字节", .ja: "{n} バイト"],
        ])
        let machines = [
            "arm": try machine("arm", "{preset: debian-armmp, ram: 1G, vmalloc: 200M}"),
            "pc": try machine("pc", "{preset: debian-686, ram: 256M}"),
            "plain": try machine("plain", "{arch: x86_32, kernel: \"6.1\", ram: 256M}"),
        ]
        return FactResolver(machines: machines, ui: ui, simulation: Simulation())
    }

    func fact(_ text: String, _ lang: Language = .en) throws -> String {
        try Self.resolver().resolve(text.split(separator: " ").map(String.init), at: SourceLocation(file: "p/en.md", line: 3), lang: lang)
    }

    @Test func aPresetBringsTheBoardsPhysOffsetAndReservedTop() throws {
        #expect(try fact("layout.phys_offset machine=arm") == hexAddress(MachinePreset.named("debian-armmp")!.config(ram: 1 << 30).physOffset, digits: 8))
        #expect(try fact("layout.phys_offset machine=arm") != "0x00000000")
        #expect(try fact("layout.phys_offset machine=plain") == "0x00000000")
        #expect(try fact("layout.reserved_top machine=pc") == ByteSize.format(MachinePreset.named("debian-686")!.reservedTop))
        #expect(try fact("layout.reserved_top machine=pc unit=KiB") == "\(MachinePreset.named("debian-686")!.reservedTop >> 10) KiB")
    }

    @Test func pmdSizeFollowsThePageTableFormat() throws {
        #expect(try fact("layout.pmd_size arch=x86_32") == ByteSize.format(Arch.x86_32.pmdSize))
        #expect(Arch.x86_32.pmdSize == 2 * Arch.x86_32_pae.pmdSize, "two-level x86-32 maps twice what PAE's PMD maps")
        #expect(Arch.arm32.pmdSize == Arch.x86_64.pmdSize)
    }

    @Test func kasanGranuleIsWordedPerLanguage() throws {
        let n = Kasan.granuleSize
        #expect(n == 8)
        #expect(try fact("kasan.granule", .zh) == "\(n) 字节")
        #expect(try fact("kasan.granule", .ja) == "\(n) バイト")
    }

    @Test func aPresetMachineCannotAlsoNameItsArch() throws {
        #expect(throws: Diagnostic.self) { try Self.machine("x", "{preset: debian-armmp, arch: x86_32, ram: 1G}") }
        #expect(throws: Diagnostic.self) { try Self.machine("x", "{preset: debian-sparc, ram: 1G}") }
    }
}
