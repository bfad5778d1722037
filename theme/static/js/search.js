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
  // The index is one Pagefind bundle per period (bundles.json lists them, newest first). Each
  // bundle is searched as its own Pagefind instance rather than merged into one: when a word is
  // missing from a bundle, Pagefind falls back to a shorter prefix of it ("Tollerby" to "to") and
  // returns pages that do not contain it. Merged, every week without the word would add such
  // pages to the real hits, so a bundle's fallback results are checked before they are shown.
  var manifest = new URL(form.getAttribute("data-bundles"), document.baseURI);
  // Results are site-relative: the site's root is the folder above pagefind/.
  var root = new URL("../", manifest).pathname;
  var SHOWN = 20;
  var CHECKED = 200; // at most this many candidates are fetched to find SHOWN real ones
  var instances = null;
  var latest = 0;
  var timer = null;

  function load() {
    if (!instances) {
      instances = fetch(manifest.href)
        .then(function (response) {
          if (!response.ok) throw new Error("no search index");
          return response.json();
        })
        .then(function (data) {
          var paths = data.bundles.map(function (b) { return new URL(b.name + "/", manifest); });
          if (!paths.length) return []; // nothing published yet
          return import(new URL("pagefind.js", paths[0]).href).then(function (module) {
            return paths.map(function (path) {
              return module.createInstance({ basePath: path.pathname, baseUrl: root });
            });
          });
        });
    }
    return instances;
  }

  // Lower-case words without accents, as the page text is compared with the query.
  function words(text) {
    return text.normalize("NFD").replace(/[\u0300-\u036f]/g, "").toLowerCase()
      .split(/[^\p{L}\p{N}]+/u).filter(Boolean);
  }

  // One bundle's results, each with the query words the bundle does not hold as words (their
  // stems): for those, Pagefind either extended a typed prefix or fell back to a shorter one.
  function searchBundle(instance, query, quoted, terms) {
    return instance.search(query).then(function (found) {
      var results = (found && found.results) || [];
      if (!results.length || quoted) return results.map(function (r) { return { result: r, missing: [] }; });
      return Promise.all(terms.map(function (t) { return instance.search("\"" + t + "\""); })).then(function (exact) {
        var missing = terms.filter(function (t, i) { return !(exact[i] && exact[i].results.length); });
        return results.map(function (r) { return { result: r, missing: missing }; });
      });
    });
  }

  // A page found through a missing word is real only if it has a word starting with it (a prefix
  // being typed); a fallback to a shorter prefix is not.
  function real(data, missing) {
    if (!missing.length) return true;
    var have = words(((data.meta && data.meta.title) || "") + " " + (data.content || ""));
    return missing.every(function (t) {
      return have.some(function (w) { return w.lastIndexOf(t, 0) === 0; });
    });
  }

  // The best SHOWN real pages, fetching candidates' data a batch at a time in score order.
  function pick(candidates) {
    var kept = [];
    function next(start) {
      if (kept.length >= SHOWN || start >= Math.min(candidates.length, CHECKED)) return kept.slice(0, SHOWN);
      var batch = candidates.slice(start, start + SHOWN);
      return Promise.all(batch.map(function (c) { return c.result.data(); })).then(function (datas) {
        datas.forEach(function (d, i) { if (real(d, batch[i].missing)) kept.push(d); });
        return next(start + SHOWN);
      });
    }
    return next(0);
  }

  function searchAll(list, query) {
    var quoted = /^\s*".+"\s*$/.test(query);
    var terms = words(query);
    return Promise.all(list.map(function (instance) { return searchBundle(instance, query, quoted, terms); }))
      .then(function (perBundle) {
        // Newest bundle first, then by score: the sort is stable, so ties keep the newer week first.
        var candidates = [].concat.apply([], perBundle);
        candidates.sort(function (a, b) { return b.result.score - a.result.score; });
        return pick(candidates);
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

  function show(query, results) {
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
    status.textContent = results.length
      ? results.length + (results.length === 1 ? " story" : " stories") + " found for \u201c" + query + "\u201d."
      : "Nothing found for \u201c" + query + "\u201d.";
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
        .then(function (bundles) {
          return ticket === latest ? searchAll(bundles, query) : null;
        })
        .then(function (results) {
          if (results && ticket === latest) show(query, results);
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
