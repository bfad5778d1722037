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
  var pagefind = null;
  var latest = 0;

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
    if (!query) {
      list.textContent = "";
      status.textContent = "";
      return;
    }
    status.textContent = "Searching\u2026";
    load()
      .then(function (module) {
        return module ? module.debouncedSearch(query, {}, 200) : { results: [] };
      })
      .then(function (search) {
        if (!search || ticket !== latest) return null;
        return Promise.all(search.results.slice(0, 20).map(function (r) { return r.data(); }));
      })
      .then(function (results) {
        if (results && ticket === latest) show(query, results);
      })
      .catch(function () {
        status.textContent = "Search is not available here: it needs the site to be served over HTTP.";
      });
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
