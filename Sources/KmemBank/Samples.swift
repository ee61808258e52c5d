import KmemQuestions

/// A small fixed set of questions, one or more of every kind, in the three languages, with
/// every character the formats must escape (GIFT's `~ = # { } : \`, XML's `< > &`, CDATA's
/// `]]>`, CSV's commas, quotes and line breaks). The tests' golden files are exports of it;
/// `SyntheticBank` repeats it for the benchmarks. Not used for real banks.
public enum SampleBank {
    public static let questions: [Question] = [
        Question(
            id: "sample-kmalloc-cache", topic: "kmalloc", difficulty: 1, kind: .singleChoice,
            prompt: Localized(
                en: "On a 6.1 kernel with SLUB, which cache serves `kmalloc(100, GFP_KERNEL)`?",
                zh: "在使用 SLUB 的 6.1 内核上，`kmalloc(100, GFP_KERNEL)` 由哪个缓存提供？",
                ja: "SLUB を使う 6.1 カーネルで、`kmalloc(100, GFP_KERNEL)` はどのキャッシュから割り当てられるか？"),
            choices: [
                Choice(id: "a", text: Localized(all: "`kmalloc-128`"), correct: true),
                Choice(id: "b", text: Localized(all: "`kmalloc-96`"), correct: false, misconception: "rounds-down",
                       feedback: Localized(en: "96 bytes are too few for 100: the size is rounded up, never down.",
                                           zh: "96 字节装不下 100 字节：大小只会向上取整，不会向下。",
                                           ja: "96 バイトでは 100 バイトが収まらない。サイズは切り上げられ、切り捨てられない。")),
                Choice(id: "c", text: Localized(all: "`kmalloc-100`"), correct: false, misconception: "exact-size-caches",
                       feedback: Localized(en: "There is no cache for every size: only powers of two plus 96 and 192.",
                                           zh: "并不是每个大小都有缓存：只有 2 的幂以及 96 和 192。",
                                           ja: "すべてのサイズにキャッシュがあるわけではない。2 のべき乗と 96、192 だけである。")),
                Choice(id: "d", text: Localized(all: "`kmalloc-256`"), correct: false),
            ],
            answer: .choices(["a"]),
            explanation: Localized(
                en: "kmalloc rounds the size up to the next cache: 8, 16, 32, 64, 96, 128, 192, 256, …\n\n100 > 96, so the request lands in `kmalloc-128` and `ksize()` reports 128.",
                zh: "kmalloc 把大小向上取整到下一个缓存：8、16、32、64、96、128、192、256……\n\n100 > 96，所以请求落在 `kmalloc-128`，`ksize()` 返回 128。",
                ja: "kmalloc はサイズを次のキャッシュに切り上げる：8、16、32、64、96、128、192、256、…\n\n100 > 96 なので要求は `kmalloc-128` に入り、`ksize()` は 128 を返す。"),
            sources: [QuestionSource(seed: "s001", kernelFile: "6.1:mm/slab_common.c")]),

        Question(
            id: "sample-kzalloc-zero", topic: "kzalloc", difficulty: 1, kind: .trueFalse,
            prompt: Localized(
                en: "`kzalloc(n, flags)` is `kmalloc(n, flags | __GFP_ZERO)`: the memory comes back zeroed.",
                zh: "`kzalloc(n, flags)` 就是 `kmalloc(n, flags | __GFP_ZERO)`：返回的内存已清零。",
                ja: "`kzalloc(n, flags)` は `kmalloc(n, flags | __GFP_ZERO)` であり、返るメモリはゼロで埋められている。"),
            answer: .trueFalse(true),
            explanation: Localized(
                en: "include/linux/slab.h defines kzalloc exactly so; no separate memset is needed.",
                zh: "include/linux/slab.h 正是这样定义 kzalloc 的，不需要再调用 memset。",
                ja: "include/linux/slab.h は kzalloc をまさにそう定義している。別途 memset は要らない。"),
            sources: [QuestionSource(kernelFile: "6.1:include/linux/slab.h")]),

        Question(
            id: "sample-may-sleep", topic: "gfp", difficulty: 2, kind: .multipleResponse,
            prompt: Localized(
                en: "Which calls may sleep? (Select all that apply.)",
                zh: "哪些调用可能睡眠？（多选）",
                ja: "眠る可能性がある呼び出しはどれか？（すべて選べ）"),
            choices: [
                Choice(id: "kmalloc-kernel", text: Localized(all: "`kmalloc(64, GFP_KERNEL)`"), correct: true),
                Choice(id: "vmalloc", text: Localized(all: "`vmalloc(1 << 20)`"), correct: true),
                Choice(id: "gfp-pages", text: Localized(all: "`__get_free_pages(GFP_KERNEL, 2)`"), correct: true),
                Choice(id: "atomic", text: Localized(all: "`kmalloc(64, GFP_ATOMIC)`"), correct: false, misconception: "atomic-sleeps",
                       feedback: Localized(en: "GFP_ATOMIC never sleeps: it may dip into reserves instead.",
                                           zh: "GFP_ATOMIC 从不睡眠：它可以动用保留内存。",
                                           ja: "GFP_ATOMIC は決して眠らない。代わりに予備のメモリを使うことがある。")),
            ],
            answer: .choices(["kmalloc-kernel", "vmalloc", "gfp-pages"]),
            explanation: Localized(
                en: "GFP_KERNEL includes __GFP_DIRECT_RECLAIM, so the allocator may wait for reclaim; vmalloc always allocates with GFP_KERNEL.",
                zh: "GFP_KERNEL 含 __GFP_DIRECT_RECLAIM，分配器可能等待回收；vmalloc 总是以 GFP_KERNEL 分配。",
                ja: "GFP_KERNEL は __GFP_DIRECT_RECLAIM を含むので、アロケータは回収を待つことがある。vmalloc は常に GFP_KERNEL で割り当てる。")),

        Question(
            id: "sample-atomic-flag", topic: "gfp", difficulty: 2, kind: .shortAnswer,
            prompt: Localized(
                en: "Under `spin_lock(&l)`, the code runs `if (a[i[0]]> 0) { p = kmalloc(64, ?); }`. Which flag goes at `?` — name, not value: \"GFP_…\"",
                zh: "在 `spin_lock(&l)` 之下执行 `if (a[i[0]]> 0) { p = kmalloc(64, ?); }`。`?` 处应写哪个标志？写名字而非数值：\"GFP_…\"",
                ja: "`spin_lock(&l)` の中で `if (a[i[0]]> 0) { p = kmalloc(64, ?); }` を実行する。`?` に入るフラグは？ 値ではなく名前で：\"GFP_…\""),
            answer: .text([Localized(all: "GFP_ATOMIC")]),
            explanation: Localized(
                en: "A spinlock holder must not sleep, so:\n\n```\np = kmalloc(64, GFP_ATOMIC); /* ~ = # { } : \\ */\n```\n\nGFP_KERNEL here triggers \"BUG: sleeping function called from invalid context\".",
                zh: "持有自旋锁时不能睡眠，所以：\n\n```\np = kmalloc(64, GFP_ATOMIC); /* ~ = # { } : \\ */\n```\n\n这里用 GFP_KERNEL 会触发 \"BUG: sleeping function called from invalid context\"。",
                ja: "スピンロックを持つ間は眠れないので：\n\n```\np = kmalloc(64, GFP_ATOMIC); /* ~ = # { } : \\ */\n```\n\nここで GFP_KERNEL を使うと \"BUG: sleeping function called from invalid context\" になる。")),

        Question(
            id: "sample-vmalloc-offset", topic: "layouts", difficulty: 2, kind: .numeric,
            prompt: Localized(
                en: "How many bytes is the gap (VMALLOC_OFFSET) between the end of lowmem and VMALLOC_START on x86-32?",
                zh: "在 x86-32 上，低端内存末尾与 VMALLOC_START 之间的间隔（VMALLOC_OFFSET）是多少字节？",
                ja: "x86-32 で、lowmem の終わりと VMALLOC_START の間の隙間（VMALLOC_OFFSET）は何バイトか？"),
            answer: .numeric(value: 8_388_608, tolerance: 0),
            explanation: Localized(
                en: "8 MiB = 8 × 1024 × 1024 = 8388608 bytes, a guard against stray accesses past lowmem:\n\n```\nVMALLOC_START = ((unsigned long)high_memory + VMALLOC_OFFSET) & ~(VMALLOC_OFFSET - 1)\n```",
                zh: "8 MiB = 8 × 1024 × 1024 = 8388608 字节，用来防止越过低端内存的访问：\n\n```\nVMALLOC_START = ((unsigned long)high_memory + VMALLOC_OFFSET) & ~(VMALLOC_OFFSET - 1)\n```",
                ja: "8 MiB = 8 × 1024 × 1024 = 8388608 バイト。lowmem を越えたアクセスを捕まえるための隙間：\n\n```\nVMALLOC_START = ((unsigned long)high_memory + VMALLOC_OFFSET) & ~(VMALLOC_OFFSET - 1)\n```"),
            sources: [QuestionSource(kernelFile: "6.1:arch/x86/include/asm/pgtable_32_areas.h")]),

        Question(
            id: "sample-page-offset", topic: "layouts", difficulty: 1, kind: .hexAddress,
            prompt: Localized(
                en: "With the default 3G/1G split on x86-32, at which virtual address does the kernel's direct mapping (PAGE_OFFSET) start?",
                zh: "在 x86-32 默认的 3G/1G 划分下，内核直接映射区（PAGE_OFFSET）从哪个虚拟地址开始？",
                ja: "x86-32 の既定の 3G/1G 分割で、カーネルのダイレクトマップ（PAGE_OFFSET）はどの仮想アドレスから始まるか？"),
            answer: .hex(0xC000_0000),
            explanation: Localized(
                en: "User space has the first 3 GiB (0 – 0xbfffffff); the kernel maps physical 0 at 3 GiB = 0xc0000000.",
                zh: "用户空间占前 3 GiB（0 – 0xbfffffff）；内核把物理地址 0 映射在 3 GiB = 0xc0000000。",
                ja: "ユーザー空間が先頭の 3 GiB（0 – 0xbfffffff）を持ち、カーネルは物理アドレス 0 を 3 GiB = 0xc0000000 に置く。")),

        Question(
            id: "sample-allocator-match", topic: "choosing", difficulty: 2, kind: .matching,
            prompt: Localized(
                en: "Match each allocator with what it returns.",
                zh: "将每个分配函数与其返回的内存配对。",
                ja: "各アロケータと、それが返すメモリを対応させよ。"),
            answer: .matching([
                MatchPair(left: Localized(all: "`kmalloc`"),
                          right: Localized(en: "physically contiguous bytes, from a slab cache", zh: "物理连续的字节，来自 slab 缓存", ja: "物理的に連続したバイト列（slab キャッシュから）")),
                MatchPair(left: Localized(all: "`vmalloc`"),
                          right: Localized(en: "virtually contiguous, physically scattered pages", zh: "虚拟连续、物理分散的页", ja: "仮想的に連続し、物理的には散らばったページ")),
                MatchPair(left: Localized(all: "`__get_free_pages`"),
                          right: Localized(en: "2^order whole pages, physically contiguous", zh: "2^order 个物理连续的整页", ja: "物理的に連続した 2^order 枚のページ")),
                MatchPair(left: Localized(all: "`kzalloc`"),
                          right: Localized(en: "like kmalloc, but zeroed", zh: "与 kmalloc 相同，但已清零", ja: "kmalloc と同じだがゼロ埋め済み")),
            ]),
            explanation: Localized(
                en: "kmalloc and kzalloc hand out slab objects (kzalloc adds __GFP_ZERO); __get_free_pages goes straight to the buddy allocator; vmalloc maps single pages into the vmalloc area.",
                zh: "kmalloc 和 kzalloc 分配 slab 对象（kzalloc 加上 __GFP_ZERO）；__get_free_pages 直接向伙伴分配器要页；vmalloc 把单个页映射到 vmalloc 区。",
                ja: "kmalloc と kzalloc は slab オブジェクトを返す（kzalloc は __GFP_ZERO 付き）。__get_free_pages はバディアロケータから直接ページを取り、vmalloc は 1 枚ずつのページを vmalloc 領域にマップする。")),

        Question(
            id: "sample-vmalloc-steps", topic: "vmalloc", difficulty: 3, kind: .ordering,
            prompt: Localized(
                en: "Put the steps of `vmalloc(size)` in order.",
                zh: "将 `vmalloc(size)` 的步骤按顺序排列。",
                ja: "`vmalloc(size)` の手順を順に並べよ。"),
            answer: .ordering([
                Localized(en: "reserve a free virtual range (plus a guard page) between VMALLOC_START and VMALLOC_END",
                          zh: "在 VMALLOC_START 与 VMALLOC_END 之间保留一段空闲虚拟地址（外加一个保护页）",
                          ja: "VMALLOC_START と VMALLOC_END の間に空いた仮想範囲（とガードページ）を確保する"),
                Localized(en: "allocate physical pages one at a time, possibly from highmem",
                          zh: "逐页分配物理页，可能来自高端内存",
                          ja: "物理ページを 1 枚ずつ割り当てる（highmem からのこともある）"),
                Localized(en: "map the pages into the kernel page tables", zh: "把这些页映射到内核页表", ja: "ページをカーネルのページテーブルにマップする"),
                Localized(en: "return the start of the virtual range", zh: "返回虚拟地址范围的起点", ja: "仮想範囲の先頭を返す"),
            ]),
            explanation: Localized(
                en: "__vmalloc_node_range() first finds the area, then __vmalloc_area_node() allocates the pages and maps them; the caller gets the area's address.",
                zh: "__vmalloc_node_range() 先找区域，再由 __vmalloc_area_node() 分配页并建立映射；调用者得到该区域的地址。",
                ja: "__vmalloc_node_range() がまず領域を見つけ、__vmalloc_area_node() がページを割り当ててマップする。呼び出し側は領域のアドレスを受け取る。"),
            sources: [QuestionSource(kernelFile: "6.1:mm/vmalloc.c")]),
    ]
}

/// `count` questions made from the samples (each repeated in a block, ids numbered), computed
/// on access: a collection of any length that costs no memory. For the benchmarks.
public struct SyntheticBank: RandomAccessCollection, Sendable {
    public let count: Int
    public init(count: Int) { self.count = count }
    public var startIndex: Int { 0 }
    public var endIndex: Int { count }
    public subscript(i: Int) -> Question {
        let samples = SampleBank.questions
        let block = Swift.max(1, (count + samples.count - 1) / samples.count)
        var q = samples[Swift.min(samples.count - 1, i / block)]
        q.id += "/\(i)"
        q.family = "synthetic"
        return q
    }
}
