/// Calling contexts and what the kernel prints when an allocation breaks their rules.
///
/// The complaint is the one `__might_sleep()` / `__might_resched()` prints with
/// CONFIG_DEBUG_ATOMIC_SLEEP=y (which also selects PREEMPT_COUNT, so a held spinlock shows
/// as in_atomic() = 1). Without that option the kernel stays silent until it really sleeps.

public enum ExecContext: String, CaseIterable, Sendable, Hashable, Codable {
    /// Ordinary process context (a system call, a module's init function): may sleep.
    case process
    /// Process context with a spinlock held or preemption disabled: must not sleep.
    case atomic
    /// Softirq / tasklet / timer callback: in_interrupt() is true, must not sleep.
    case softirq
    /// Hard interrupt handler: in_interrupt() is true, interrupts are off.
    case hardirq

    /// `in_interrupt()`: hardirq or softirq (or bottom halves disabled).
    public var inInterrupt: Bool { self == .softirq || self == .hardirq }
    /// `in_atomic()`: preempt_count() != 0.
    public var inAtomic: Bool { self != .process }
    /// `irqs_disabled()`: interrupts are off in a hard interrupt handler.
    public var irqsDisabled: Bool { self == .hardirq }
    /// preempt_count(): PREEMPT_OFFSET 1 for a spinlock, SOFTIRQ_OFFSET 0x100, HARDIRQ_OFFSET 0x10000.
    public var preemptCount: Int {
        switch self {
        case .process: return 0
        case .atomic: return 1
        case .softirq: return 0x100
        case .hardirq: return 0x10000
        }
    }
}

/// The calling situations the kernel's allocation guide sorts code into
/// (Documentation/core-api/memory-allocation.rst), each an `ExecContext` plus what the code is
/// doing, with the GFP masks the guide recommends there. Whether a situation may sleep is the
/// context's (`in_atomic()`), not a separate fact; the tests allocate with every recommended
/// mask in its context and expect no "sleeping function called from invalid context".
public struct CallingSituation: Sendable, Hashable {
    /// Stable id; its words are ui.yaml `context.<id>` and `context.<id>.note`.
    public var id: String
    public var context: ExecContext
    /// Recommended masks, by name, most usual first.
    public var masks: [String]
    public var maySleep: Bool { !context.inAtomic }

    public static let all: [CallingSituation] = [
        CallingSituation(id: "process", context: .process, masks: ["GFP_KERNEL"]),
        CallingSituation(id: "process_lock", context: .atomic, masks: ["GFP_NOWAIT", "GFP_ATOMIC"]),
        CallingSituation(id: "hardirq", context: .hardirq, masks: ["GFP_ATOMIC", "GFP_NOWAIT"]),
        CallingSituation(id: "softirq", context: .softirq, masks: ["GFP_ATOMIC", "GFP_NOWAIT"]),
        // Process context, but reclaim must not recurse into the filesystem or block I/O.
        CallingSituation(id: "fs_io", context: .process, masks: ["GFP_NOFS", "GFP_NOIO"]),
        // Process context, memory a user can make the kernel allocate: charge it to the cgroup.
        CallingSituation(id: "user_triggered", context: .process, masks: ["GFP_KERNEL_ACCOUNT"]),
    ]
}

public struct KernelEvent: Hashable, Sendable {
    public enum Kind: String, Sendable, Hashable, Codable {
        /// "BUG: sleeping function called from invalid context" (a warning; execution goes on).
        case sleepInAtomic = "sleep-in-atomic"
        /// "kernel BUG at file:line!": BUG_ON fired; the call does not return normally.
        case bug
        /// A WARN / warn_alloc line; the call returns NULL or goes on.
        case warning
        /// An allocation failed (with the kernel's message when it prints one).
        case allocationFailure = "allocation-failure"
        /// A misuse the kernel does not reliably report (e.g. freeing an unknown pointer).
        case misuse
    }
    public var kind: Kind
    /// The kernel API that was called ("kmalloc", "vmalloc", "__get_free_pages", ...).
    public var function: String
    public var context: ExecContext
    /// The lines as dmesg shows them (without timestamps).
    public var lines: [String]
    public var text: String { lines.joined(separator: "\n") }
}

