// Site search with Pagefind's JavaScript API over the site's bundles (built by every build).
// The query comes from the form (?q=...) or from typing; results are built as DOM nodes, and
// Pagefind's excerpts are reduced to text and <mark>, so no indexed text can become markup.
(function () {
  "use strict";
  var form = document.querySelector("form.search-form");
  if (!form) return;
  var input = form.querySelector("input[type=search]");
  var status = document.getElementById("search-status");
  var list = document.getElementById("search-results");
  // The index is one Pagefind bundle per period (bundles.json lists them, newest first): the
  // newest is loaded, and the others are merged into it, so one query searches them all.
  var manifest = new URL(form.getAttribute("data-bundles"), document.baseURI);
  // Results are site-relative: the site's root is the folder above pagefind/.
  var root = new URL("../", manifest).pathname;
  var SHOWN = 20;
  var CHECKED = 200; // at most this many results are fetched to find SHOWN real ones
  var pagefind = null;
  var latest = 0;
  var timer = null;
  var tail = Promise.resolve();

  function load() {
    if (!pagefind) {
      pagefind = fetch(manifest.href)
        .then(function (response) {
          if (!response.ok) throw new Error("no search index");
          return response.json();
        })
        .then(function (data) {
          var paths = data.bundles.map(function (b) { return new URL(b.name + "/", manifest); });
          if (!paths.length) return null; // nothing published yet
          return import(new URL("pagefind.js", paths[0]).href).then(function (module) {
            return module.options({ baseUrl: root }).then(function () {
              return Promise.all(paths.slice(1).map(function (path) {
                return module.mergeIndex(path.pathname, { baseUrl: root });
              }));
            }).then(function () {
              return module;
            });
          });
        });
    }
    return pagefind;
  }

  // Searches run one at a time (one may be loading index chunks another needs), and one queued
  // for a query the reader has since typed past is skipped.
  function search(module, term, ticket) {
    var next = tail.then(function () {
      return ticket === latest ? module.search(term) : null;
    });
    tail = next.catch(function () {});
    return next;
  }

  // Lower-case words without accents, as a page's text is compared with the query.
  function words(text) {
    return text.normalize("NFD").replace(/[\u0300-\u036f]/g, "").toLowerCase()
      .split(/[^\p{L}\p{N}]+/u).filter(Boolean);
  }

  // A bundle without a query word answers with pages holding a shorter prefix of it ("Tollerby"
  // finds "to"); merged, every week without the word would add such pages to the real hits. So
  // each word is also searched exactly ("word", no prefixes, no fallback, same stem), and a page
  // that is not among a word's exact hits is kept only if it has a word starting with it: one
  // being typed ("Tollerb").
  function real(data, missing) {
    if (!missing.length) return true;
    var have = words(((data.meta && data.meta.title) || "") + " " + (data.content || ""));
    return missing.every(function (t) {
      return have.some(function (w) { return w.lastIndexOf(t, 0) === 0; });
    });
  }

  // The best SHOWN real pages in score order, fetching results' data a batch at a time, and
  // whether more are real (so that the reader is told). A further result holding every word
  // exactly is real without fetching it; one that needs its text checked is fetched.
  function pick(candidates) {
    var kept = [];
    var end = Math.min(candidates.length, CHECKED);
    function next(start) {
      var rest = candidates.slice(start, end);
      if (kept.length > SHOWN || (kept.length === SHOWN && rest.some(function (c) { return !c.missing.length; }))) {
        return { pages: kept.slice(0, SHOWN), more: true };
      }
      if (!rest.length) return { pages: kept, more: false };
      var batch = rest.slice(0, SHOWN);
      return Promise.all(batch.map(function (c) { return c.result.data(); })).then(function (datas) {
        datas.forEach(function (d, i) { if (real(d, batch[i].missing)) kept.push(d); });
        return next(start + batch.length);
      });
    }
    return next(0);
  }

  function searchAll(module, query, ticket) {
    var quoted = /^\s*".+"\s*$/.test(query); // already exact: Pagefind does not fall back
    var terms = words(query);
    return search(module, query, ticket).then(function (found) {
      var results = (found && found.results) || [];
      if (!results.length || quoted) return pick(results.map(function (r) { return { result: r, missing: [] }; }));
      return Promise.all(terms.map(function (t) { return search(module, "\"" + t + "\"", ticket); }))
        .then(function (exact) {
          var hits = exact.map(function (e) {
            return new Set(((e && e.results) || []).map(function (r) { return r.id; }));
          });
          return pick(results.map(function (r) {
            return { result: r, missing: terms.filter(function (t, i) { return !hits[i].has(r.id); }) };
          }));
        });
    });
  }

  function excerpt(html) {
    var out = document.createElement("p");
    var parsed = new DOMParser().parseFromString(html, "text/html").body;
    parsed.childNodes.forEach(function (node) {
      if (node.nodeName === "MARK") {
        var mark = document.createElement("mark");
        mark.textContent = node.textContent;
        out.appendChild(mark);
      } else {
        out.appendChild(document.createTextNode(node.textContent));
      }
    });
    return out;
  }

  function show(query, found) {
    var results = found.pages;
    list.textContent = "";
    results.forEach(function (data) {
      var item = document.createElement("li");
      var heading = document.createElement("h2");
      var link = document.createElement("a");
      link.href = data.url;
      link.textContent = (data.meta && data.meta.title) || data.url;
      heading.appendChild(link);
      item.appendChild(heading);
      item.appendChild(excerpt(data.excerpt || ""));
      list.appendChild(item);
    });
    var quoted = "\u201c" + query + "\u201d";
    if (found.more) {
      status.textContent = "More than " + SHOWN + " stories found for " + quoted + "; the best " + SHOWN + " are shown.";
    } else if (results.length) {
      status.textContent = results.length + (results.length === 1 ? " story" : " stories") + " found for " + quoted + ".";
    } else {
      status.textContent = "Nothing found for " + quoted + ".";
    }
  }

  function run(query) {
    var ticket = ++latest;
    query = query.trim();
    clearTimeout(timer);
    if (!query) {
      list.textContent = "";
      status.textContent = "";
      return;
    }
    status.textContent = "Searching\u2026";
    // Typing waits for a pause, so that a word is not searched letter by letter.
    timer = setTimeout(function () {
      load()
        .then(function (module) {
          if (ticket !== latest) return null;
          return module ? searchAll(module, query, ticket) : { pages: [], more: false };
        })
        .then(function (found) {
          if (found && ticket === latest) show(query, found);
        })
        .catch(function () {
          if (ticket === latest) {
            status.textContent = "Search is not available here: it needs the site to be served over HTTP.";
          }
        });
    }, 200);
  }

  form.addEventListener("submit", function (event) {
    event.preventDefault();
    var url = new URL(window.location.href);
    url.searchParams.set("q", input.value);
    window.history.replaceState(null, "", url);
    run(input.value);
  });
  input.addEventListener("input", function () { run(input.value); });
  var initial = new URL(window.location.href).searchParams.get("q");
  if (initial) {
    input.value = initial;
    run(initial);
  }
})();
