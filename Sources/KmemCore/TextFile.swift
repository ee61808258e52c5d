import Foundation

/// Text read from a file, refused when it is not UTF-8 — with the line of the first bad byte,
/// instead of a silent U+FFFD in the middle of a value.
public enum TextFile {
    public static func utf8(_ data: Data, file: String) throws(Diagnostic) -> String {
        if let text = String(validating: data, as: UTF8.self) { return text }
        // Find the first byte that does not decode, and its line.
        let bytes = [UInt8](data)
        var line = 1, lineStart = 0, i = 0
        while i < bytes.count {
            let b = bytes[i]
            let length = b < 0x80 ? 1 : b >= 0xC2 && b <= 0xDF ? 2 : b >= 0xE0 && b <= 0xEF ? 3 : b >= 0xF0 && b <= 0xF4 ? 4 : 0
            if length == 0 || i + length > bytes.count
                || String(validating: bytes[i..<(i + length)], as: UTF8.self) == nil { break }
            if b == 0x0A { line += 1; lineStart = i + 1 }
            i += length
        }
        let shown = i < bytes.count ? String(format: "0x%02X", bytes[i]) : "the end"
        throw Diagnostic(.data, at: SourceLocation(file: file, line: line, column: i - lineStart + 1),
                         "the file is not UTF-8 text: byte \(shown) at this line does not decode",
                         hint: "save the file as UTF-8")
    }
}
