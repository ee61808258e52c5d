import Foundation
import KmemCore
#if canImport(Glibc)
import Glibc
#endif

/// What the quiz remembers about one question.
public struct ProgressCard: Sendable, Hashable, Codable {
    public var topic: String
    public var card: FSRSCard
    public var reviews: Int
    /// Answers graded wrong.
    public var lapses: Int
    public var lastRating: FSRSRating?

    public init(topic: String, card: FSRSCard, reviews: Int = 0, lapses: Int = 0, lastRating: FSRSRating? = nil) {
        self.topic = topic; self.card = card; self.reviews = reviews; self.lapses = lapses; self.lastRating = lastRating
    }
}

/// The learner's progress: one FSRS card per question id that was ever answered.
///
/// Stored as `progress.json` (format version 1):
/// `{"version": 1, "scheduler": "...", "updated": "<ISO 8601>", "cards": {"<question id>":
/// {"topic", "card": {"state", "step", "stability", "difficulty", "due", "last_review"},
/// "reviews", "lapses", "last_rating"}}}` — keys sorted, dates in UTC ISO 8601.
public struct ProgressBook: Sendable, Hashable, Codable {
    public static let formatVersion = 1
    public static let schedulerName = "FSRS-6 (fsrs 6.3.2 default parameters, desired retention 0.9)"

    public var version: Int
    public var scheduler: String
    public var updated: Date?
    public var cards: [String: ProgressCard]

    public init(cards: [String: ProgressCard] = [:], updated: Date? = nil) {
        version = Self.formatVersion; scheduler = Self.schedulerName; self.cards = cards; self.updated = updated
    }

    /// Reviews question `id` with `rating` at `date` and returns its new card.
    @discardableResult
    public mutating func review(id: String, topic: String, rating: FSRSRating, at date: Date,
                                scheduler: FSRSScheduler, random: () -> Double = { Double.random(in: 0..<1) }) -> FSRSCard {
        var entry = cards[id] ?? ProgressCard(topic: topic, card: FSRSCard(due: date))
        entry.topic = topic
        entry.card = scheduler.review(entry.card, rating: rating, at: date, random: random)
        entry.reviews += 1
        if rating == .again { entry.lapses += 1 }
        entry.lastRating = rating
        cards[id] = entry
        updated = date
        return entry.card
    }

    /// The earliest due date among `ids` (for "next review").
    public func nextDue(among ids: Set<String>? = nil) -> Date? {
        cards.filter { ids?.contains($0.key) ?? true }.map(\.value.card.due).min()
    }

    static func encoder() -> JSONEncoder {
        let e = JSONEncoder()
        e.outputFormatting = [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]
        e.keyEncodingStrategy = .convertToSnakeCase
        e.dateEncodingStrategy = .iso8601
        return e
    }

    static func decoder() -> JSONDecoder {
        let d = JSONDecoder()
        d.keyDecodingStrategy = .convertFromSnakeCase
        d.dateDecodingStrategy = .iso8601
        return d
    }

    public func encoded() -> Data {
        var data = (try? Self.encoder().encode(self)) ?? Data("{}".utf8)
        data.append(0x0A)
        return data
    }

    /// Why a decoded book cannot be trusted (nil when it can).
    func problem() -> String? {
        for (id, c) in cards.sorted(by: { $0.key < $1.key }) {
            if let s = c.card.stability, !(s.isFinite && s > 0) { return "question \(id) has stability \(s)" }
            if let d = c.card.difficulty, !(d.isFinite && d >= 1 && d <= 10) { return "question \(id) has difficulty \(d)" }
            if c.card.state != .review && c.card.step == nil { return "question \(id) has no learning step" }
            if c.reviews < 0 || c.lapses < 0 { return "question \(id) has a negative count" }
        }
        return nil
    }
}

/// Reads and writes `progress.json` in the state folder — atomically, and never over a file
/// it could not read.
public struct ProgressStore: Sendable {
    public let directory: URL
    public var url: URL { directory.appendingPathComponent("progress.json") }

    public init(directory: URL) { self.directory = directory }

    /// `$XDG_STATE_HOME/kmemguide` when XDG_STATE_HOME is set to an absolute path, else
    /// `~/.local/state/kmemguide`.
    public static func defaultDirectory(environment: [String: String] = ProcessInfo.processInfo.environment) -> URL {
        if let x = environment["XDG_STATE_HOME"], x.hasPrefix("/") {
            return URL(fileURLWithPath: x, isDirectory: true).appendingPathComponent("kmemguide", isDirectory: true)
        }
        let home = environment["HOME"].flatMap { $0.isEmpty ? nil : $0 } ?? FileManager.default.homeDirectoryForCurrentUser.path
        return URL(fileURLWithPath: home, isDirectory: true)
            .appendingPathComponent(".local/state/kmemguide", isDirectory: true)
    }

