import Foundation
import KmemCore

/// The seed of a session: the one given with `--seed`, or a fresh one from the system's
/// randomness so each practice run draws other questions. The quiz prints it in its header,
/// and `--seed` with that number repeats the run exactly.
public enum QuizSeed {
    /// Drawn seeds have six digits: short enough to retype.
    public static let drawnRange: ClosedRange<UInt64> = 100_000...999_999

    /// `text` as a seed (a number as is, other text hashed), or a drawn one when nil.
    public static func resolve<G: RandomNumberGenerator>(_ text: String?, using generator: inout G) -> UInt64 {
        guard let text else { return UInt64.random(in: drawnRange, using: &generator) }
        return value(text)
    }

    /// A number is used as is; any other text is hashed (FNV-1a), so `--seed week3` works too.
    public static func value(_ s: String) -> UInt64 {
        if let n = UInt64(s) { return n }
        return FNV1a.hash(s)
    }
}
