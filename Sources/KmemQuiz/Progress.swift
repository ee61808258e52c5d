import Foundation
import KmemCore
import KmemQuestions
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

    /// The fuzz drawn when question `id` is reviewed at `date`: a SplitMix64 stream named by
    /// the id and seeded with the date's whole seconds, so a review can be replayed — and the
    /// browser quiz (templates/assets/quiz-core.js) draws the same numbers.
    public static func fuzzRandom(id: String, at date: Date) -> () -> Double {
        let seconds = date.timeIntervalSince1970
        // Clamped: a date from a damaged clock must not trap the conversion.
        var rng = SplitMix64(name: id, seed: UInt64(bitPattern: Int64(max(-9e18, min(9e18, seconds.isFinite ? seconds : 0)))))
        return { Double(rng.next() >> 11) / Double(1 << 53) }
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

    /// Cards that cannot be reviewed as they are (a state without its memory state, a negative
    /// step, a stability of 1e300 …) start again as new, due `now`; counts are clamped to
    /// 0…1e9 (so `reviews += 1` cannot overflow). Returns "id: what" for each card changed.
    mutating func repair(now: Date) -> [String] {
        var changed: [String] = []
        for id in cards.keys.sorted() {
            guard var c = cards[id] else { continue }
            var what: [String] = []
            if let why = FSRSScheduler.inconsistency(of: c.card) {
                what.append(why)
                c.card = FSRSCard(due: now)
            }
            let limit = 1_000_000_000
            if !(0...limit).contains(c.reviews) || !(0...limit).contains(c.lapses) {
                what.append("reviews \(c.reviews), lapses \(c.lapses)")
                c.reviews = min(max(c.reviews, 0), limit); c.lapses = min(max(c.lapses, 0), limit)
            }
            if !what.isEmpty {
                changed.append("\(id): \(what.joined(separator: ", "))")
                cards[id] = c
            }
        }
        return changed
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
        /// Not a regular file (a FIFO, a device such as /dev/zero, a socket): never read (a FIFO
        /// would block, /dev/zero never ends), left alone, and this session does not save.
        case notAFile(kind: FileKind)
        /// Readable, but some cards held impossible values: those start again as new. The
        /// original was moved to `aside` and the repaired progress written in its place.
        case repaired(cards: [String], aside: URL)
    }

    /// What stands where progress.json should be, when it is not a regular file.
    public enum FileKind: String, Sendable, Hashable {
        case fifo, characterDevice = "character-device", blockDevice = "block-device", socket, other
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
        var st = stat()
        guard stat(path, &st) == 0 else {
            // Missing, or a dangling symlink: writing replaces it, which is what we want.
            if errno == ENOENT || errno == ENOTDIR {
                return Loaded(book: ProgressBook(), issue: nil, canSave: true)
            }
            return moveAside(reason: "it cannot be read: \(String(cString: strerror(errno)))", now: now)
        }
        let type = st.st_mode & S_IFMT
        if type == S_IFDIR { return moveAside(reason: "it is a folder", now: now) }
        guard type == S_IFREG else {
            let kind: FileKind
            switch type {
            case S_IFIFO: kind = .fifo
            case S_IFCHR: kind = .characterDevice
            case S_IFBLK: kind = .blockDevice
            case S_IFSOCK: kind = .socket
            default: kind = .other
            }
            return Loaded(book: ProgressBook(), issue: .notAFile(kind: kind), canSave: false)
        }
        // open(2) first, for the real reason when it cannot be read (FileManager only says nil).
        let fd = open(path, O_RDONLY | O_CLOEXEC)
        guard fd >= 0 else { return moveAside(reason: "it cannot be read: \(String(cString: strerror(errno)))", now: now) }
        close(fd)
        guard let data = fm.contents(atPath: path) else {
            return moveAside(reason: "it cannot be read", now: now)
        }
        let book: ProgressBook
        do {
            book = try ProgressBook.decoder().decode(ProgressBook.self, from: data)
        } catch {
            return moveAside(reason: Self.describe(error, data: data), now: now)
        }
        if book.version > ProgressBook.formatVersion {
            return Loaded(book: ProgressBook(), issue: .leftInPlace(
                reason: "it was written by a newer kmemguide (format version \(book.version))"), canSave: false)
        }
        var repaired = book
        let changed = repaired.repair(now: now)
        if changed.isEmpty { return Loaded(book: book, issue: nil, canSave: true) }
        // Keep the original beside it, then write the repaired progress, so the warning is
        // given once and the next run starts clean.
        let aside = asideURL(now: now)
        guard rename(path, aside.path) == 0 else {
            let why = String(cString: strerror(errno))
            return Loaded(book: repaired, issue: .leftInPlace(
                reason: "it holds impossible values (\(changed[0])); moving it aside failed: \(why)"), canSave: false)
        }
        try? save(repaired)
        return Loaded(book: repaired, issue: .repaired(cards: changed, aside: aside), canSave: true)
    }

    /// Keeps a bad file: moves it aside and starts fresh; when it cannot be moved, leaves it
    /// and does not save.
    private func moveAside(reason: String, now: Date) -> Loaded {
        let aside = asideURL(now: now)
        if rename(url.path, aside.path) == 0 {
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
        if let problem = folderProblem() {
            throw Diagnostic(.cantCreate, at: SourceLocation(file: directory.path), problem,
                             hint: "choose a writable folder with --state-dir")
        }
        try SafeFiles.write(book.encoded(), to: url)
    }

    /// Why the state folder cannot take progress.json, in plain words (Foundation's own error
    /// here is "NSCocoaErrorDomain error 512"); nil when it is, or can be made, a writable folder.
    func folderProblem() -> String? {
        var path = ""
        for part in directory.standardizedFileURL.pathComponents where part != "/" {
            path += "/" + part
            var st = stat()
            if stat(path, &st) != 0 {
                if errno == ENOENT { return nil } // the rest is created on saving
                return "\(path) cannot be reached: \(String(cString: strerror(errno)))"
            }
            if st.st_mode & S_IFMT != S_IFDIR { return "\(path) is a file, not a folder" }
        }
        if access(directory.path, W_OK) != 0 {
            return "the folder \(directory.path) is not writable: \(String(cString: strerror(errno)))"
        }
        return nil
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