/// A place in the kernel source. `line` is nil where the line of that generation's source
/// could not be verified; the message then names the file only.
public struct KernelSourceLocation: Hashable, Sendable {
    public var file: String
    public var line: Int?
    public var formatted: String { line.map { "\(file):\($0)" } ?? file }
}

/// Where each generation performs the checks the simulator reports.
enum Checkpoints {
    /// The `might_sleep_if()` a blocking slab allocation passes through.
    static func slabMightSleep(_ kernel: KernelVersion, _ allocator: SlabAllocatorKind) -> KernelSourceLocation {
        switch kernel {
        // might_alloc() in include/linux/sched/mm.h: line 274 in 6.0–6.2 reports (the 6.1 era),
        // line 337 in 6.10/6.11 reports; both are the same inline function.
        case .v6_1: return KernelSourceLocation(file: "include/linux/sched/mm.h", line: 274)
        case .v6_12: return KernelSourceLocation(file: "include/linux/sched/mm.h", line: 337)
        // 3.4: slab_pre_alloc_hook() (SLUB) / cache_alloc_debugcheck_before() (SLAB).
        case .v3_4, .v2_6: return KernelSourceLocation(file: allocator == .slab || kernel == .v2_6 ? "mm/slab.c" : "mm/slub.c", line: nil)
        }
    }

    /// The `might_sleep_if()` of the page allocator.
    static func pageAllocMightSleep(_ kernel: KernelVersion) -> KernelSourceLocation {
        switch kernel {
        case .v6_1, .v6_12: return slabMightSleep(kernel, .slub)  // prepare_alloc_pages → might_alloc
        // 3.4.2 __alloc_pages_nodemask(): 51 lines above __get_free_pages (page_alloc.c:2482).
        case .v3_4: return KernelSourceLocation(file: "mm/page_alloc.c", line: 2431)
        case .v2_6: return KernelSourceLocation(file: "mm/page_alloc.c", line: nil)
        }
    }

    /// BUG_ON(in_interrupt()) in __get_vm_area_node().
    static func vmallocInInterrupt(_ kernel: KernelVersion) -> KernelSourceLocation {
        switch kernel {
        case .v3_4: return KernelSourceLocation(file: "mm/vmalloc.c", line: 1322)
        case .v6_1: return KernelSourceLocation(file: "mm/vmalloc.c", line: 2554)
        case .v6_12, .v2_6: return KernelSourceLocation(file: "mm/vmalloc.c", line: nil)
        }
    }

    /// 6.x vfree(): might_sleep_if(!in_interrupt()); 3.4 vfree(): BUG_ON(in_interrupt()).
    static func vfree(_ kernel: KernelVersion) -> KernelSourceLocation { KernelSourceLocation(file: "mm/vmalloc.c", line: nil) }

    /// The order check: 3.4 __alloc_pages_slowpath WARN_ON_ONCE (page_alloc.c:2241-2244);
    /// 6.1 __alloc_pages (5634); 6.12 (4832).
    static func orderTooLarge(_ kernel: KernelVersion) -> (KernelSourceLocation, String) {
        switch kernel {
        case .v3_4: return (KernelSourceLocation(file: "mm/page_alloc.c", line: 2242), "__alloc_pages_slowpath")
        case .v6_1: return (KernelSourceLocation(file: "mm/page_alloc.c", line: 5634), "__alloc_pages")
        case .v6_12: return (KernelSourceLocation(file: "mm/page_alloc.c", line: 4832), "__alloc_pages_noprof")
        case .v2_6: return (KernelSourceLocation(file: "mm/page_alloc.c", line: nil), "__alloc_pages")
        }
    }

    /// 6.1 __vmalloc_node_range(): `if (WARN_ON_ONCE(!size)) return NULL;` (vmalloc.c:3227).
    static func vmallocZero(_ kernel: KernelVersion) -> (KernelSourceLocation, String) {
        kernel == .v6_1
            ? (KernelSourceLocation(file: "mm/vmalloc.c", line: 3227), "__vmalloc_node_range")
            : (KernelSourceLocation(file: "mm/vmalloc.c", line: nil), "__vmalloc_node_range_noprof")
    }

