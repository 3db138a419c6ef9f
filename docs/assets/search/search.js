/*
 * baocao search: Vietnamese as people type it, online and from file://.
 *
 * The index (built by converters/site/search_index.py, format in its docstring)
 * is a set of small scripts under assets/search/index/, loaded on demand
 * with <script> elements: fetch(), XHR and web workers are all blocked from
 * file:// in Chromium, classic scripts are not. Nothing is loaded before the
 * reader focuses the search box, so opening a page costs nothing.
 *
 * fold() mirrors converters.slugs.fold exactly: đ/Đ/Ð -> d, NFKD, drop the
 * code points Python's unicodedata.combining() marks (the list comes with
 * the index, from the Python that built it), lower case. Tested against the
 * Python in tests/browser/test_search_browser.py.
 */
(function () {
  "use strict";

  var MAX_RESULTS = 20;   // pages shown (each "Xem thêm" shows as many more)
  var MAX_EXPANSIONS = 60; // terms a typed prefix expands to (most frequent first)
  var SNIPPET = 220;       // characters of snippet around the matches
  var MAX_SPANS = 300;     // matches considered for the snippet (long list pages)
  var MAX_TEXT = 30000;    // characters of a section read for the snippet
  var NON_REPORT = 0.7;    // score factor of pages that are not reports
  var SLICE_MS = 8;        // main-thread work between two yields to the page
  var SEC = 65536;         // a section's key: page id * SEC + section in page
  var FORMAT = 3;          // index format read here (manifest "v", search_index.FORMAT_VERSION)

  // ------------------------------------------------------------------ data
  var store = { manifest: null, shards: {}, tails: {}, pages: {}, chunks: {} };
  var marks = /[\u0300-\u036f]/g; // replaced by the index's exact list

  window.__bcSearch = {
    manifest: function (m) {
      store.manifest = m;
      if (m.marks) marks = new RegExp("[" + m.marks + "]", "gu");
    },
    shard: function (k, terms) { store.shards[k] = terms; },
    tail: function (k, terms) { store.tails[k] = terms; },
    pages: function (g, rows) { store.pages[g] = rows; },
    chunk: function (n, sections) { store.chunks[n] = sections; },
    fold: fold,
    tokenize: tokenize,
    search: function (q, opts) { return search(q, null, opts); },
    store: store
  };

  var indexUrl = "";
  var pending = {};
  function load(rel, ready) {
    if (ready()) return Promise.resolve();
    if (pending[rel]) return pending[rel];
    pending[rel] = new Promise(function (resolve, reject) {
      var s = document.createElement("script");
      s.src = indexUrl + rel;
      s.async = true;
      s.onload = function () { s.remove(); ready() ? resolve() : reject(new Error(rel)); };
      s.onerror = function () { s.remove(); delete pending[rel]; reject(new Error("không tải được " + rel)); };
      document.head.appendChild(s);
    });
    return pending[rel];
  }
  function loadManifest() { return load("manifest.js", function () { return !!store.manifest; }); }
  function loadShard(k) { return load("t/" + k + ".js", function () { return !!store.shards[k]; }); }
  function loadTail(k) { return load("u/" + k + ".js", function () { return store.tails[k] !== undefined; }); }
  function groupOf(pid) { return Math.floor(pid / store.manifest.group); }
  function loadPages(g) { return load("p/" + g + ".js", function () { return !!store.pages[g]; }); }
  function row(pid) { return store.pages[groupOf(pid)][pid % store.manifest.group]; }
  // Chunk of page pid holding its section i (row [7] = first section of each chunk).
  function chunkOf(pid, i) {
    var starts = row(pid)[7] || [0], j = 0;
    while (j + 1 < starts.length && starts[j + 1] <= i) j++;
    return pid + "-" + j;
  }
  function loadChunk(key) { return load("c/" + key + ".js", function () { return !!store.chunks[key]; }); }

  // ------------------------------------------------------ yielding to the page
  // Long work is cut into slices of SLICE_MS; between two, the page paints and
  // handles keys (a MessageChannel message: setTimeout's 4 ms clamp would add up).
  var channel = typeof MessageChannel === "function" ? new MessageChannel() : null, waiting = [];
  if (channel) channel.port1.onmessage = function () { var r = waiting.shift(); if (r) r(); };
  function yieldToPage() {
    return new Promise(function (r) {
      if (channel) { waiting.push(r); channel.port2.postMessage(0); } else setTimeout(r, 0);
    });
  }
  function slicer(stale) {
    var t = performance.now();
    // await tick() in loops: yields once SLICE_MS are spent; throws STALE for a replaced query.
    return async function tick() {
      if (performance.now() - t < SLICE_MS) return;
      await yieldToPage();
      if (stale()) throw STALE;
      t = performance.now();
    };
  }

  // --------------------------------------------------------------- folding
  function fold(text) {
    return text.replace(/[đĐÐ]/g, "d").normalize("NFKD").replace(marks, "").toLowerCase();
  }
  var TOKEN = /[\p{L}\p{N}]+/gu;
  function tokenize(text) { return fold(text).match(TOKEN) || []; }

  // Fold character by character, remembering where each folded character
  // came from, so matches found in folded text are highlighted in the
  // original spelling.
  var foldCache = new Map();
  function foldChar(ch) {
    var f = foldCache.get(ch);
    if (f === undefined) { f = fold(ch); foldCache.set(ch, f); }
    return f;
  }
  function foldMap(text) {
    var out = "", from = [];
    for (var i = 0; i < text.length; ) {
      var cp = text.codePointAt(i), ch = cp > 0xffff ? String.fromCodePoint(cp) : text[i], f = foldChar(ch);
      for (var j = 0; j < f.length; j++) from.push(i);
      out += f;
      i += ch.length;
    }
    from.push(text.length);
    return { text: out, from: from };
  }

  // -------------------------------------------------------------- postings
  // A postings string (format in search_index.py): "w:ref,ref;w:ref", best weight
  // first, ref = page id delta (base 36) and ".section" when not 0. Decoded into
  // parallel arrays of section keys and weights, in slices.
  async function decode(p, tick) {
    var keys = [], weights = [];
    if (!p) return { keys: keys, weights: weights };
    var groups = p.split(";");
    for (var g = 0; g < groups.length; g++) {
      var grp = groups[g], c = grp.indexOf(":"), w = parseInt(grp.slice(0, c), 36);
      var refs = grp.slice(c + 1).split(","), pid = 0;
      for (var i = 0; i < refs.length; i++) {
        var ref = refs[i], d = ref.indexOf(".");
        if (d < 0) { pid += parseInt(ref, 36); keys.push(pid * SEC); }
        else { pid += parseInt(ref.slice(0, d), 36); keys.push(pid * SEC + parseInt(ref.slice(d + 1), 36)); }
        weights.push(w);
        if ((i & 1023) === 1023) await tick();
      }
      await tick();
    }
    return { keys: keys, weights: weights };
  }
  var decoded = new Map();
  async function decodedPart(key, text, tick) {
    var d = decoded.get(key);
    if (!d) { d = await decode(text, tick); decoded.set(key, d); }
    return d;
  }
  // Tail pages of a term (format 3, search_index.tail_bounds): past its head of H postings
  // (manifest "head"), page k holds the next H * 2^(k+1), the last one the rest; file
  // u/TAIL-k.js. f = [term, [df, head, TAIL (when df > H)], shard].
  function tailPages(f) {
    if (f[1].length < 3) return 0;
    var H = store.manifest.head, end = H, size = 2 * H, n = 0;
    while (end < f[1][0]) { end += size; size *= 2; n++; }
    return n;
  }
  function pageFile(f, k) { return f[1][2] + "-" + k; }
  // Postings of a term as decoded parts, best first: its head and its first n tail pages.
  async function postings(f, n, tick) {
    var out = [await decodedPart(f[0], f[1][1], tick)];
    for (var k = 0; k < n; k++) out.push(await decodedPart(f[0] + "\u0000" + k, store.tails[pageFile(f, k)], tick));
    return out;
  }

  // Shards holding a term (exact) or every term starting with it (prefix).
  function shardsFor(term, prefix) {
    var keys = store.manifest.shards, best = null, out = [];
    for (var key in keys) {
      if (term.startsWith(key)) { if (best === null || key.length > best.length) best = key; }
      else if (prefix && key.startsWith(term)) out.push(keys[key]);
    }
    if (best !== null) out.push(keys[best]);
    return out;
  }
  // [[term, [df, head], shard], ...] of a word (exact) or of the terms it starts.
  function lookup(term, prefix) {
    var found = [];
    shardsFor(term, prefix).forEach(function (k) {
      var terms = store.shards[k];
      if (!terms) return;
      if (!prefix) { if (terms[term]) found.push([term, terms[term], k]); return; }
      for (var t in terms) if (t.startsWith(term)) found.push([t, terms[t], k]);
    });
    if (prefix && found.length > MAX_EXPANSIONS) {
      found.sort(function (a, b) { return b[1][0] - a[1][0]; });
      found.length = MAX_EXPANSIONS;
    }
    return found;
  }
  // Every term the query reads: each group's, then the number key's expansions.
  function queryTerms(a) {
    var out = [];
    a.groups.forEach(function (g) { out = out.concat(lookup(g.word, g.prefix)); });
    if (a.number) out = out.concat(lookup(a.number, true));
    return out;
  }

  // ----------------------------------------------------------------- query
  // A query is a list of groups; a section matches when it holds every group.
  // The last word is a prefix while the reader is still typing it.
  function analyze(q) {
    var folded = fold(q), words = folded.match(TOKEN) || [];
    var typing = words.length && /[\p{L}\p{N}]$/u.test(folded);
    var groups = words.map(function (w, i) {
      return { word: w, prefix: typing && i === words.length - 1 && w.length >= 2 };
    });
    // Document number typed loosely: from the first word with a digit on.
    var number = null;
    for (var i = 0; i < words.length; i++) {
      if (/\d/.test(words[i])) {
        var key = "#" + words.slice(i).join("");
        if (key.length >= 3) number = key;
        break;
      }
    }
    // The words side by side, for ranking and marks.
    // phraseWhole: the last word whole too; phrase: the last word may still be typed.
    var phrase = null, phraseWhole = null;
    if (words.length > 1) {
      // Side by side: spaces or a dash between them, not a comma or a full stop.
      var sep = "[\\s\\u00a0\\-\\u2013\\u2014]+", end = "(?![\\p{L}\\p{N}])";
      phraseWhole = new RegExp("(?<![\\p{L}\\p{N}])" + words.join(sep) + end, "u");
      phrase = typing ? new RegExp("(?<![\\p{L}\\p{N}])" + words.join(sep), "u") : phraseWhole;
    }
    return { groups: groups, number: number, words: words, phrase: phrase, phraseWhole: phraseWhole };
  }

  // stale(): true once a newer query replaced this one; the work stops there.
  // opts.limit: pages shown (MAX_RESULTS); opts.full: every posting, not only each term's best.
  //
  // Each term's head (its best postings, in its shard) first. When they find fewer pages than
  // the limit and some terms have tail pages, each round reads the next tail page of every term
  // not yet read whole (pages double in size: rounds logarithmic in df) and ranks again, until
  // the pages fill the limit or every posting is read. Reading every term in step rather than
  // the rarest first: a round's pages are the same size for every term, and each term read
  // further multiplies the sections found holding all the words, so the fewest rounds (script
  // loads, ranks) fill the list. With every posting read (opts.full, or the last round) the
  // results are the full read's; otherwise "more" says pages may be missing.
  var STALE = new Error("stale");
  async function search(q, stale, opts) {
    var t0 = performance.now();
    var a = analyze(q);
    opts = opts || {};
    var limit = opts.limit || MAX_RESULTS;
    stale = stale || function () { return false; };
    function check(x) { if (stale()) throw STALE; return x; }
    if (!a.groups.length) return { query: q, results: [], total: 0 };
    await loadManifest();
    if (store.manifest.v !== FORMAT) throw new Error("chỉ mục tìm kiếm không đúng phiên bản (" + store.manifest.v + "), cần dựng lại trang");
    var need = {};
    a.groups.forEach(function (g) { shardsFor(g.word, g.prefix).forEach(function (k) { need[k] = 1; }); });
    if (a.number) shardsFor(a.number, true).forEach(function (k) { need[k] = 1; });
    check(await Promise.all(Object.keys(need).map(loadShard)));
    var tick = slicer(stale);
    var read = new Map(), rounds = 0, tails = 0; // term -> tail pages read; rounds of reading; pages read
    function depth(f) { return read.get(f[0]) || 0; }
    if (opts.full) queryTerms(a).forEach(function (f) { read.set(f[0], tailPages(f)); });
    var r;
    for (;;) {
      var files = {};
      queryTerms(a).forEach(function (f) { for (var k = 0; k < depth(f); k++) files[pageFile(f, k)] = 1; });
      tails = Object.keys(files).length;
      check(await Promise.all(Object.keys(files).map(loadTail)));
      r = await rank(a, depth, tick);
      if (!r.cut.length || r.out.length >= limit) break;
      var next = new Map();
      r.cut.forEach(function (f) { next.set(f[0], depth(f) + 1); });
      next.forEach(function (n, t) { read.set(t, n); });
      rounds++;
    }
    var top = r.out.slice(0, limit);
    check(await Promise.all(Array.from(new Set(top.map(function (x) { return groupOf(x.page); }))).map(loadPages)));
    top.forEach(function (x) { x.chunk = chunkOf(x.page, x.section % SEC); });
    check(await Promise.all(top.map(function (x) { return loadChunk(x.chunk); })));
    for (var i = 0; i < top.length; i++) { refine(top[i], a); await tick(); }
    top.sort(order);
    return { query: q, analysis: a, results: top, total: r.out.length, more: r.cut.length > 0,
             limit: limit, rounds: rounds, tails: tails, ms: performance.now() - t0 };
  }

  // Scores of the query's sections, best section per page, from each term's head and its first
  // depth(f) tail pages (loaded). Returns {out, cut}: cut lists the terms not read whole.
  async function rank(a, depth, tick) {
    var m = store.manifest, N = m.sections, cut = [];
    function idf(df) { return Math.log(1 + N / df); }
    function uncut(found) { found.forEach(function (f) { if (depth(f) < tailPages(f)) cut.push(f); }); }
    // scores: section -> BM25 sum; partial: sections where the word being typed
    // matched only as the prefix of longer words (no whole-word match there).
    var scores = null, partial = new Set();
    for (var gi = 0; gi < a.groups.length; gi++) {
      var g = a.groups[gi], found = lookup(g.word, g.prefix), gs = new Map(), whole = new Set();
      uncut(found);
      for (var fi = 0; fi < found.length; fi++) {
        var f = found[fi], exact = f[0] === g.word, w = idf(f[1][0]) * (exact ? 1 : 0.7);
        var parts = await postings(f, depth(f), tick);
        for (var pi = 0; pi < parts.length; pi++) {
          var keys = parts[pi].keys, weights = parts[pi].weights;
          for (var i = 0; i < keys.length; i++) {
            var sid = keys[i], s = w * weights[i] / 10; // weight: BM25 x 10, from the index
            if (exact) whole.add(sid);
            if (!(gs.get(sid) >= s)) gs.set(sid, s);
            if ((i & 4095) === 4095) await tick();
          }
          await tick();
        }
      }
      if (g.prefix) gs.forEach(function (s, sid) { if (!whole.has(sid)) partial.add(sid); });
      if (scores === null) scores = gs;
      else {
        var next = new Map();
        scores.forEach(function (s, sid) { var o = gs.get(sid); if (o !== undefined) next.set(sid, s + o); });
        scores = next;
      }
      await tick();
    }
    // Pages that are or cite the typed document number join the results.
    if (a.number) {
      var nums = lookup(a.number, true);
      uncut(nums);
      for (var ni = 0; ni < nums.length; ni++) {
        var nf = nums[ni], nexact = nf[0] === a.number, nparts = await postings(nf, depth(nf), tick);
        for (var nq = 0; nq < nparts.length; nq++) {
          var np = nparts[nq];
          for (var j = 0; j < np.keys.length; j++) {
            var bonus = (nexact ? 3 : 1.5) * Math.log(1 + N) * (1 + Math.log(np.weights[j]));
            scores.set(np.keys[j], (scores.get(np.keys[j]) || 0) + bonus);
          }
        }
        await tick();
      }
    }
    // Best section per page: a section holding every word whole beats one where the
    // word being typed is only the start of longer words ("uy ban": "Ủy ban" before
    // "ủy ... bằng"), then the score. Every matching section is kept as a candidate
    // (refine() looks for the words side by side in them).
    var best = new Map(), n = 0;
    for (var entry of scores) {
      var sid2 = entry[0], sc = entry[1], pid = Math.floor(sid2 / SEC);
      var wh = !partial.has(sid2), b = best.get(pid);
      if (!b) best.set(pid, { page: pid, section: sid2, score: sc, whole: wh, sections: 1, candidates: [[sid2, sc, wh]] });
      else {
        b.sections++;
        b.candidates.push([sid2, sc, wh]);
        if (wh && !b.whole || wh === b.whole && sc > b.score) { b.section = sid2; b.score = sc; b.whole = wh; }
      }
      if ((++n & 4095) === 0) await tick();
    }
    var out = Array.from(best.values());
    out.forEach(function (b) {
      b.score += 0.05 * Math.log(b.sections);
      // Reports first: list pages (cited documents, browse) repeat their words.
      b.factor = m.reports[b.page] === "1" ? 1 : NON_REPORT;
      b.score *= b.factor;
    });
    await tick();
    out.sort(order);
    return { out: out, cut: cut };
  }

  // Whole words before prefix-only matches, words side by side before words apart
  // (known once the text is loaded: refine()), then the score.
  function order(x, y) {
    return (y.whole - x.whole) || ((y.together || 0) - (x.together || 0)) || (y.score - x.score) || (x.page - y.page);
  }

  // Once the page's text is here: prefer a section with the words side by
  // side (among the page's matching sections in the loaded chunk), and cut the
  // snippet around the matches.
  function refine(x, a) {
    var secs = store.chunks[x.chunk];
    var starts = row(x.page)[7] || [0], j = +x.chunk.split("-")[1], base = starts[j];
    function sectionOf(sid) { return secs[sid % SEC - base]; }
    if (a.phrase) {
      var found = null;
      (x.candidates || []).forEach(function (c) {
        var sec = sectionOf(c[0]);
        if (!sec || c[2] !== x.whole) return;
        var p = x.whole ? a.phraseWhole : a.phrase;
        var together = p.test(fold(sec[0])) || p.test(fold((sec[2] || "").slice(0, MAX_TEXT)));
        if (together && (!found || c[1] > found[1])) found = c;
      });
      if (found) {
        x.together = 1;
        x.section = found[0];
        x.score = (found[1] + 0.05 * Math.log(x.sections)) * x.factor * 1.5;
      }
    }
    var sec = sectionOf(x.section) || ["", "", ""];
    x.heading = sec[0];
    x.anchor = sec[1];
    var text = (sec[2] || sec[0]).slice(0, MAX_TEXT), folded = fold(text);
    x.snippet = snippet(text, folded, a);
  }

  // One regular expression finding the query's words in folded text: exact
  // words whole, the word being typed as a prefix. Native scanning, so long
  // list pages cost little.
  // In a text holding the words side by side, only those places are marked; in
  // a text holding the typed word whole, its longer expansions are not marked
  // ("ban" marks "Ban", not "bằng").
  function matchers(a) {
    if (a.matchers) return a.matchers;
    var L = "[\\p{L}\\p{N}]", words = a.groups.map(function (g) { return g.word; });
    function re(alts) {
      alts = alts.slice().sort(function (x, y) { return y.length - x.length; });
      return new RegExp("(?<!" + L + ")(?:" + alts.join("|") + ")(?!" + L + ")", "gu");
    }
    var typed = a.groups.filter(function (g) { return g.prefix; }).map(function (g) { return g.word + L + "*"; });
    var last = a.groups[a.groups.length - 1];
    a.matchers = {
      phraseWhole: a.phraseWhole ? new RegExp(a.phraseWhole.source, "gu") : null,
      phrase: a.phrase ? new RegExp(a.phrase.source + (a.phrase === a.phraseWhole ? "" : L + "*"), "gu") : null,
      lastWhole: last && last.prefix ? new RegExp("(?<!" + L + ")" + last.word + "(?!" + L + ")", "u") : null,
      whole: re(words),
      prefix: re(words.concat(typed))
    };
    return a.matchers;
  }
  function matcher(a, folded) {
    var ms = matchers(a);
    function has(re) { re.lastIndex = 0; var ok = re.test(folded); re.lastIndex = 0; return ok; }
    if (ms.phraseWhole && has(ms.phraseWhole)) return ms.phraseWhole;
    if (ms.lastWhole && has(ms.lastWhole)) return ms.whole;
    if (ms.phrase && has(ms.phrase)) return ms.phrase;
    return ms.prefix;
  }

  function escapeHtml(s) {
    return s.replace(/[&<>"']/g, function (c) {
      return { "&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;", "'": "&#39;" }[c];
    });
  }

  // Returns snippet HTML: escaped original text, matched words in <mark>.
  // ``folded`` is fold(text): when it is as long as the text (NFC Vietnamese:
  // one letter per letter) positions are shared; otherwise map them.
  function snippet(text, folded, a) {
    var fm = folded.length === text.length ? { text: folded, from: null } : foldMap(text);
    var at = fm.from ? function (i) { return fm.from[i]; } : function (i) { return i; };
    var spans = [], re = matcher(a, fm.text), r;
    re.lastIndex = 0;
    while ((r = re.exec(fm.text)) && spans.length < MAX_SPANS) {
      spans.push([at(r.index), at(r.index + r[0].length), r[0]]);
    }
    if (!spans.length) return escapeHtml(text.length > SNIPPET ? text.slice(0, SNIPPET) + "…" : text);
    // The window holding the most distinct matched words.
    var bestStart = 0, bestCount = -1;
    for (var i = 0; i < spans.length; i++) {
      var seen = {}, n = 0;
      for (var j = i; j < spans.length && spans[j][1] - spans[i][0] <= SNIPPET * 0.7; j++) {
        if (!seen[spans[j][2]]) { seen[spans[j][2]] = 1; n++; }
      }
      if (n > bestCount) { bestCount = n; bestStart = i; }
    }
    var start = Math.max(0, spans[bestStart][0] - 50);
    if (start > 0) { var sp = text.indexOf(" ", start); if (sp >= 0 && sp < spans[bestStart][0]) start = sp + 1; }
    var end = Math.min(text.length, start + SNIPPET);
    if (end < text.length) { var sp2 = text.lastIndexOf(" ", end); if (sp2 > spans[bestStart][1]) end = sp2; }
    // Merge matches separated only by spaces, so "Dân vận khéo" is one mark.
    var merged = [];
    spans.forEach(function (s) {
      if (s[0] < start || s[1] > end) return;
      var last = merged[merged.length - 1];
      if (last && /^\s*$/.test(text.slice(last[1], s[0]))) last[1] = s[1];
      else merged.push([s[0], s[1]]);
    });
    var html = start > 0 ? "…" : "", pos = start;
    merged.forEach(function (s) {
      html += escapeHtml(text.slice(pos, s[0])) + "<mark>" + escapeHtml(text.slice(s[0], s[1])) + "</mark>";
      pos = s[1];
    });
    html += escapeHtml(text.slice(pos, end)) + (end < text.length ? "…" : "");
    return html;
  }

  // -------------------------------------------------------------------- UI
  function formatDate(iso) {
    var m = /^(\d{4})-(\d{2})-(\d{2})/.exec(iso || "");
    return m ? m[3] + "/" + m[2] + "/" + m[1] : "";
  }

  function render(box, res) {
    var meta = box.querySelector(".md-search-result__meta");
    var list = box.querySelector(".md-search-result__list");
    list.textContent = "";
    if (!res.results.length) {
      meta.textContent = res.query.trim() ? "Không tìm thấy kết quả" : "Gõ từ cần tìm, có dấu hay không dấu đều được";
      return;
    }
    // res.more: only each word's best postings were read, so there may be more pages.
    meta.textContent = (res.more ? "Ít nhất " : "") + res.total + " văn bản phù hợp" +
      (res.total > res.results.length ? " (hiện " + res.results.length + " văn bản đầu)" : "");
    res.results.forEach(function (x) {
      var p = row(x.page);
      var facts = [p[2], p[3] ? "Số " + p[3] : "", formatDate(p[4]), p[5]].filter(Boolean);
      var li = document.createElement("li");
      li.className = "md-search-result__item bc-result";
      var a = document.createElement("a");
      a.className = "md-search-result__link";
      a.href = indexUrl + "../../../" + p[0] + (x.anchor ? "#" + x.anchor : "");
      a.tabIndex = -1;
      a.innerHTML =
        '<article class="md-search-result__article md-typeset">' +
        (facts.length ? '<div class="bc-result__facts">' + escapeHtml(facts.join(" · ")) + "</div>" : "") +
        "<h1>" + escapeHtml(p[1]) + "</h1>" +
        (x.heading && x.heading !== p[1] ? '<div class="bc-result__section">' + escapeHtml(x.heading) + "</div>" : "") +
        '<p class="bc-result__snippet">' + x.snippet + "</p>" +
        (x.sections > 1 ? '<div class="bc-result__more">và ' + (x.sections - 1) + " mục khác trong văn bản</div>" : "") +
        "</article>";
      li.appendChild(a);
      list.appendChild(li);
    });
    if (res.more || res.total > res.results.length) {
      var li = document.createElement("li");
      li.className = "md-search-result__item bc-more";
      li.innerHTML = '<button type="button" class="md-button bc-more__button" data-bc-more>Xem thêm kết quả</button>';
      list.appendChild(li);
    }
  }

  function setup() {
    var box = document.querySelector("[data-bc-search]");
    if (!box) return;
    var input = box.querySelector("[data-bc-search-query]");
    var result = box.querySelector("[data-bc-search-result]");
    var toggle = document.getElementById("__search");
    indexUrl = new URL(input.getAttribute("data-bc-index").replace(/\/?$/, "/"), location.href).href;
    var seq = 0, selected = -1;

    function open() { if (toggle && !toggle.checked) { toggle.checked = true; toggle.dispatchEvent(new Event("change")); } }
    function close() { if (toggle && toggle.checked) { toggle.checked = false; toggle.dispatchEvent(new Event("change")); } input.blur(); }
    // opts: {limit, full} of "Xem thêm" (more results: every posting, MAX_RESULTS more pages).
    function run(e, opts) {
      var q = input.value, mine = ++seq;
      selected = -1;
      search(q, function () { return mine !== seq; }, opts).then(function (res) {
        if (mine !== seq) return; // a newer keystroke won
        render(result, res);
        result.setAttribute("data-bc-ms", Math.round(res.ms || 0));
        result.setAttribute("data-bc-query", q); // what is shown (tests wait on it)
      }).catch(function (err) {
        if (mine !== seq || err === STALE) return;
        result.querySelector(".md-search-result__meta").textContent = "Không tải được chỉ mục tìm kiếm: " + err.message;
      });
    }
    function select(i) {
      var items = result.querySelectorAll(".md-search-result__link");
      if (!items.length) return;
      selected = (i + items.length) % items.length;
      items.forEach(function (el, j) { el.classList.toggle("bc-selected", j === selected); });
      items[selected].scrollIntoView({ block: "nearest" });
    }

    input.addEventListener("focus", function () { open(); loadManifest().catch(function () {}); });
    input.addEventListener("input", run);
    box.querySelector("form").addEventListener("reset", function () { setTimeout(run, 0); });
    input.addEventListener("keydown", function (e) {
      if (e.key === "ArrowDown") { e.preventDefault(); select(selected + 1); }
      else if (e.key === "ArrowUp") { e.preventDefault(); select(selected - 1); }
      else if (e.key === "Enter") {
        e.preventDefault();
        var items = result.querySelectorAll(".md-search-result__link");
        if (items.length) location.href = items[Math.max(selected, 0)].href;
      } else if (e.key === "Escape") { close(); }
    });
    result.addEventListener("click", function (e) {
      if (e.target.closest("[data-bc-more]")) {
        var shown = result.querySelectorAll(".bc-result").length;
        e.preventDefault();
        input.focus();
        run(null, { full: true, limit: shown + MAX_RESULTS });
      } else if (e.target.closest("a")) close();
    });
    document.addEventListener("keydown", function (e) {
      if (e.target === input || e.ctrlKey || e.metaKey || e.altKey) return;
      if (/^(INPUT|TEXTAREA|SELECT)$/.test(e.target.tagName) || e.target.isContentEditable) return;
      if (e.key === "/" || e.key === "s" || e.key === "f") { e.preventDefault(); input.focus(); }
    });
    // ?q=... opens the search with that query (links to a search, tests).
    var q = new URLSearchParams(location.search).get("q");
    if (q) { input.value = q; input.focus(); run(); }
  }

  if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", setup);
  else setup();
})();
