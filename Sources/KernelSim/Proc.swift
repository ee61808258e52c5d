/// printf-style field padding for the /proc renderers, and all views of a kernel at once.
enum Proc {
    /// `%Ns`/`%Nlu`: right-aligned in at least `width` columns (never truncated).
    static func padLeft(_ s: String, _ width: Int) -> String {
        s.count >= width ? s : String(repeating: " ", count: width - s.count) + s
    }
    /// `%-Ns`: left-aligned in at least `width` columns (never truncated).
    static func padRight(_ s: String, _ width: Int) -> String {
        s.count >= width ? s : s + String(repeating: " ", count: width - s.count)
    }
}

/// The /proc files the simulator renders, as one value (for the CLI and the site).
public struct ProcViews: Hashable, Sendable {
    public var buddyinfo: String
    public var slabinfo: String
    public var vmallocinfo: String
    public var meminfoVmalloc: String
}

extension Kernel {
    public func procViews() -> ProcViews {
        ProcViews(buddyinfo: procBuddyinfo(), slabinfo: procSlabinfo(), vmallocinfo: procVmallocinfo(),
                  meminfoVmalloc: procMeminfoVmalloc())
    }
}