    /// What happened to an existing progress file that could not be used.
    public enum Issue: Sendable, Hashable {
        /// Unreadable or corrupt: moved to `aside`; the quiz starts fresh and saves normally.
        case movedAside(reason: String, aside: URL)
        /// Could not be used and could not be moved (or was written by a newer kmemguide): left
        /// untouched, and this session does not save.
        case leftInPlace(reason: String)
    }

    public struct Loaded: Sendable {
        public var book: ProgressBook
        public var issue: Issue?
        /// False when saving would overwrite a file we could not read.
        public var canSave: Bool
    }

    /// Loads the progress; a missing file is fresh progress.
    public func load(now: Date = Date()) -> Loaded {
        let fm = FileManager.default
        let path = url.path
        var isDir: ObjCBool = false
        guard fm.fileExists(atPath: path, isDirectory: &isDir) else {
            // A dangling symlink also lands here; writing replaces it, which is what we want.
            return Loaded(book: ProgressBook(), issue: nil, canSave: true)
        }
        let reason: String
        if isDir.boolValue {
            reason = "it is a folder"
        } else if let data = fm.contents(atPath: path) {
            do {
                let book = try ProgressBook.decoder().decode(ProgressBook.self, from: data)
                if book.version > ProgressBook.formatVersion {
                    return Loaded(book: ProgressBook(), issue: .leftInPlace(
                        reason: "it was written by a newer kmemguide (format version \(book.version))"), canSave: false)
                }
                if let p = book.problem() {
                    reason = "it holds impossible values: \(p)"
                } else {
                    return Loaded(book: book, issue: nil, canSave: true)
                }
            } catch {
                reason = Self.describe(error, data: data)
            }
        } else {
            reason = "it cannot be read: \(String(cString: strerror(errno == 0 ? EACCES : errno)))"
        }
        // Keep the bad file: move it aside and start fresh.
        let aside = asideURL(now: now)
        if rename(path, aside.path) == 0 {
            return Loaded(book: ProgressBook(), issue: .movedAside(reason: reason, aside: aside), canSave: true)
        }
        let why = String(cString: strerror(errno))
        return Loaded(book: ProgressBook(), issue: .leftInPlace(reason: "\(reason); moving it aside failed: \(why)"), canSave: false)
    }

    /// `progress.json.corrupt-20260314T101500Z` (with `-2`, `-3`… when taken).
    func asideURL(now: Date) -> URL {
        var cal = Calendar(identifier: .gregorian)
        cal.timeZone = TimeZone(identifier: "UTC")!
        let c = cal.dateComponents([.year, .month, .day, .hour, .minute, .second], from: now)
        let stamp = String(format: "%04d%02d%02dT%02d%02d%02dZ", c.year!, c.month!, c.day!, c.hour!, c.minute!, c.second!)
        let base = "progress.json.corrupt-\(stamp)"
        var candidate = directory.appendingPathComponent(base)
        var n = 2
        while FileManager.default.fileExists(atPath: candidate.path) {
            candidate = directory.appendingPathComponent("\(base)-\(n)")
            n += 1
        }
        return candidate
    }

    /// Writes the book atomically (temporary file, then rename).
    public func save(_ book: ProgressBook) throws(Diagnostic) {
        try SafeFiles.write(book.encoded(), to: url)
    }

    static func describe(_ error: Error, data: Data) -> String {
        if data.isEmpty { return "it is empty" }
        switch error {
        case DecodingError.dataCorrupted(let ctx):
            return "it is not valid JSON" + (ctx.codingPath.isEmpty ? "" : " at \(path(ctx.codingPath))")
        case DecodingError.keyNotFound(let key, let ctx):
            return "`\(path(ctx.codingPath + [key]))` is missing"
        case DecodingError.typeMismatch(_, let ctx), DecodingError.valueNotFound(_, let ctx):
            return "`\(path(ctx.codingPath))` has the wrong type"
        default:
            return "it is not a kmemguide progress file"
        }
    }

    private static func path(_ keys: [CodingKey]) -> String {
        keys.map { $0.intValue.map { "[\($0)]" } ?? $0.stringValue }.joined(separator: ".")
    }
}
