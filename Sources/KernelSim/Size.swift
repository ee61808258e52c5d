/// Sizes as the kernel parses and prints them.
public enum ByteSize {
    public static let KiB: UInt64 = 1 << 10
    public static let MiB: UInt64 = 1 << 20
    public static let GiB: UInt64 = 1 << 30
    public static let TiB: UInt64 = 1 << 40
    public static let PiB: UInt64 = 1 << 50
    public static let EiB: UInt64 = 1 << 60

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

    /// Human form: the largest binary unit that fits, exact when the value is a whole number
    /// of it ("8 MiB", "4 KiB"), else with two decimals ("887.99 MiB"). Below 10 KiB an
    /// inexact value is given in bytes ("4097 bytes"), where every byte matters.
    public static func format(_ bytes: UInt64) -> String {
        if bytes == 1 { return "1 byte" }
        for (unit, name) in [(EiB, "EiB"), (PiB, "PiB"), (TiB, "TiB"), (GiB, "GiB"), (MiB, "MiB"), (KiB, "KiB")] where bytes >= unit {
            if bytes % unit == 0 { return "\(bytes / unit) \(name)" }
            if bytes < 10 * KiB { break }
            let value = twoDecimals(Double(bytes) / Double(unit))
            // Rounded to a whole number it would look exact ("16 EiB" for 16 EiB − 512 TiB).
            return (value.contains(".") ? "" : "≈") + value + " " + name
        }
        return "\(bytes) bytes"
    }

    /// "887.99", "976.56", "1.5" — rounded to two decimals, trailing zeros dropped.
    static func twoDecimals(_ v: Double) -> String {
        let hundredths = Int((v * 100).rounded())
        let whole = hundredths / 100, frac = hundredths % 100
        if frac == 0 { return "\(whole)" }
        return frac % 10 == 0 ? "\(whole).\(frac / 10)" : "\(whole).\(frac < 10 ? "0" : "")\(frac)"
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
