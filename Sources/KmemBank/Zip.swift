import Foundation
#if canImport(Glibc)
import Glibc
#endif
import KmemCore

/// CRC-32 (ISO 3309 / zip), table-driven, eight bytes per step ("slicing-by-8").
struct CRC32 {
    /// table[k * 256 + b]: the CRC of byte b followed by k zero bytes.
    private static let table: [UInt32] = {
        var t = [UInt32](repeating: 0, count: 8 * 256)
        for i in 0..<256 {
            var c = UInt32(i)
            for _ in 0..<8 { c = (c & 1) != 0 ? 0xEDB8_8320 ^ (c >> 1) : c >> 1 }
            t[i] = c
        }
        for k in 1..<8 { for i in 0..<256 { t[k * 256 + i] = (t[(k - 1) * 256 + i] >> 8) ^ t[Int(t[(k - 1) * 256 + i] & 0xFF)] } }
        return t
    }()
    private(set) var value: UInt32 = 0xFFFF_FFFF

    mutating func update<S: Sequence>(_ bytes: S) where S.Element == UInt8 {
        var c = value
        CRC32.table.withUnsafeBufferPointer { t in
            for b in bytes { c = t[Int((c ^ UInt32(b)) & 0xFF)] ^ (c >> 8) }
        }
        value = c
    }

    mutating func update(_ p: UnsafeBufferPointer<UInt8>) {
        var c = value
        var i = 0
        let n = p.count
        CRC32.table.withUnsafeBufferPointer { t in
            while i + 8 <= n {
                let lo = c ^ (UInt32(p[i]) | UInt32(p[i + 1]) << 8 | UInt32(p[i + 2]) << 16 | UInt32(p[i + 3]) << 24)
                let hi = UInt32(p[i + 4]) | UInt32(p[i + 5]) << 8 | UInt32(p[i + 6]) << 16 | UInt32(p[i + 7]) << 24
                c = t[7 * 256 + Int(lo & 0xFF)] ^ t[6 * 256 + Int((lo >> 8) & 0xFF)]
                    ^ t[5 * 256 + Int((lo >> 16) & 0xFF)] ^ t[4 * 256 + Int(lo >> 24)]
                    ^ t[3 * 256 + Int(hi & 0xFF)] ^ t[2 * 256 + Int((hi >> 8) & 0xFF)]
                    ^ t[1 * 256 + Int((hi >> 16) & 0xFF)] ^ t[Int(hi >> 24)]
                i += 8
            }
            while i < n { c = t[Int((c ^ UInt32(p[i])) & 0xFF)] ^ (c >> 8); i += 1 }
        }
        value = c
    }

    var checksum: UInt32 { value ^ 0xFFFF_FFFF }

    static func of(_ bytes: [UInt8]) -> UInt32 {
        var c = CRC32()
        bytes.withUnsafeBufferPointer { c.update($0) }
        return c.checksum
    }
}

/// A zip archive written entry by entry: every entry stored (no compression), with a fixed
/// timestamp (1980-01-01 00:00, the earliest a zip can say) so two runs give identical bytes.
///
/// Memory stays flat: the central directory is spooled to a scratch file as entries are
/// written and copied after the last entry. Zip64 end records are added when the archive has
/// more than 65,535 entries or passes 4 GiB, as the APPNOTE (4.4.1.4) requires.
final class ZipWriter {
    private let out: OutputFile
    private let central: OutputFile
    private var count: UInt64 = 0

    private static let dosTime: UInt16 = 0
    private static let dosDate: UInt16 = (0 << 9) | (1 << 5) | 1  // 1980-01-01

    init(_ url: URL, scratch: URL) throws(Diagnostic) {
        out = try OutputFile(url)
        central = try OutputFile(scratch, scratch: true)
    }

    /// Adds one stored entry whose bytes are all known.
    func add(_ name: String, _ data: [UInt8]) throws(Diagnostic) {
        try add(name, size: UInt64(data.count), crc: CRC32.of(data)) { () throws(Diagnostic) in try out.write(data) }
    }

    /// Adds one stored entry whose bytes are copied from a scratch file (`crc` and `size` known).
    func add(_ name: String, from scratch: OutputFile, crc: UInt32) throws(Diagnostic) {
        try add(name, size: scratch.offset, crc: crc) { () throws(Diagnostic) in try out.append(contentsOf: scratch) }
    }

