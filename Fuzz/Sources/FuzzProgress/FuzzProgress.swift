@testable import KmemQuiz
import Foundation

/// A progress file: JSON decoding and the consistency check the quiz runs on load.
@_cdecl("LLVMFuzzerTestOneInput")
public func fuzz(_ data: UnsafePointer<UInt8>, _ size: Int) -> CInt {
    guard let book = try? ProgressBook.decoder().decode(ProgressBook.self, from: Data(bytes: data, count: size)) else { return 0 }
    if book.problem() == nil { _ = book.nextDue() }
    return 0
}
