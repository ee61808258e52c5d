import Foundation

/// One result slot per job of a `DispatchQueue.concurrentPerform`, filled from several threads
/// and read back in job order, so parallel stages still give deterministic output.
// Sendable by its lock: every access to `slots` holds it, and values cross threads only
// because T is Sendable.
public final class ConcurrentSlots<T: Sendable>: @unchecked Sendable {
    private let lock = NSLock()
    private var slots: [T?]

    public init(count: Int) { slots = Array(repeating: nil, count: count) }

    public func set(_ i: Int, _ value: T) {
        lock.lock(); slots[i] = value; lock.unlock()
    }

    /// Every filled slot, in job order.
    public var values: [T] {
        lock.lock(); defer { lock.unlock() }
        return slots.compactMap { $0 }
    }

    public subscript(_ i: Int) -> T? {
        lock.lock(); defer { lock.unlock() }
        return slots[i]
    }
}