    /// 3.4 __get_free_pages(): VM_BUG_ON((gfp_mask & __GFP_HIGHMEM) != 0) (page_alloc.c:2490,
    /// line 9 of the function at 2482-2497; fires with CONFIG_DEBUG_VM).
    static let getFreePagesHighmem34 = KernelSourceLocation(file: "mm/page_alloc.c", line: 2490)
}

extension Kernel {
    /// The task the simulated code runs as: the interrupted idle task in interrupt context.
    func currentTask(_ context: ExecContext) -> (pid: Int, comm: String) {
        context.inInterrupt ? (0, "swapper/0") : (task.pid, task.comm)
    }

    /// `__might_sleep()` (3.4) / `__might_resched()` (6.x) with CONFIG_DEBUG_ATOMIC_SLEEP.
    /// Records the complaint when a sleeping call happens outside plain process context.
    func mightSleep(at location: KernelSourceLocation, context: ExecContext, function: String) {
        guard context != .process else { return }
        let t = currentTask(context)
        var lines = ["BUG: sleeping function called from invalid context at \(location.formatted)"]
        if kernel >= .v6_1 {
            lines.append("in_atomic(): 1, irqs_disabled(): \(context.irqsDisabled ? 1 : 0), non_block: 0, pid: \(t.pid), name: \(t.comm)")
            lines.append("preempt_count: \(String(context.preemptCount, radix: 16)), expected: 0")
            // Printed with CONFIG_PREEMPT_RCU, which distro kernels with PREEMPT_DYNAMIC have.
            lines.append("RCU nest depth: 0, expected: 0")
        } else {
            lines.append("in_atomic(): 1, irqs_disabled(): \(context.irqsDisabled ? 1 : 0), pid: \(t.pid), name: \(t.comm)")
        }
        events.append(KernelEvent(kind: .sleepInAtomic, function: function, context: context, lines: lines))
    }

    /// BUG_ON(): "kernel BUG at file:line!".
    func bug(at location: KernelSourceLocation, context: ExecContext, function: String, extra: [String] = []) {
        events.append(KernelEvent(kind: .bug, function: function, context: context,
                                  lines: ["kernel BUG at \(location.formatted)!"] + extra))
    }

    /// WARN_ON_ONCE(): the first time only, `"WARNING: CPU: %d PID: %d at %s:%d %pS"` (6.x
    /// __warn) / `"WARNING: at %s:%d %pS()"` (3.4 warn_slowpath_common). The symbol is printed
    /// without its +offset/size, which depends on the compiled kernel.
    func warnOnce(at location: KernelSourceLocation, symbol: String, context: ExecContext, function: String) {
        guard warnedOnce.insert(location.formatted + " " + symbol).inserted else { return }
        let t = currentTask(context)
        let line = kernel >= .v6_1
            ? "WARNING: CPU: 0 PID: \(t.pid) at \(location.formatted) \(symbol)"
            : "WARNING: at \(location.formatted) \(symbol)()"
        note(.warning, function, context, [line])
    }

    func note(_ kind: KernelEvent.Kind, _ function: String, _ context: ExecContext, _ lines: [String]) {
        events.append(KernelEvent(kind: kind, function: function, context: context, lines: lines))
    }
}

extension Kernel {
    /// The allocation-failure report. 6.x warn_alloc(): `"%s: %pV, mode:%#x(%pGg),
    /// nodemask=%*pbl"` plus the cpuset part; a page-allocator failure's %pV is
    /// "page allocation failure: order:%u". 3.4 warn_alloc_failed(): the caller's message (if
    /// any) on its own line, then `"%s: page allocation failure: order:%d, mode:0x%x"`.
    func warnAlloc(_ message: String?, gfp: UInt64, order: Int, context: ExecContext) -> [String] {
        let comm = currentTask(context).comm
        if kernel >= .v6_1 {
            let what = message ?? "page allocation failure: order:\(order)"
            return ["\(comm): \(what), mode:\(hexValue(gfp))(\(GFP.describe(gfp, kernel: kernel))), nodemask=(null),cpuset=/,mems_allowed=0"]
        }
        return (message.map { [$0] } ?? []) + ["\(comm): page allocation failure: order:\(order), mode:\(hexValue(gfp))"]
    }
}
