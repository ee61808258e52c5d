@testable import KmemQuiz
import Foundation

/// A progress file: JSON decoding, then what the quiz does with it on load (ProgressStore.load:
/// the version check, the repair of impossible cards) and after (the next due card, a review of
/// every card, saving).
let now = Date(timeIntervalSince1970: 1_796_000_000)
let scheduler = FSRSScheduler()

@_cdecl("LLVMFuzzerTestOneInput")
public func fuzz(_ data: UnsafePointer<UInt8>, _ size: Int) -> CInt {
    guard var book = try? ProgressBook.decoder().decode(ProgressBook.self, from: Data(bytes: data, count: size)),
          book.version <= ProgressBook.formatVersion else { return 0 }
    _ = book.repair(now: now)
    _ = book.nextDue()
    for (id, card) in book.cards.sorted(by: { $0.key < $1.key }).prefix(8) {
        book.review(id: id, topic: card.topic, rating: .good, at: now, scheduler: scheduler,
                    random: ProgressBook.fuzzRandom(id: id, at: now))
    }
    _ = book.encoded()
    return 0
}
