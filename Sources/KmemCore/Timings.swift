import Foundation

/// Wall-clock stage marks for `KMEMGUIDE_TIMINGS=1`: each mark prints the time since the
/// process's first mark to standard error. Off by default; benchmarks use it to see where a
/// build spends its time.
public enum Timings {
    private static let enabled = ProcessInfo.processInfo.environment["KMEMGUIDE_TIMINGS"] != nil
    private static let start = DispatchTime.now().uptimeNanoseconds

    public static func mark(_ stage: @autoclosure () -> String) {
        guard enabled else { return }
        let origin = start  // the first mark starts the clock
        let ms = Double(DispatchTime.now().uptimeNanoseconds - origin) / 1e6
        let line = String(format: "%8.1f ms  ", ms) + stage() + "\n"
        FileHandle.standardError.write(Data(line.utf8))
    }
}
