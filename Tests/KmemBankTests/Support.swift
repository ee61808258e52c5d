import Foundation
import Testing
@testable import KmemBank
import KmemCore
import KmemQuestions
import TestSupport

/// Paths and helpers shared by the bank tests.
enum Here {
    static let tests = Golden.folder()
    static let golden = tests.appendingPathComponent("Golden", isDirectory: true)
    /// The repository root (Tests/KmemBankTests/../..).
    static let repo = tests.deletingLastPathComponent().deletingLastPathComponent()
    /// `shared/` beside the repository, as CI clones it.
    static let shared = repo.deletingLastPathComponent().appendingPathComponent("shared", isDirectory: true)
    static let qtiValidator = shared.appendingPathComponent("validators/qti21/validate")
}

enum Tools {
    static var isCI: Bool { ProcessInfo.processInfo.environment["CI"] != nil }

    static func which(_ name: String) -> String? { Command.which(name) }

    /// `KMEMGUIDE_REQUIRE_TOOLS=1` (CI sets it) turns a missing checker into a failure.
    static var requireTools: Bool { ProcessInfo.processInfo.environment["KMEMGUIDE_REQUIRE_TOOLS"] == "1" || isCI }

    static let hasXmllint = which("xmllint") != nil
    static let hasAnki: Bool = {
        guard which("python3") != nil else { return false }
        return (try? run(["python3", "-c", "import anki.collection"]))?.status == 0
    }()
    static let hasJsonschema: Bool = {
        guard which("python3") != nil else { return false }
        return (try? run(["python3", "-c", "import jsonschema"]))?.status == 0
    }()

    /// Runs a command, returns its exit status and combined output.
    @discardableResult
    static func run(_ args: [String], cwd: URL? = nil) throws -> (status: Int32, output: String) {
        let r = try Command.run(nil, args, cwd: cwd)
        return (r.status, r.combined)
    }
}

/// A fresh temporary folder, removed by `cleanup()`.
struct Scratch {
    let url: URL
    init(_ tag: String = #function) {
        url = TestFolders.make("kmembank-" + tag)
    }
    func cleanup() { try? FileManager.default.removeItem(at: url) }
    func file(_ name: String) -> URL { url.appendingPathComponent(name) }
}

/// Exports the sample bank with every format and language into `dir/out`.
@discardableResult
func exportSamples(to dir: URL, formats: [BankFormat] = BankFormat.everyday, languages: [Language] = Language.allCases,
                   questions: [Question] = SampleBank.questions, failAfter: Int? = nil) throws(Diagnostic) -> BankReport {
    var o = BankOptions(formats: formats, languages: languages, output: dir.appendingPathComponent("out"), versions: 2, seed: 1, variants: 3, words: Words.content)
    o.failAfter = failAfter
    return try BankExporter.export(questions, options: o)
}

func read(_ url: URL) -> String {
    String(decoding: FileManager.default.contents(atPath: url.path) ?? Data(), as: UTF8.self)
}

/// A minimal reader of stored zip archives (with zip64 end records): entries in central
/// directory order, each checked against its CRC-32.
enum ZipReader {
    struct Entry { var name: String; var data: [UInt8]; var crcOK: Bool }

    static func entries(_ url: URL) throws -> [Entry] {
        let b = [UInt8](FileManager.default.contents(atPath: url.path) ?? Data())
        func u16(_ o: Int) -> Int { Int(b[o]) | Int(b[o + 1]) << 8 }
        func u32(_ o: Int) -> Int { u16(o) | u16(o + 2) << 16 }
        func u64(_ o: Int) -> Int { u32(o) | u32(o + 4) << 32 }
        guard var eocd = b.count >= 22 ? b.count - 22 : nil else { throw ZipError.malformed("too short") }
        while eocd > 0, u32(eocd) != 0x0605_4b50 { eocd -= 1 }
        guard u32(eocd) == 0x0605_4b50 else { throw ZipError.malformed("no end of central directory") }
        var count = u16(eocd + 10)
        var cd = u32(eocd + 16)
        if count == 0xFFFF || cd == 0xFFFF_FFFF {
            let locator = eocd - 20
            guard u32(locator) == 0x0706_4b50 else { throw ZipError.malformed("no zip64 locator") }
            let z = u64(locator + 8)
            guard u32(z) == 0x0606_4b50 else { throw ZipError.malformed("no zip64 end record") }
            count = u64(z + 32)
            cd = u64(z + 48)
        }
        var out: [Entry] = []
        var p = cd
        for _ in 0..<count {
            guard u32(p) == 0x0201_4b50 else { throw ZipError.malformed("bad central header at \(p)") }
            guard u16(p + 10) == 0 else { throw ZipError.malformed("entry is not stored") }
            let crc = u32(p + 16), size = u32(p + 20)
            let nameLen = u16(p + 28), extraLen = u16(p + 30), commentLen = u16(p + 32)
            var local = u32(p + 42)
            let name = String(decoding: b[(p + 46)..<(p + 46 + nameLen)], as: UTF8.self)
            if local == 0xFFFF_FFFF, extraLen >= 12, u16(p + 46 + nameLen) == 1 { local = u64(p + 46 + nameLen + 4) }
            guard u32(local) == 0x0403_4b50 else { throw ZipError.malformed("bad local header for \(name)") }
            let start = local + 30 + u16(local + 26) + u16(local + 28)
            let data = Array(b[start..<(start + size)])
            out.append(Entry(name: name, data: data, crcOK: Int(CRC32.of(data)) == crc))
            p += 46 + nameLen + extraLen + commentLen
        }
        return out
    }

    enum ZipError: Error { case malformed(String) }
}

/// RFC 4180 parsing (for proving the CSV reads back).
func parseCSV(_ text: String) -> [[String]] {
    var rows: [[String]] = []
    var row: [String] = []
    var field = ""
    var quoted = false
    var chars = Array(text.unicodeScalars)
    if chars.first == "\u{FEFF}" { chars.removeFirst() }
    var i = 0
    while i < chars.count {
        let c = chars[i]
        if quoted {
            if c == "\"" {
                if i + 1 < chars.count, chars[i + 1] == "\"" { field.unicodeScalars.append("\""); i += 1 } else { quoted = false }
            } else {
                field.unicodeScalars.append(c)
            }
        } else if c == "\"" {
            quoted = true
        } else if c == "," {
            row.append(field); field = ""
        } else if c == "\r", i + 1 < chars.count, chars[i + 1] == "\n" {
            row.append(field); field = ""; rows.append(row); row = []; i += 1
        } else {
            field.unicodeScalars.append(c)
        }
        i += 1
    }
    if !field.isEmpty || !row.isEmpty { row.append(field); rows.append(row) }
    return rows
}

/// content/ui.yaml's `export.*` words, as the CLI and the site hand them to the bank.
enum Words {
    static let content: ExportWords = {
        let file = Here.repo.appendingPathComponent("content/ui.yaml")
        guard let text = try? String(contentsOf: file, encoding: .utf8),
              let root = try? YAMLValue.parse(text, file: "ui.yaml"), let entries = root["strings"]?.entries else {
            Issue.record("cannot read \(file.path)")
            return ExportWords(table: [:])
        }
        var table: [String: [Language: String]] = [:]
        for (key, value, _) in entries where key.hasPrefix("export.") || key.hasPrefix("l10n.") {
            for lang in Language.allCases { table[key, default: [:]][lang] = value[lang.rawValue]?.string }
        }
        return ExportWords(table: table)
    }()
}
