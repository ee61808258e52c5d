import Foundation
import Testing

/// `../shared` beside the repository: the seed articles and the IMS QTI validator. A clone on
/// its own does not have it; the tests that need it are then skipped, by name and with this
/// reason. CI sets KMEMGUIDE_REQUIRE_SHARED=1 so that a missing `../shared` fails instead.
public enum Shared {
    public static let repository = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
    public static let folder = repository.deletingLastPathComponent().appendingPathComponent("shared", isDirectory: true)
    public static let seeds = folder.appendingPathComponent("seeds", isDirectory: true)

    public static var isPresent: Bool { FileManager.default.fileExists(atPath: seeds.path) }
    public static var isRequired: Bool { ProcessInfo.processInfo.environment["KMEMGUIDE_REQUIRE_SHARED"] == "1" }
    /// Run the test when `../shared` is there, or when it must be (and then fail without it).
    public static var shouldRun: Bool { isPresent || isRequired }
    public static let skipReason: Comment = "skipped: ../shared (seed articles, IMS QTI validator) is not beside the repository; set KMEMGUIDE_REQUIRE_SHARED=1 to make this a failure"
}
