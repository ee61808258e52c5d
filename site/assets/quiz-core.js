// The rules the browser quiz shares with `kmemguide quiz`, as one port of the Swift code:
//
// - Grading (Sources/KmemQuestions/Grading.swift, rules in docs/grading.md): typed answers are
//   read with the same normalisation (NFKC, White_Space trimmed and collapsed, lower case,
//   trailing `.` `。` `!` `?` dropped, one pair of surrounding backticks and a trailing `()`
//   dropped; numbers and hex as ResponseParser reads them) and compared with answers the Swift
//   side has already normalised and embedded in the page (`#quiz-grading`), so the accepted
//   spellings are decided in one place. Scores follow `grade()`: multiple response = right
//   picks minus wrong picks over the right ones, matching and ordering = share in place.
// - Scheduling (Sources/KmemQuiz/FSRS.swift): FSRS-6 with fsrs 6.3.2's default parameters,
//   fuzz drawn from the same SplitMix64 stream as the terminal quiz, so the same answers at the
//   same times give the same due dates.
// - Progress (Sources/KmemQuiz/Progress.swift): the terminal quiz's progress.json, format 1,
//   read and written as is, so a file moves between the browser and `kmemguide quiz`.
//
// Tests: BrowserGradingTests (every question of the built bank × sample answers against Swift's
// `grade()`), BrowserFSRSTests (review sequences against the Swift scheduler) and
// BrowserProgressTests (files exchanged with the CLI) run this file in headless Chromium.
(function (root) {
  "use strict";

  // ---------------------------------------------------------------- normalisation

  var SPACE = /^\p{White_Space}$/u;
  var isSpace = function (c) { return SPACE.test(c); };

  // NFKC, then full-width ASCII and the ideographic space to half-width (ResponseParser.halfWidth).
  function halfWidth(t) {
    var out = "";
    for (var ch of t.normalize("NFKC")) {
      var u = ch.codePointAt(0);
      out += u >= 0xFF01 && u <= 0xFF5E ? String.fromCodePoint(u - 0xFEE0) : u === 0x3000 ? " " : ch;
    }
    return out;
  }

  // White_Space off both ends, by code point.
  function trimSpace(t) {
    var a = Array.from(t), i = 0, j = a.length;
    while (i < j && isSpace(a[i])) i++;
    while (j > i && isSpace(a[j - 1])) j--;
    return a.slice(i, j).join("");
  }

  // Lower case code point by code point (no context rules such as the final sigma, as Swift).
  function lower(t) {
    var out = "";
    for (var ch of t) out += ch.toLowerCase();
    return out;
  }

  // ResponseParser.normalize: the key a short answer is compared by.
  function normalize(t) {
    var s = lower(trimSpace(halfWidth(t)));
    var words = [], word = "";
    for (var ch of s) {
      if (isSpace(ch)) { if (word) { words.push(word); word = ""; } } else word += ch;
    }
    if (word) words.push(word);
    var a = Array.from(words.join(" "));
    while (a.length && ".。!！?？".indexOf(a[a.length - 1]) >= 0) a.pop();
    if (a.length >= 2 && a[0] === "`" && a[a.length - 1] === "`") a = a.slice(1, -1);
    if (a.length >= 2 && a[a.length - 2] === "(" && a[a.length - 1] === ")") a = a.slice(0, -2);
    return a.join("");
  }

  var DECIMAL = /^[+-]?(?:[0-9]+(?:\.[0-9]*)?|\.[0-9]+)(?:[eE][+-]?[0-9]+)?$/;

  // ResponseParser.hexValue: the digits, lower case, without leading zeros ("0" for zero);
  // null when it is not a hexadecimal number of at most 64 bits.
  function hexDigits(t) {
    var s = lower(trimSpace(halfWidth(t)));
    if (s.slice(0, 2) === "0x") s = s.slice(2);
    s = s.replace(/[_ ']/g, "");
    if (!/^[0-9a-f]{1,16}$/.test(s)) return null;
    return s.replace(/^0+(?=.)/, "");
  }

  // ResponseParser.number: a decimal number (separators `_` `,` and spaces ignored) or a `0x`
  // number; null when it is neither or not finite.
  function number(t) {
    var s = Array.from(halfWidth(t)).filter(function (c) { return " _,\u2009\u202F".indexOf(c) < 0; }).join("");
    if (!s) return null;
    if (lower(s).slice(0, 2) === "0x") {
      var h = hexDigits(s);
      return h === null ? null : Number(BigInt("0x" + h));
    }
    if (!DECIMAL.test(s)) return null;
    var d = Number(s);
    return isFinite(d) ? d : null;
  }

  // ResponseParser.parse for the typed kinds: the response, or why the input is not an answer
  // (the quiz then asks again; nothing is graded). `reject` is a ui.yaml key.
  function parseTyped(kind, raw) {
    var t = trimSpace(String(raw).normalize("NFKC"));
    if (!t) return { reject: "quiz.web.type_answer" };
    if (kind === "numeric") return number(t) === null ? { reject: "quiz.web.type_number" } : { type: "number", text: t };
    if (kind === "hex") return hexDigits(t) === null ? { reject: "quiz.web.type_hex" } : { type: "hex", text: t };
    return { type: "text", text: t };
  }

  // ---------------------------------------------------------------- grading

  function verdict(correct, score, known) {
    return { correct: correct, score: score, misconception: (known && known.misconception) || null, feedback: (known && known.feedback) || null, problem: null };
  }
  function wrong(problem) { return { correct: false, score: 0, misconception: null, feedback: null, problem: problem }; }

  // grade(): `spec` is one question's entry of #quiz-grading, `r` a response:
  // {type: "choices", ids: [..]} | {type: "truefalse", value} | {type: "number"|"hex"|"text", text}
  // | {type: "pairs", picks: [index|null]} | {type: "order", order: [index]}.
  function grade(spec, r) {
    var a = spec.answer;
    if (a.type === "choices" && r.type === "choices") {
      var known = spec.choices.map(function (c) { return c.id; });
      var picked = r.ids.filter(function (id, k) { return r.ids.indexOf(id) === k; });
      var unknown = picked.filter(function (id) { return known.indexOf(id) < 0; });
      if (unknown.length) return wrong("no such choice");
      if (spec.kind === "single" && picked.length !== 1) return wrong("choose exactly one option");
      var isRight = function (id) { return a.correct.indexOf(id) >= 0; };
      var hits = picked.filter(isRight).length, misses = picked.length - hits;
      var all = hits === a.correct.length && misses === 0;
      var score = spec.kind === "multiple"
        ? (a.correct.length === 0 ? (picked.length === 0 ? 1 : 0) : Math.max(0, (hits - misses) / a.correct.length))
        : (all ? 1 : 0);
      var wrongPick = spec.choices.filter(function (c) { return picked.indexOf(c.id) >= 0 && !isRight(c.id); })[0];
      var rightFb = all ? spec.choices.filter(function (c) { return picked.indexOf(c.id) >= 0 && c.feedback; })[0] : null;
      var g = verdict(all, score, wrongPick);
      if (!wrongPick && rightFb) g.feedback = rightFb.feedback;
      return g;
    }
    if (a.type === "truefalse" && r.type === "truefalse") return verdict(a.value === r.value, a.value === r.value ? 1 : 0);
    if (a.type === "numeric" && r.type === "number") {
      var n = number(r.text);
      if (n === null) return wrong("not a number");
      if (Math.abs(n - a.value) <= a.tolerance + 1e-9 * Math.max(1, Math.abs(a.value))) return verdict(true, 1);
      return verdict(false, 0, a.wrong.filter(function (w) { return Math.abs(w.value - n) <= 1e-9 * Math.max(1, Math.abs(n)); })[0]);
    }
    if (a.type === "hex" && r.type === "hex") {
      var h = hexDigits(r.text);
      if (h === null) return wrong("not a hexadecimal number");
      if (h === a.value) return verdict(true, 1);
      return verdict(false, 0, a.wrong.filter(function (w) { return w.value === h; })[0]);
    }
    if (a.type === "text" && r.type === "text") {
      var said = normalize(r.text);
      if (!said) return wrong("the answer is empty");
      if (a.accepted.indexOf(said) >= 0) return verdict(true, 1);
      return verdict(false, 0, a.wrong.filter(function (w) { return w.keys.indexOf(said) >= 0; })[0]);
    }
    if (a.type === "matching" && r.type === "pairs") {
      if (r.picks.length !== a.count) return wrong("expected " + a.count + " pairs");
      if (r.picks.some(function (p) { return p !== null && (p < 0 || p >= a.count); })) return wrong("a pair refers to an item that does not exist");
      var right = r.picks.filter(function (p, k) { return p === k; }).length;
      return verdict(right === a.count, right / a.count);
    }
    if (a.type === "ordering" && r.type === "order") {
      var seen = {};
      var perm = r.order.length === a.count && r.order.every(function (x) { var ok = x >= 0 && x < a.count && !seen[x]; seen[x] = true; return ok; });
      if (!perm) return wrong("put each of the " + a.count + " items in the order exactly once");
      var inPlace = r.order.filter(function (x, k) { return x === k; }).length;
      return verdict(inPlace === a.count, inPlace / a.count);
    }
    return wrong("a " + r.type + " response does not fit a " + spec.kind + " question");
  }

  // ---------------------------------------------------------------- FSRS-6 (FSRS.swift)

  var W = [0.212, 1.2931, 2.3065, 8.2956, 6.4133, 0.8334, 3.0194, 0.001, 1.8722, 0.1666, 0.796,
    1.4835, 0.0614, 0.2629, 1.6483, 0.6014, 1.8729, 0.5425, 0.0912, 0.0658, 0.1542];
  var E = 2.718281828459045;
  var STABILITY_MIN = 0.001, STABILITY_MAX = 1000000, MIN_D = 1, MAX_D = 10;
  var LEARNING = [60, 600], RELEARNING = [600], MAX_IVL = 36500, RETENTION = 0.9;
  var FUZZ = [[2.5, 7.0, 0.15], [7.0, 20.0, 0.1], [20.0, Infinity, 0.05]];
  var DECAY = -W[20], FACTOR = Math.pow(0.9, 1 / DECAY) - 1;
  var LEARN_AHEAD = 20 * 60;

  // Python's round(): half to even.
  function roundEven(x) {
    var r = Math.round(x);
    return Math.abs(x % 1) === 0.5 && r % 2 !== 0 ? r - 1 : r;
  }
  var days = function (from, to) { return Math.floor((to - from) / 86400); };
  var clampD = function (d) { return Math.min(Math.max(d, MIN_D), MAX_D); };
  var clampS = function (s) { return Math.max(s, STABILITY_MIN); };
  var initialStability = function (g) { return clampS(W[g - 1]); };
  var initialDifficulty = function (g, clamp) { var d = W[4] - Math.pow(E, W[5] * (g - 1)) + 1; return clamp ? clampD(d) : d; };
  function nextInterval(s) {
    var ivl = (s / FACTOR) * (Math.pow(RETENTION, 1 / DECAY) - 1);
    if (!isFinite(ivl)) return ivl > 0 ? MAX_IVL : 1;
    return Math.min(Math.max(roundEven(ivl), 1), MAX_IVL);
  }
  function retrievability(card, at) {
    if (card.lastReview == null || card.stability == null) return 0;
    var elapsed = Math.max(0, days(card.lastReview, at));
    return Math.pow(1 + FACTOR * elapsed / card.stability, DECAY);
  }
  function shortTermStability(s, g) {
    var inc = Math.pow(E, W[17] * (g - 3 + W[18])) * Math.pow(s, -W[19]);
    if (g !== 1) inc = Math.max(inc, 1.0);
    return clampS(s * inc);
  }
  function nextDifficulty(d, g) {
    var arg1 = initialDifficulty(4, false);
    var delta = -(W[6] * (g - 3));
    var arg2 = d + (10.0 - d) * delta / 9.0;
    return clampD(W[7] * arg1 + (1 - W[7]) * arg2);
  }
  function nextStability(d, s, r, g) {
    var next;
    if (g === 1) {
      var longTerm = W[11] * Math.pow(d, -W[12]) * (Math.pow(s + 1, W[13]) - 1) * Math.pow(E, (1 - r) * W[14]);
      var shortTerm = s / Math.pow(E, W[17] * W[18]);
      next = Math.min(longTerm, shortTerm);
    } else {
      var hardPenalty = g === 2 ? W[15] : 1, easyBonus = g === 4 ? W[16] : 1;
      next = s * (1 + Math.pow(E, W[8]) * (11 - d) * Math.pow(s, -W[9]) * (Math.pow(E, (1 - r) * W[10]) - 1) * hardPenalty * easyBonus);
    }
    return clampS(next);
  }
  var pythonTimedelta = function (sec) { return roundEven(sec * 1000000) / 1000000; };

  // FSRSScheduler.inconsistency: why a card cannot be reviewed as it is (null when it can).
  function inconsistency(c) {
    var num = function (x) { return typeof x === "number" && isFinite(x); };
    if (c.stability != null && !(num(c.stability) && c.stability >= STABILITY_MIN && c.stability <= STABILITY_MAX)) return "stability " + c.stability;
    if (c.difficulty != null && !(num(c.difficulty) && c.difficulty >= MIN_D && c.difficulty <= MAX_D)) return "difficulty " + c.difficulty;
    if (c.step != null && !(Number.isInteger(c.step) && c.step >= 0 && c.step <= 1000)) return "step " + c.step;
    if (c.state !== 1 && (c.stability == null || c.difficulty == null)) return "state " + c.state + " without " + (c.stability == null ? "stability" : "difficulty");
    if (c.state === 3 && c.step == null) return "state 3 without a step";
    return null;
  }
  var newCard = function (due) { return { state: 1, step: 0, stability: null, difficulty: null, due: due, lastReview: null }; };

  // FSRSScheduler.review. Times are seconds since 1970; `random` gives [0, 1) for the fuzz.
  function review(card0, g, at, random) {
    var card = inconsistency(card0) === null ? Object.assign({}, card0) : newCard(card0.due);
    var daysSince = card.lastReview == null ? null : days(card.lastReview, at);
    var next;
    function updateMemory() {
      if (card.stability == null || card.difficulty == null) {
        card.stability = initialStability(g);
        card.difficulty = initialDifficulty(g, true);
        return;
      }
      if (daysSince !== null && daysSince < 1) {
        card.stability = shortTermStability(card.stability, g);
      } else {
        card.stability = nextStability(card.difficulty, card.stability, retrievability(card, at), g);
      }
      card.difficulty = nextDifficulty(card.difficulty, g);
    }
    function toReview() {
      card.state = 2;
      card.step = null;
      return nextInterval(card.stability == null ? initialStability(g) : card.stability) * 86400;
    }
    function stepped(steps) {
      var step = Math.max(0, card.step == null ? 0 : card.step);
      if (!steps.length || (step >= steps.length && g !== 1)) return toReview();
      if (g === 1) { card.step = 0; return steps[0]; }
      if (g === 2) {
        if (step === 0 && steps.length === 1) return pythonTimedelta(steps[0] * 1.5);
        if (step === 0 && steps.length >= 2) return pythonTimedelta((steps[0] + steps[1]) / 2.0);
        return steps[Math.min(step, steps.length - 1)];
      }
      if (g === 3) {
        if (step + 1 === steps.length) return toReview();
        card.step = step + 1;
        return steps[step + 1];
      }
      return toReview();
    }
    if (card.state === 1) {
      updateMemory();
      next = stepped(LEARNING);
    } else if (card.state === 2) {
      var s = card.stability == null ? initialStability(g) : card.stability;
      var d0 = card.difficulty == null ? initialDifficulty(g, true) : card.difficulty;
      var st = daysSince !== null && daysSince < 1 ? shortTermStability(s, g) : nextStability(d0, s, retrievability(card, at), g);
      card.stability = st;
      card.difficulty = nextDifficulty(d0, g);
      if (g === 1 && RELEARNING.length) {
        card.state = 3;
        card.step = 0;
        next = RELEARNING[0];
      } else {
        next = nextInterval(st) * 86400;
      }
    } else {
      updateMemory();
      next = stepped(RELEARNING);
    }
    if (card.state === 2) next = fuzzed(next, random);
    card.due = at + next;
    card.lastReview = at;
    return card;
  }

  function fuzzed(seconds, random) {
    var d = Math.floor(seconds / 86400);
    if (d < 2.5) return seconds;
    var delta = 1.0;
    FUZZ.forEach(function (r) { delta += r[2] * Math.max(Math.min(d, r[1]) - r[0], 0.0); });
    var minIvl = roundEven(d - delta), maxIvl = roundEven(d + delta);
    minIvl = Math.max(2, minIvl);
    maxIvl = Math.min(maxIvl, MAX_IVL);
    minIvl = Math.min(minIvl, maxIvl);
    var f = random() * (maxIvl - minIvl + 1) + minIvl;
    return Math.min(roundEven(f), MAX_IVL) * 86400;
  }

  // SplitMix64(name:seed:) of KmemQuestions/Random.swift, 64-bit arithmetic in BigInt.
  var M64 = (1n << 64n) - 1n;
  function fnv1a(s) {
    var h = 0xcbf29ce484222325n;
    new TextEncoder().encode(s).forEach(function (b) { h = ((h ^ BigInt(b)) * 0x100000001b3n) & M64; });
    return h;
  }
  function splitmix(seed) {
    var state = seed & M64;
    return function () {
      state = (state + 0x9E3779B97F4A7C15n) & M64;
      var z = state;
      z = ((z ^ (z >> 30n)) * 0xBF58476D1CE4E5B9n) & M64;
      z = ((z ^ (z >> 27n)) * 0x94D049BB133111EBn) & M64;
      return z ^ (z >> 31n);
    };
  }
  function namedStream(name, seed) {
    var s = BigInt.asUintN(64, seed);
    var mixer = splitmix(fnv1a(name) ^ s);
    return splitmix(mixer() ^ s);
  }
  // The fuzz of the terminal quiz's review of `id` at `at` (QuizRunner.commit).
  function fuzzRandom(id, at) {
    var next = namedStream(id, BigInt(Math.trunc(at)));
    return function () { return Number(next() >> 11n) / 9007199254740992; };
  }

  // ---------------------------------------------------------------- progress (Progress.swift)

  var FORMAT = 1, SCHEDULER = "FSRS-6 (fsrs 6.3.2 default parameters, desired retention 0.9)";

  function emptyBook() { return { version: FORMAT, scheduler: SCHEDULER, updated: null, cards: {} }; }

  // ProgressBook.review: rating 1 again … 4 easy, `at` in seconds since 1970.
  function reviewBook(book, id, topic, rating, at) {
    var e = book.cards[id] || { topic: topic, card: newCard(at), reviews: 0, lapses: 0, lastRating: null };
    e.topic = topic;
    e.card = review(e.card, rating, at, fuzzRandom(id, at));
    e.reviews += 1;
    if (rating === 1) e.lapses += 1;
    e.lastRating = rating;
    book.cards[id] = e;
    book.updated = at;
    return e.card;
  }

  // Dates as Swift's JSONEncoder writes them (.iso8601: UTC, whole seconds).
  function isoDate(sec) { return new Date(Math.floor(sec) * 1000).toISOString().replace(/\.\d{3}Z$/, "Z"); }
  // Why a file is not a progress file: a ui.yaml key (quiz.web.reason.*) and its values, so
  // the page says it in its language; `message` is the English for anything else.
  function Unreadable(key, vars, english) { this.key = "quiz.web.reason." + key; this.vars = vars || {}; this.message = english; }
  var missing = function (f) { return new Unreadable("missing", { field: f }, "`" + f + "` is missing"); };
  var mistyped = function (f) { return new Unreadable("type", { field: f }, "`" + f + "` has the wrong type"); };

  function parseDate(s, where) {
    var m = typeof s === "string" && /^(\d{4})-(\d{2})-(\d{2})T(\d{2}):(\d{2}):(\d{2})(?:\.\d+)?(Z|[+-]\d{2}:?\d{2})$/.exec(s);
    var t = m ? Date.parse(s) : NaN;
    if (isNaN(t)) throw new Unreadable("date", { field: where }, "`" + where + "` is not a date");
    return Math.floor(t / 1000);
  }

  // The progress file's JSON text: keys sorted, snake_case, absent values left out (as Swift's
  // encoder with .sortedKeys and .convertToSnakeCase writes it).
  function encodeBook(book) {
    var cards = {};
    Object.keys(book.cards).sort().forEach(function (id) {
      var e = book.cards[id], c = e.card, card = {};
      if (c.difficulty != null) card.difficulty = c.difficulty;
      card.due = isoDate(c.due);
      if (c.lastReview != null) card.last_review = isoDate(c.lastReview);
      if (c.stability != null) card.stability = c.stability;
      card.state = c.state;
      if (c.step != null) card.step = c.step;
      var out = { card: card, lapses: e.lapses };
      if (e.lastRating != null) out.last_rating = e.lastRating;
      out.reviews = e.reviews;
      out.topic = e.topic;
      cards[id] = out;
    });
    var doc = { cards: cards, scheduler: book.scheduler || SCHEDULER };
    if (book.updated != null) doc.updated = isoDate(book.updated);
    doc.version = FORMAT;
    return JSON.stringify(doc, null, 2) + "\n";
  }

  // Reads a progress file (text) as ProgressStore.load does: a file that is not one throws an
  // Unreadable with the reason; impossible cards start again as new (ProgressBook.repair).
  function decodeBook(text, now) {
    var doc;
    try { doc = JSON.parse(text); } catch (e) { throw new Unreadable("json", {}, "it is not valid JSON"); }
    var isObj = function (x) { return x !== null && typeof x === "object" && !Array.isArray(x); };
    var isInt = function (x) { return typeof x === "number" && Number.isInteger(x); };
    if (!isObj(doc)) throw new Unreadable("not_progress", {}, "it is not a kmemguide progress file");
    if (!isInt(doc.version)) throw missing("version");
    if (doc.version > FORMAT) throw new Unreadable("newer", { version: doc.version }, "it was written by a newer kmemguide (format version " + doc.version + ")");
    if (typeof doc.scheduler !== "string") throw missing("scheduler");
    if (!isObj(doc.cards)) throw missing("cards");
    var book = emptyBook();
    book.scheduler = doc.scheduler;
    if (doc.updated != null) book.updated = parseDate(doc.updated, "updated");
    var repaired = [];
    Object.keys(doc.cards).forEach(function (id) {
      var e = doc.cards[id], where = "cards." + id;
      if (!isObj(e)) throw mistyped(where);
      if (!isObj(e.card)) throw missing(where + ".card");
      if (typeof e.topic !== "string") throw missing(where + ".topic");
      if (!isInt(e.reviews)) throw mistyped(where + ".reviews");
      if (!isInt(e.lapses)) throw mistyped(where + ".lapses");
      var c = e.card;
      if ([1, 2, 3].indexOf(c.state) < 0) throw mistyped(where + ".card.state");
      ["stability", "difficulty"].forEach(function (k) { if (c[k] != null && typeof c[k] !== "number") throw mistyped(where + ".card." + k); });
      if (c.step != null && !isInt(c.step)) throw mistyped(where + ".card.step");
      if (e.last_rating != null && [1, 2, 3, 4].indexOf(e.last_rating) < 0) throw mistyped(where + ".last_rating");
      var card = {
        state: c.state, step: c.step == null ? null : c.step, stability: c.stability == null ? null : c.stability,
        difficulty: c.difficulty == null ? null : c.difficulty, due: parseDate(c.due, where + ".card.due"),
        lastReview: c.last_review == null ? null : parseDate(c.last_review, where + ".card.last_review"),
      };
      var why = inconsistency(card);
      if (why) { repaired.push(id + ": " + why); card = newCard(now); }
      var limit = 1000000000, clamp = function (x) { return Math.min(Math.max(x, 0), limit); };
      book.cards[id] = { topic: e.topic, card: card, reviews: clamp(e.reviews), lapses: clamp(e.lapses), lastRating: e.last_rating == null ? null : e.last_rating };
    });
    return { book: book, repaired: repaired };
  }

  // Import: a card from the file replaces this browser's when it was reviewed later (or is
  // not here); returns how many cards changed.
  function mergeBooks(into, from) {
    var changed = 0;
    Object.keys(from.cards).forEach(function (id) {
      var mine = into.cards[id], theirs = from.cards[id];
      var later = function (e) { return e.card.lastReview == null ? -Infinity : e.card.lastReview; };
      if (!mine || later(theirs) > later(mine)) { into.cards[id] = theirs; changed++; }
    });
    if (from.updated != null && (into.updated == null || from.updated > into.updated)) into.updated = from.updated;
    return changed;
  }

  // QuizPlanner.review: due by now + 20 minutes, most overdue first (then by id).
  function dueIds(book, ids, now) {
    return ids.filter(function (id) { return book.cards[id] && book.cards[id].card.due <= now + LEARN_AHEAD; })
      .sort(function (a, b) { return book.cards[a].card.due - book.cards[b].card.due || (a < b ? -1 : a > b ? 1 : 0); });
  }

  root.KmemQuiz = {
    normalize: normalize, number: number, hexDigits: hexDigits, parseTyped: parseTyped, grade: grade,
    fsrs: { review: review, fuzzRandom: fuzzRandom, nextInterval: nextInterval, inconsistency: inconsistency, newCard: newCard },
    progress: { empty: emptyBook, review: reviewBook, encode: encodeBook, decode: decodeBook, merge: mergeBooks, dueIds: dueIds, isoDate: isoDate },
  };
})(typeof window !== "undefined" ? window : this);
