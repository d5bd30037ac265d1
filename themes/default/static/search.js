// Offline search over Rapport's own index (src/search/index.rs describes its
// files). What the reader types never leaves the page: the index is fetched
// from this site, only the parts a query needs, and searched here. Without
// JavaScript the page lists the sections instead.
(function () {
  "use strict";

  // The page's words (rapport.js reads them from #rapport-strings); English
  // when a site's own base.html leaves rapport.js out.
  var text = window.rapportText || function (key, vars, fallback) {
    return Object.keys(vars).reduce(function (out, name) {
      return out.split("{" + name + "}").join(String(vars[name]));
    }, fallback);
  };
  // On every page: the header's link to the search page becomes a box.
  var headerLink = document.querySelector("[data-search-link]");
  if (headerLink && !document.querySelector("[data-search]")) {
    var box = document.createElement("form");
    box.className = "header-search";
    box.setAttribute("role", "search");
    var label = document.createElement("label");
    label.className = "visually-hidden";
    label.htmlFor = "rapport-header-search-input";
    label.textContent = text("js_search_this_site", {}, "Search this site");
    var field = document.createElement("input");
    field.id = "rapport-header-search-input";
    field.type = "search";
    field.name = "q";
    field.placeholder = headerLink.textContent.trim() || "Search";
    // A magnifier, drawn, with "Search" as its name for screen readers.
    var go = document.createElement("button");
    go.type = "submit";
    go.className = "header-search-go";
    var name = document.createElement("span");
    name.className = "visually-hidden";
    name.textContent = headerLink.textContent.trim() || "Search";
    go.append(name);
    box.append(label, field, go);
    box.addEventListener("submit", function (event) {
      // The CSP refuses form submission; go to the search page instead.
      event.preventDefault();
      location.assign(headerLink.href + "?q=" + encodeURIComponent(field.value));
    });
    headerLink.replaceWith(box);
  }

  var root = document.querySelector("[data-search]");
  if (!root) return;
  var base = root.getAttribute("data-base") || "/";
  var form = root.querySelector("[data-search-form]");
  var input = root.querySelector("#rapport-search-input");
  var status = root.querySelector("[data-search-status]");
  var list = root.querySelector("[data-search-results]");
  var fallback = root.querySelector("[data-search-fallback]");
  var latest = 0;

  form.hidden = false;
  fallback.hidden = true;

  // ---- The index ----------------------------------------------------------
  var folder = base + "search-index/";
  var meta = null;
  var files = {};

  function loadMeta() {
    if (!meta) {
      // Never from the browser's cache, not even revalidated: hosts answer
      // by Last-Modified, in whole seconds, so a site rebuilt within the
      // second of the copy held got "not modified" and the old index was
      // searched. The file is small; the rest is asked for by its build.
      meta = fetch(folder + "meta.json", { cache: "no-store" }).then(function (r) {
        if (!r.ok) throw new Error("search index: " + r.status);
        return r.json();
      }).then(function (m) {
        if (m.version !== 1) throw new Error("search index: unknown version");
        return m;
      });
      meta.catch(function () { meta = null; });
    }
    return meta;
  }

  // A compressed file of the index, decompressed; each fetched once.
  function bytes(m, name) {
    var url = folder + name + "?v=" + m.build;
    if (!files[url]) {
      files[url] = fetch(url).then(function (r) {
        if (!r.ok) throw new Error("search index: " + r.status);
        var plain = r.body.pipeThrough(new DecompressionStream("deflate"));
        return new Response(plain).arrayBuffer();
      });
      files[url].catch(function () { delete files[url]; });
    }
    return files[url];
  }

  function json(m, name) {
    return bytes(m, name).then(function (b) { return JSON.parse(new TextDecoder().decode(b)); });
  }

  // Words by the index's rules (src/search/words.rs): runs of letters and
  // digits, lower case, apostrophes inside dropped, each CJK character alone.
  var CJK = "\u3040-\u30ff\u3400-\u4dbf\u4e00-\u9fff\uac00-\ud7af\uf900-\ufaff";
  var WORD = new RegExp("[" + CJK + "]|(?:(?![" + CJK + "])[\\p{Alphabetic}\\p{N}])+(?:['\u2019](?:(?![" + CJK + "])[\\p{Alphabetic}\\p{N}])+)*", "gu");
  function fold(word) {
    return word.toLowerCase().replace(/['\u2019]/g, "").normalize("NFD").replace(/\p{M}/gu, "");
  }
  function words(text) {
    return (text.match(WORD) || []).map(fold);
  }

  // The last word shard whose first word is at or before `word`.
  function shardOf(m, word) {
    var lo = 0, hi = m.words.length - 1;
    while (lo < hi) {
      var mid = (lo + hi + 1) >> 1;
      if (m.words[mid] <= word) lo = mid; else hi = mid - 1;
    }
    return lo;
  }

  // Dictionary entries for `word`: equal to it, or (`prefix`) starting with it.
  function entries(m, word, prefix) {
    if (!m.words.length) return Promise.resolve([]); // a site with no pages
    var first = shardOf(m, word);
    var last = prefix ? Math.min(shardOf(m, word + "\uffff"), first + 3) : first;
    var shards = [];
    for (var i = first; i <= last; i++) shards.push(json(m, "w/" + i + ".bin"));
    return Promise.all(shards).then(function (all) {
      var found = [];
      all.forEach(function (shard) {
        shard.forEach(function (e) {
          if (prefix ? e[0].lastIndexOf(word, 0) === 0 : e[0] === word) found.push(e);
        });
      });
      return found;
    });
  }

  // What a query word matches: its stems with a quality (1 as typed, less
  // for a word being typed or a form found by its beginning), and the
  // dictionary words, for marking in excerpts.
  function match(m, word, last) {
    return entries(m, word, last && word.length > 1).then(function (found) {
      if (found.length || word.length < 5) return { found: found, quality: 0.75 };
      // A form the site does not use ("boundaries" where it says
      // "boundary"): the words that share its beginning.
      var tries = [];
      for (var k = word.length - 1; k >= Math.max(4, word.length - 3); k--) tries.push(word.slice(0, k));
      return tries.reduce(function (done, start) {
        return done.then(function (got) {
          return got.found.length ? got : entries(m, start, true).then(function (f) { return { found: f, quality: 0.5 }; });
        });
      }, Promise.resolve({ found: [], quality: 0.5 }));
    }).then(function (got) {
      var stems = {};
      got.found.forEach(function (e) {
        var quality = e[0] === word ? 1 : got.quality;
        var old = stems[e[1]];
        if (!old || old.quality < quality) stems[e[1]] = { stem: e[1], file: e[2], offset: e[3], length: e[4], pages: e[5], quality: quality };
      });
      // The forms most pages use, when a short beginning matches many.
      var list = Object.keys(stems).map(function (k) { return stems[k]; })
        .sort(function (a, b) { return b.quality - a.quality || b.pages - a.pages; }).slice(0, 12);
      return { word: word, stems: list, keys: got.found.map(function (e) { return e[0]; }) };
    });
  }

  // A stem's postings: page -> weight (BM25's term part, 0..1, plus 2 when
  // the page's title holds the stem: what a reader typing a title wants).
  function postings(m, stem) {
    return bytes(m, "p/" + stem.file + ".bin").then(function (buffer) {
      var data = new Uint8Array(buffer, stem.offset, stem.length);
      var pages = new Map();
      var page = 0;
      for (var i = 0; i < data.length;) {
        var gap = 0, shift = 0, b;
        do { b = data[i++]; gap += (b & 0x7f) * Math.pow(2, shift); shift += 7; } while (b & 0x80);
        page += gap;
        b = data[i++];
        pages.set(page, (b & 0x7f) / 127 + (b & 0x80 ? 2 : 0));
      }
      return pages;
    });
  }

  // Ranked results for `query`: pages holding every word (or, when none
  // does, the most words), by BM25 over the stems each word matched.
  function find(query) {
    return loadMeta().then(function (m) {
      var typed = words(query);
      return Promise.all(typed.map(function (word, i) {
        return match(m, word, i === typed.length - 1);
      })).then(function (matched) {
        matched = matched.filter(function (w) { return w.stems.length; });
        return Promise.all(matched.map(function (w) {
          return Promise.all(w.stems.map(function (s) { return postings(m, s); })).then(function (lists) {
            var scores = new Map();
            lists.forEach(function (pages, i) {
              var s = w.stems[i];
              var idf = Math.log(1 + (m.pages - s.pages + 0.5) / (s.pages + 0.5));
              s.idf = idf;
              pages.forEach(function (weight, page) {
                var score = idf * weight * s.quality;
                if (!(scores.get(page) >= score)) scores.set(page, score);
              });
            });
            return scores;
          });
        })).then(function (perWord) {
          var total = new Map();
          var count = new Map();
          perWord.forEach(function (scores) {
            scores.forEach(function (score, page) {
              total.set(page, (total.get(page) || 0) + score);
              count.set(page, (count.get(page) || 0) + 1);
            });
          });
          var ranked = [];
          total.forEach(function (score, page) {
            ranked.push({ page: page, score: score, words: count.get(page) });
          });
          var all = ranked.filter(function (r) { return r.words === perWord.length; });
          if (!all.length) all = ranked;
          all.sort(function (a, b) { return b.words - a.words || b.score - a.score || a.page - b.page; });
          return { meta: m, results: all, matched: matched };
        });
      });
    });
  }

  // ---- Showing a result ----------------------------------------------------
  // Whether a word of a page is one the query found: a dictionary word it
  // matched, or a form of a stem it matched ("boundary" for "boundari").
  function marker(matched) {
    var keys = {};
    var stems = [];
    matched.forEach(function (w, i) {
      w.keys.forEach(function (k) { keys[k] = i; });
      w.stems.forEach(function (s) {
        var stem = fold(s.stem);
        if (stem.length >= 4) stems.push({ stem: stem, i: i, y: /i$/.test(stem) ? stem.slice(0, -1) + "y" : null });
      });
    });
    return function (word) {
      if (keys.hasOwnProperty(word)) return keys[word];
      for (var j = 0; j < stems.length; j++) {
        var s = stems[j];
        if (word.lastIndexOf(s.stem, 0) === 0 || (s.y && word.lastIndexOf(s.y, 0) === 0)) return s.i;
      }
      return -1;
    };
  }

  // Each word of `text` with where it is and which query word it matches.
  function tokens(text, which) {
    var out = [];
    var re = new RegExp(WORD.source, "gu");
    var found;
    while ((found = re.exec(text))) {
      out.push({ start: found.index, end: found.index + found[0].length, hit: which(fold(found[0])) });
    }
    return out;
  }

  // How well a part of a page answers the query: each query word's hits,
  // heading words counted three times, weighed by how rare the word is.
  function partScore(part, which, weights) {
    var score = 0;
    [[part[1], 3], [part[2], 1]].forEach(function (field) {
      tokens(field[0], which).forEach(function (t) {
        if (t.hit >= 0) score += field[1] * weights[t.hit];
      });
    });
    return score;
  }

  // The stretch of `text` (about 24 words) holding the most query words,
  // as pieces: [text, marked].
  function excerpt(text, which) {
    var words = tokens(text, which);
    if (!words.length) return [[text.slice(0, 160), false]];
    var size = 24, best = 0, bestHits = -1;
    for (var i = 0; i < words.length; i = i + 1) {
      var hits = 0;
      for (var j = i; j < Math.min(words.length, i + size); j++) if (words[j].hit >= 0) hits++;
      if (hits > bestHits) { bestHits = hits; best = i; }
      if (i + size >= words.length) break;
    }
    // Start a few words before the window's first match.
    var first = best;
    while (first < words.length - 1 && words[first].hit < 0) first++;
    var start = Math.max(0, Math.min(first - 6, words.length - size));
    var end = Math.min(words.length, start + size) - 1;
    var pieces = [];
    var at = words[start].start;
    if (start > 0) pieces.push(["\u2026 ", false]);
    for (var k = start; k <= end; k++) {
      var w = words[k];
      if (w.hit >= 0) {
        if (w.start > at) pieces.push([text.slice(at, w.start), false]);
        pieces.push([text.slice(w.start, w.end), true]);
        at = w.end;
      }
    }
    pieces.push([text.slice(at, words[end].end), false]);
    if (end < words.length - 1) pieces.push([" \u2026", false]);
    return pieces;
  }

  // A page's fragment as a result. Its matching FAQ questions are parts of
  // it (a question's heading starts a part holding the answer). A question
  // that matches more strongly than the rest of its page becomes the
  // result, linked to its answer; others are listed under the page.
  function shape(fragment, found) {
    var which = marker(found.matched);
    var weights = found.matched.map(function (w) {
      return w.stems.reduce(function (max, s) { return Math.max(max, s.idf || 1); }, 0);
    });
    var faq = fragment.faq || [];
    var questions = [];
    var rest = null;
    var best = { part: fragment.parts[0], score: 0 };
    fragment.parts.forEach(function (part) {
      var score = partScore(part, which, weights);
      if (score > best.score) best = { part: part, score: score };
      if (part[0] && faq.indexOf(part[0]) >= 0) {
        if (score > 0) questions.push({ part: part, score: score });
      } else if (!rest || score > rest.score) {
        rest = { part: part, score: score };
      }
    });
    // A page whose title holds the query is about it: the page is the result.
    if (rest) rest.score += partScore(["", fragment.title, ""], which, weights) * 5 / 3;
    questions.sort(function (a, b) { return b.score - a.score; });
    var link = function (id) { return fragment.url + "#" + id; };
    var listed = function (q) { return { title: q.part[1], url: link(q.part[0]) }; };
    if (questions.length && (!rest || questions[0].score > rest.score)) {
      var top = questions.shift();
      return {
        title: top.part[1], url: link(top.part[0]), excerpt: excerpt(top.part[2], which),
        page: { title: fragment.title, url: fragment.url }, questions: questions.map(listed)
      };
    }
    // The excerpt shows the query's words: from the answer if only it has them.
    var part = rest && partScore(rest.part, which, weights) > 0 ? rest.part : best.part;
    return {
      title: fragment.title, url: fragment.url, excerpt: excerpt(part[2], which),
      section: fragment.section, questions: questions.map(listed)
    };
  }

  // ---- The page --------------------------------------------------------------
  function element(tag, className, text) {
    var node = document.createElement(tag);
    if (className) node.className = className;
    if (text) node.textContent = text;
    return node;
  }

  // Each result's fragment is a download of its own: fetch a page at a time.
  var PAGE = 10;
  var found = null;
  var shown = 0;
  var moreButton = element("button", "search-more", text("js_show_more", {}, "Show more results"));
  moreButton.type = "button";
  moreButton.hidden = true;
  list.after(moreButton);
  moreButton.addEventListener("click", function () {
    var first = list.children.length;
    more(input.value.trim(), latest).then(function () {
      var link = list.children[first] && list.children[first].querySelector("a");
      if (link) link.focus();
    });
  });

  function more(query, ticket) {
    var next = found.results.slice(shown, shown + PAGE);
    shown += next.length;
    return Promise.all(next.map(function (r) {
      return json(found.meta, "f/" + r.page + ".bin");
    })).then(function (fragments) {
      if (ticket === latest) show(fragments.map(function (f) { return shape(f, found); }), query, found.results.length);
    });
  }

  function show(results, query, n) {
    results.forEach(function (result) {
      var item = element("li", "search-result");
      var heading = element("h2", "search-title");
      var link = element("a", null, result.title);
      link.href = result.url;
      heading.appendChild(link);
      item.appendChild(heading);
      if (result.page) {
        var from = element("p", "search-section", text("js_question_in", {}, "Question in "));
        from.appendChild(element("a", null, result.page.title)).href = result.page.url;
        item.appendChild(from);
      } else if (result.section) {
        item.appendChild(element("p", "search-section", result.section));
      }
      var p = element("p", "search-excerpt");
      result.excerpt.forEach(function (piece) {
        p.appendChild(piece[1] ? element("mark", null, piece[0]) : document.createTextNode(piece[0]));
      });
      item.appendChild(p);
      if (result.questions.length) {
        var questions = element("ul", "search-questions");
        result.questions.slice(0, 3).forEach(function (q) {
          var li = element("li");
          li.appendChild(element("a", null, q.title)).href = q.url;
          questions.appendChild(li);
        });
        item.appendChild(questions);
      }
      list.appendChild(item);
    });
    moreButton.hidden = shown >= n;
    status.textContent = n === 0
      ? text("js_no_results", { query: query }, "No results for \u201c{query}\u201d.")
      : text("js_results", { n: n, query: query }, "{n} results for \u201c{query}\u201d.");
  }

  function search(query) {
    var ticket = ++latest;
    query = query.trim();
    if (!query) {
      list.textContent = "";
      status.textContent = "";
      moreButton.hidden = true;
      return Promise.resolve();
    }
    return find(query)
      .then(function (result) {
        if (ticket !== latest) return;
        found = result;
        shown = 0;
        list.textContent = "";
        return more(query, ticket);
      })
      .catch(function () {
        if (ticket === latest) status.textContent = text("js_search_failed", {}, "Search could not load. Browse the sections instead.");
        fallback.hidden = false;
      });
  }

  var timer = null;
  input.addEventListener("input", function () {
    clearTimeout(timer);
    timer = setTimeout(function () { search(input.value); }, 150);
  });
  form.addEventListener("submit", function (event) {
    // The CSP refuses form submission; the search runs here instead.
    event.preventDefault();
    clearTimeout(timer);
    search(input.value);
    var url = new URL(location.href);
    url.searchParams.set("q", input.value);
    history.replaceState(null, "", url);
  });

  var initial = new URLSearchParams(location.search).get("q");
  if (initial) {
    input.value = initial;
    search(initial);
  }
})();
