extension Substring {
    /// The first occurrence of `needle`, compared byte for byte in UTF-8.
    ///
    /// Foundation's `range(of:)` bridges to NSString and compares with Unicode folding; for
    /// the ASCII markers the build looks for (`{{`, `<h2>`) that is several times slower and
    /// was a large share of a small site's build time.
    public func utf8Range(of needle: String) -> Range<Index>? {
        let pattern = Array(needle.utf8)
        guard !pattern.isEmpty else { return nil }
        var text = self  // withUTF8 may make a contiguous copy; this one is ours
        let found = text.withUTF8 { Self.firstOffset(of: pattern, in: $0) }
        guard let found else { return nil }
        let lower = utf8.index(utf8.startIndex, offsetBy: found)
        return lower..<utf8.index(lower, offsetBy: pattern.count)
    }

    private static func firstOffset(of pattern: [UInt8], in bytes: UnsafeBufferPointer<UInt8>) -> Int? {
        let m = pattern.count
        guard bytes.count >= m else { return nil }
        let first = pattern[0]
        var i = 0
        while i <= bytes.count - m {
            if bytes[i] == first {
                var k = 1
                while k < m && bytes[i + k] == pattern[k] { k += 1 }
                if k == m { return i }
            }
            i += 1
        }
        return nil
    }

    /// True when `needle` occurs, compared byte for byte in UTF-8.
    public func containsUTF8(_ needle: String) -> Bool { utf8Range(of: needle) != nil }
}

extension String {
    /// Every occurrence of `needle` replaced, compared byte for byte in UTF-8 (see
    /// `Substring.utf8Range(of:)` for why not Foundation's `replacingOccurrences`).
    public func replacingUTF8(_ needle: String, with replacement: String) -> String {
        var rest = self[...]
        guard rest.utf8Range(of: needle) != nil else { return self }
        var out = ""
        out.reserveCapacity(utf8.count)
        while let r = rest.utf8Range(of: needle) {
            out += rest[..<r.lowerBound]
            out += replacement
            rest = rest[r.upperBound...]
        }
        out += rest
        return out
    }

    /// See `Substring.utf8Range(of:)`.
    public func utf8Range(of needle: String) -> Range<Index>? { self[...].utf8Range(of: needle) }
    /// True when `needle` occurs, compared byte for byte in UTF-8.
    public func containsUTF8(_ needle: String) -> Bool { self[...].containsUTF8(needle) }
}
