/// Sizes as the kernel parses and prints them.
public enum ByteSize {
    public static let KiB: UInt64 = 1 << 10
    public static let MiB: UInt64 = 1 << 20
    public static let GiB: UInt64 = 1 << 30

    /// The kernel's `memparse()`: a number (decimal, or hex with 0x) with an optional
    /// K/M/G/T suffix (either case), as used for `vmalloc=` and `mem=`. Also accepts a
    /// trailing `B`/`iB` (`4KiB`, `128KB`) for readers' convenience. Returns nil on anything
    /// malformed or out of range, never traps.
    public static func parse(_ text: String) -> UInt64? {
        var s = Substring(text.trimmingCharacters())
        guard !s.isEmpty else { return nil }
        if s.hasSuffix("iB") || s.hasSuffix("ib") { s = s.dropLast(2) } else if s.count > 1, s.last == "B" || s.last == "b", s.dropLast().last.map({ $0.isLetter }) == true { s = s.dropLast() }
        var shift: UInt64 = 0
        if let last = s.last {
            switch last {
            case "k", "K": shift = 10
            case "m", "M": shift = 20
            case "g", "G": shift = 30
            case "t", "T": shift = 40
            default: break
            }
            if shift != 0 { s = s.dropLast() }
        }
        let value: UInt64?
        if s.hasPrefix("0x") || s.hasPrefix("0X") {
            value = UInt64(s.dropFirst(2), radix: 16)
        } else {
            value = UInt64(s, radix: 10)
        }
        guard let v = value else { return nil }
        let (result, overflow) = v.multipliedReportingOverflow(by: 1 << shift)
        return overflow ? nil : result
    }

    /// Exact, human form: the largest binary unit that divides the value ("8 MiB", "4 KiB",
    /// "1000000 bytes").
    public static func format(_ bytes: UInt64) -> String {
        for (unit, name) in [(GiB, "GiB"), (MiB, "MiB"), (KiB, "KiB")] where bytes >= unit && bytes % unit == 0 {
            return "\(bytes / unit) \(name)"
        }
        return bytes == 1 ? "1 byte" : "\(bytes) bytes"
    }
}

/// Hex as the kernel prints addresses: `0x%08lx` on 32-bit, 16 digits on 64-bit.
public func hexAddress(_ value: UInt64, digits: Int) -> String {
    let raw = String(value, radix: 16)
    return "0x" + String(repeating: "0", count: max(0, digits - raw.count)) + raw
}

/// Plain lowercase hex with no padding (`0xcc0`), for flag values.
public func hexValue(_ value: UInt64) -> String { "0x" + String(value, radix: 16) }

extension String {
    func trimmingCharacters() -> String {
        var s = Substring(self)
        while let f = s.first, f == " " || f == "\t" || f == "\n" { s = s.dropFirst() }
        while let l = s.last, l == " " || l == "\t" || l == "\n" { s = s.dropLast() }
        return String(s)
    }
}