    /// Adds one stored entry copied from a finished file on disk (read twice: CRC, then copy).
    func add(_ name: String, file: URL) throws(Diagnostic) {
        func open() throws(Diagnostic) -> UnsafeMutablePointer<FILE> {
            guard let f = fopen(file.path, "rb") else {
                throw Diagnostic(.cantCreate, at: SourceLocation(file: file.path), "cannot read back the file", hint: "check the output folder")
            }
            return f
        }
        var crc = CRC32()
        var size: UInt64 = 0
        var chunk = [UInt8](repeating: 0, count: 1 << 16)
        let f1 = try open()
        while true {
            let n = chunk.withUnsafeMutableBufferPointer { fread($0.baseAddress, 1, $0.count, f1) }
            if n == 0 { break }
            chunk.withUnsafeBufferPointer { crc.update(UnsafeBufferPointer(rebasing: $0[0..<n])) }
            size += UInt64(n)
        }
        fclose(f1)
        let f2 = try open()
        defer { fclose(f2) }
        try add(name, size: size, crc: crc.checksum) { () throws(Diagnostic) in
            while true {
                let n = chunk.withUnsafeMutableBufferPointer { fread($0.baseAddress, 1, $0.count, f2) }
                if n == 0 { break }
                try out.write(Array(chunk[0..<n]))
            }
        }
    }

    private func add(_ name: String, size: UInt64, crc: UInt32, body: () throws(Diagnostic) -> Void) throws(Diagnostic) {
        guard size < 0xFFFF_FFFF else {
            throw Diagnostic(.software, "zip entry \(name) is larger than 4 GiB", hint: "export fewer questions, or choose a format other than qti21")
        }
        let nameBytes = Array(name.utf8)
        let localOffset = out.offset
        var h = Bytes()
        h.u32(0x0403_4b50)
        h.u16(20)                       // version needed: 2.0
        h.u16(0x0800)                   // flags: names are UTF-8
        h.u16(0)                        // method: stored
        h.u16(Self.dosTime); h.u16(Self.dosDate)
        h.u32(crc); h.u32(UInt32(size)); h.u32(UInt32(size))
        h.u16(UInt16(nameBytes.count)); h.u16(0)
        h.raw(nameBytes)
        try out.write(h.bytes)
        try body()

        let big = localOffset >= 0xFFFF_FFFF
        var c = Bytes()
        c.u32(0x0201_4b50)
        c.u16(big ? 45 : 20)            // version made by (MS-DOS attributes)
        c.u16(big ? 45 : 20)            // version needed
        c.u16(0x0800); c.u16(0)
        c.u16(Self.dosTime); c.u16(Self.dosDate)
        c.u32(crc); c.u32(UInt32(size)); c.u32(UInt32(size))
        c.u16(UInt16(nameBytes.count))
        c.u16(big ? 12 : 0)             // extra field length
        c.u16(0)                        // comment length
        c.u16(0)                        // disk number start
        c.u16(0)                        // internal attributes
        c.u32(0)                        // external attributes
        c.u32(big ? 0xFFFF_FFFF : UInt32(localOffset))
        c.raw(nameBytes)
        if big { c.u16(0x0001); c.u16(8); c.u64(localOffset) }  // zip64 extra: the offset
        try central.write(c.bytes)
        count += 1
    }

    /// Writes the central directory and the end records, then renames the archive into place.
    func finish() throws(Diagnostic) {
        let cdOffset = out.offset
        try out.append(contentsOf: central)
        let cdSize = out.offset - cdOffset
        central.remove()
        let needs64 = count > 0xFFFF || cdOffset >= 0xFFFF_FFFF || cdSize >= 0xFFFF_FFFF
        var e = Bytes()
        if needs64 {
            let z64Offset = out.offset
            e.u32(0x0606_4b50)
            e.u64(44)                   // size of the rest of this record
            e.u16(45); e.u16(45)
            e.u32(0); e.u32(0)
            e.u64(count); e.u64(count)
            e.u64(cdSize); e.u64(cdOffset)
            e.u32(0x0706_4b50)          // zip64 end of central directory locator
            e.u32(0); e.u64(z64Offset); e.u32(1)
        }
        e.u32(0x0605_4b50)
        e.u16(0); e.u16(0)
        e.u16(count > 0xFFFF ? 0xFFFF : UInt16(count))
        e.u16(count > 0xFFFF ? 0xFFFF : UInt16(count))
        e.u32(cdSize >= 0xFFFF_FFFF ? 0xFFFF_FFFF : UInt32(cdSize))
        e.u32(cdOffset >= 0xFFFF_FFFF ? 0xFFFF_FFFF : UInt32(cdOffset))
        e.u16(0)
        try out.write(e.bytes)
        try out.commit()
    }

    func abandon() { central.remove() }
}

/// Little-endian byte building.
struct Bytes {
    var bytes: [UInt8] = []
    mutating func u16(_ v: UInt16) { bytes += [UInt8(v & 0xFF), UInt8(v >> 8)] }
    mutating func u32(_ v: UInt32) { for i in 0..<4 { bytes.append(UInt8((v >> (8 * UInt32(i))) & 0xFF)) } }
    mutating func u64(_ v: UInt64) { for i in 0..<8 { bytes.append(UInt8((v >> (8 * UInt64(i))) & 0xFF)) } }
    mutating func raw(_ b: [UInt8]) { bytes += b }
}
