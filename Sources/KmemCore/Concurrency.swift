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

/// One value per key, computed once: threads asking for the same key wait for the one
/// computation; different keys compute in parallel.
// Sendable by its locks: `slots` is only touched under `lock`, and each slot's value only
// under that slot's own lock; values cross threads only because Value is Sendable.
public final class OnceCache<Key: Hashable & Sendable, Value: Sendable>: @unchecked Sendable {
    private final class Slot: @unchecked Sendable {  // `value` guarded by `lock`
        let lock = NSLock()
        var value: Value?
        var computed = false
    }
    private let lock = NSLock()
    private var slots: [Key: Slot] = [:]

    public init() {}

    public func value(for key: Key, _ make: () -> Value) -> Value {
        let slot: Slot = {
            lock.lock(); defer { lock.unlock() }
            if let s = slots[key] { return s }
            let s = Slot()
            slots[key] = s
            return s
        }()
        slot.lock.lock(); defer { slot.lock.unlock() }
        // `computed`, not `value != nil`: a run's result may itself be nil (a failed vmalloc).
        if slot.computed, let v = slot.value { return v }
        let v = make()
        slot.value = v
        slot.computed = true
        return v
    }
}
