import CSQLite
import Foundation
import KmemCore

/// The little of SQLite the `.apkg` writer needs: run SQL, insert rows through prepared
/// statements. Errors are `Diagnostic`s naming the database file.
final class SQLiteDB {
    private var db: OpaquePointer?
    let url: URL

    init(creating url: URL) throws(Diagnostic) {
        self.url = url
        unlink(url.path)
        var handle: OpaquePointer?
        guard sqlite3_open_v2(url.path, &handle, SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE, nil) == SQLITE_OK, let handle else {
            sqlite3_close(handle)
            throw Diagnostic(.cantCreate, at: SourceLocation(file: url.path), "cannot create the SQLite database",
                             hint: "check that the output folder is writable")
        }
        db = handle
    }

    deinit { close() }

    func close() {
        if let db { sqlite3_close(db) }
        db = nil
    }

    func exec(_ sql: String) throws(Diagnostic) {
        var err: UnsafeMutablePointer<CChar>?
        guard sqlite3_exec(db, sql, nil, nil, &err) == SQLITE_OK else {
            let message = err.map { String(cString: $0) } ?? "unknown error"
            sqlite3_free(err)
            throw failure(message)
        }
    }

    /// A value bound to a `?` of a statement.
    enum Value { case int(Int64), text(String), null }

    final class Statement {
        fileprivate var stmt: OpaquePointer?
        deinit { sqlite3_finalize(stmt) }
    }

    func prepare(_ sql: String) throws(Diagnostic) -> Statement {
        let s = Statement()
        guard sqlite3_prepare_v2(db, sql, -1, &s.stmt, nil) == SQLITE_OK else { throw failure(lastError) }
        return s
    }

    /// Binds `values` to the statement's parameters in order and runs it once.
    func run(_ s: Statement, _ values: [Value]) throws(Diagnostic) {
        sqlite3_reset(s.stmt)
        sqlite3_clear_bindings(s.stmt)
        let transient = unsafeBitCast(-1, to: sqlite3_destructor_type.self)
        for (i, v) in values.enumerated() {
            let idx = Int32(i + 1)
            switch v {
            case .int(let n): sqlite3_bind_int64(s.stmt, idx, n)
            case .text(let t): sqlite3_bind_text(s.stmt, idx, t, -1, transient)
            case .null: sqlite3_bind_null(s.stmt, idx)
            }
        }
        guard sqlite3_step(s.stmt) == SQLITE_DONE else { throw failure(lastError) }
    }

    private var lastError: String { db.map { String(cString: sqlite3_errmsg($0)) } ?? "database closed" }

    private func failure(_ message: String) -> Diagnostic {
        Diagnostic(.cantCreate, at: SourceLocation(file: url.path), "SQLite: \(message)",
                   hint: "check free disk space and permissions of the output folder")
    }
}

/// SHA-1 (FIPS 180-4), for the checksum Anki keeps of each note's first field.
enum SHA1 {
    static func digest(_ message: [UInt8]) -> [UInt8] {
        var h: [UInt32] = [0x6745_2301, 0xEFCD_AB89, 0x98BA_DCFE, 0x1032_5476, 0xC3D2_E1F0]
        var m = message
        let bitLength = UInt64(message.count) * 8
        m.append(0x80)
        while m.count % 64 != 56 { m.append(0) }
        for i in (0..<8).reversed() { m.append(UInt8((bitLength >> (UInt64(i) * 8)) & 0xFF)) }
        var w = [UInt32](repeating: 0, count: 80)
        for chunk in stride(from: 0, to: m.count, by: 64) {
            for i in 0..<16 {
                let b = chunk + 4 * i
                w[i] = UInt32(m[b]) << 24 | UInt32(m[b + 1]) << 16 | UInt32(m[b + 2]) << 8 | UInt32(m[b + 3])
            }
            for i in 16..<80 {
                let x = w[i - 3] ^ w[i - 8] ^ w[i - 14] ^ w[i - 16]
                w[i] = (x << 1) | (x >> 31)
            }
            var (a, b, c, d, e) = (h[0], h[1], h[2], h[3], h[4])
            for i in 0..<80 {
                let f: UInt32, k: UInt32
                switch i {
                case 0..<20: f = (b & c) | (~b & d); k = 0x5A82_7999
                case 20..<40: f = b ^ c ^ d; k = 0x6ED9_EBA1
                case 40..<60: f = (b & c) | (b & d) | (c & d); k = 0x8F1B_BCDC
                default: f = b ^ c ^ d; k = 0xCA62_C1D6
                }
                let t = ((a << 5) | (a >> 27)) &+ f &+ e &+ k &+ w[i]
                e = d; d = c; c = (b << 30) | (b >> 2); b = a; a = t
            }
            h[0] = h[0] &+ a; h[1] = h[1] &+ b; h[2] = h[2] &+ c; h[3] = h[3] &+ d; h[4] = h[4] &+ e
        }
        return h.flatMap { v in (0..<4).map { UInt8((v >> (24 - 8 * UInt32($0))) & 0xFF) } }
    }

    static func hex(_ s: String) -> String {
        digest(Array(s.utf8)).map { ($0 < 16 ? "0" : "") + String($0, radix: 16) }.joined()
    }
}
