/// "Did you mean" hints for misspelled names.
public enum Suggest {
    /// Up to `limit` candidates closest to `name` (Levenshtein distance ≤ 3, or ≤ a third of
    /// the name), nearest first.
    public static func near(_ name: String, in candidates: some Sequence<String>, limit: Int = 3) -> [String] {
        let length = name.unicodeScalars.count
        let bound = max(3, length / 3)
        // The distance is at least the difference in length: such candidates are skipped unmeasured,
        // so a megabyte-long misspelling costs one pass, not seconds per candidate (found by fuzzing).
        return candidates.filter { abs($0.unicodeScalars.count - length) <= bound }.map { ($0, distance($0, name)) }.filter { $0.1 <= bound }
            .sorted { ($0.1, $0.0) < ($1.1, $1.0) }.prefix(limit).map(\.0)
    }

    /// `did you mean `a` or `b`?`, or `fallback` when nothing is near.
    public static func hint(_ name: String, in candidates: some Sequence<String>, fallback: String) -> String {
        let n = near(name, in: candidates)
        return n.isEmpty ? fallback : "did you mean \(n.map { "`\($0)`" }.joined(separator: " or "))?"
    }

    /// Levenshtein distance, by Unicode scalar (for hints, a combining mark may count as one
    /// edit more; comparing scalars is many times faster than comparing Characters).
    public static func distance(_ a: String, _ b: String) -> Int {
        let a = Array(a.unicodeScalars), b = Array(b.unicodeScalars)
        guard !a.isEmpty else { return b.count }
        var row = Array(0...b.count)
        for i in 1...a.count {
            var prev = row[0]
            row[0] = i
            for j in stride(from: 1, through: b.count, by: 1) {
                let cur = row[j]
                row[j] = min(row[j] + 1, row[j - 1] + 1, prev + (a[i - 1] == b[j - 1] ? 0 : 1))
                prev = cur
            }
        }
        return row[b.count]
    }
}
