/* <verbund-map>: the Verbund map of organisations as a custom element.
 *
 * Used by the site's own map page, by the framed embed page and on other websites:
 *   <script src="https://verbund.example/static/maps/verbund-map.js" defer></script>
 *   <verbund-map network="migranet-mv" lang="de" height="450"></verbund-map>
 *
 * It draws into a shadow root, so the host page's styles neither break nor see the map.
 * Leaflet and Leaflet.markercluster are loaded from the same server unless the page has them.
 * Markers come from /embed/organisations.geojson (CORS-enabled public data). Tiles are
 * optional: when they fail or are switched off, the markers stay on a plain background.
 */
(function () {
  "use strict";

  var script = document.currentScript;
  var scriptUrl = new URL(script ? script.src : "/static/maps/verbund-map.js", location.href);
  // Shown when the data never arrives, so the labels the data carries are not there either.
  var LOAD_FAILED = {
    de: "Die Karte konnte nicht geladen werden.",
    en: "The map could not be loaded.",
    tr: "Harita yüklenemedi.",
    ar: "تعذّر تحميل الخريطة.",
    fa: "بارگذاری نقشه ممکن نشد.",
    ru: "Не удалось загрузить карту.",
    uk: "Не вдалося завантажити карту."
  };
  var site = (script && script.getAttribute("data-site")) || scriptUrl.origin;
  var staticRoot = new URL("../", scriptUrl).href;
  var STYLES = [
    "xstatic/leaflet/leaflet.css",
    "xstatic/leaflet-markercluster/MarkerCluster.css",
    "maps/verbund-map.css"
  ];
  var SCRIPTS = [
    "xstatic/leaflet/leaflet.js",
    "xstatic/leaflet-markercluster/leaflet.markercluster.js"
  ];
  var FILTERS = ["network", "organisation", "kind", "theme", "language", "state", "city", "q"];
  var GERMANY = [51.16, 10.45];
  var loading = {};

  function loadScript(url) {
    if (!loading[url]) {
      loading[url] = new Promise(function (resolve, reject) {
        var element = document.createElement("script");
        element.src = url;
        element.onload = resolve;
        element.onerror = function () { reject(new Error("could not load " + url)); };
        document.head.appendChild(element);
      });
    }
    return loading[url];
  }

  function leafletReady() {
    if (window.L && window.L.MarkerClusterGroup) { return Promise.resolve(window.L); }
    var first = window.L ? Promise.resolve() : loadScript(staticRoot + SCRIPTS[0]);
    return first.then(function () {
      return window.L.MarkerClusterGroup ? null : loadScript(staticRoot + SCRIPTS[1]);
    }).then(function () { return window.L; });
  }

  function node(tag, className, text) {
    var element = document.createElement(tag);
    if (className) { element.className = className; }
    if (text) { element.textContent = text; }
    return element;
  }

  function clusterIcon(L, count, labels) {
    var html = node("span", "vm-cluster-count", String(count));
    html.appendChild(node("span", "vm-hidden", " " + (labels.cluster || "")));
    var size = count < 100 ? 38 : (count < 1000 ? 46 : 54);
    return L.divIcon({ html: html, className: "vm-cluster", iconSize: [size, size] });
  }

  function countText(labels, count) {
    return count === 1 ? labels.count_one : labels.count_many.replace("{count}", String(count));
  }

  class VerbundMap extends HTMLElement {
    connectedCallback() {
      if (this.shadowRoot) { return; }
      this.markersBySlug = {};
      this.render();
    }

    dataUrl() {
      var url = new URL(this.getAttribute("src") || site + "/embed/organisations.geojson",
                        location.href);
      var element = this;
      FILTERS.forEach(function (name) {
        var raw = element.getAttribute(name) || "";
        // Facets take several values separated by commas; the search text is one value.
        (name === "q" ? [raw] : raw.split(",")).forEach(function (value) {
          if (value.trim()) { url.searchParams.append(name, value.trim()); }
        });
      });
      url.searchParams.set("lang", this.interfaceLanguage());
      return url.href;
    }

    interfaceLanguage() {
      return this.getAttribute("lang") || document.documentElement.lang || "de";
    }

    render() {
      var root = this.attachShadow({ mode: "open" });
      var styled = STYLES.map(function (path) {
        var link = document.createElement("link");
        link.rel = "stylesheet";
        link.href = staticRoot + path;
        root.appendChild(link);
        // Leaflet measures its container when it starts: wait for the sizes to apply.
        return new Promise(function (resolve) { link.onload = link.onerror = resolve; });
      });
      var frame = node("div", "vm-frame");
      if (["ar", "fa"].indexOf(this.interfaceLanguage()) >= 0) { frame.dir = "rtl"; }
      this.status = node("p", "vm-status");
      this.status.setAttribute("role", "status");
      this.mapElement = node("div", "vm-map");
      this.mapElement.setAttribute("role", "region");
      var height = parseInt(this.getAttribute("height") || "", 10);
      if (!this.hasAttribute("fill") && height >= 100 && height <= 2000) {
        this.mapElement.style.height = height + "px";
      }
      frame.appendChild(this.mapElement);
      frame.appendChild(this.status);
      root.appendChild(frame);
      this.frame = frame;

      var element = this;
      Promise.all([
        leafletReady(),
        Promise.all(styled),
        fetch(this.dataUrl(), { credentials: "omit" }).then(function (response) {
          if (!response.ok) { throw new Error("HTTP " + response.status); }
          return response.json();
        })
      ]).then(function (results) {
        element.draw(results[0], results[2]);
      }).catch(function (error) {
        element.status.textContent =
          LOAD_FAILED[element.interfaceLanguage()] || LOAD_FAILED.en;
        element.setAttribute("data-error", String(error && error.message));
      });
    }

    draw(L, data) {
      var meta = data.verbund || {};
      var labels = meta.labels || {};
      this.labels = labels;
      this.target = this.getAttribute("link-target") || "_blank";
      this.mapElement.setAttribute("aria-label", labels.map || "Map");
      var map = L.map(this.mapElement, { scrollWheelZoom: false, worldCopyJump: true });
      this.map = map;
      var tiles = meta.tiles || {};
      if (tiles.url) {
        L.tileLayer(tiles.url, { attribution: tiles.attribution || "", maxZoom: 19 }).addTo(map);
      }
      this.cluster = L.markerClusterGroup({
        showCoverageOnHover: false,
        iconCreateFunction: function (group) {
          return clusterIcon(L, group.getChildCount(), labels);
        }
      });
      // Many organisations: the server sends clusters for the view (see the data endpoint).
      this.serverClusters = L.layerGroup();

      var centre = (this.getAttribute("center") || "").split(",").map(parseFloat);
      var zoom = parseInt(this.getAttribute("zoom") || "", 10);
      var bounds = meta.bounds;
      if (centre.length === 2 && !isNaN(centre[0]) && !isNaN(centre[1])) {
        map.setView(centre, isNaN(zoom) ? 12 : zoom);
      } else if (bounds && (bounds[0][0] !== bounds[1][0] || bounds[0][1] !== bounds[1][1])) {
        map.fitBounds(bounds, { padding: [24, 24], maxZoom: isNaN(zoom) ? 14 : zoom });
      } else if (bounds) {
        map.setView(bounds[0], isNaN(zoom) ? 13 : zoom);
      } else {
        map.setView(GERMANY, isNaN(zoom) ? 5 : zoom);
      }
      this.showData(data);
      // Added after the view is set, so the markers appear without a zoom animation.
      map.addLayer(this.cluster);
      map.addLayer(this.serverClusters);
      var count = meta.count || 0;
      if (meta.mode && meta.mode !== "markers") {
        var element = this;
        var timer = null;
        map.on("moveend", function () {
          clearTimeout(timer);
          timer = setTimeout(function () { element.reload(); }, 150);
        });
        this.reload();
      }

      this.status.textContent = count ? countText(labels, count) : (labels.none || "");
      if (this.getAttribute("list") !== "none" && meta.mode === "markers") {
        this.renderList(data.features || [], labels, this.target);
      }
      if (meta.map_url && this.getAttribute("link-target") !== "_self") {
        var more = node("a", "vm-site", labels.site || meta.map_url);
        more.href = meta.map_url;
        more.target = "_blank";
        more.rel = "noopener";
        this.frame.appendChild(more);
      }
      this.setAttribute("data-markers", String(count));
      this.dispatchEvent(new CustomEvent("verbund-map:ready", {
        bubbles: true, detail: { count: count }
      }));
    }

    showData(data) {
      var L = window.L;
      var element = this;
      var labels = this.labels;
      this.cluster.clearLayers();
      this.serverClusters.clearLayers();
      this.markersBySlug = {};
      var markers = [];
      (data.features || []).forEach(function (feature) {
        var p = feature.properties || {};
        var c = feature.geometry && feature.geometry.coordinates;
        if (!c) { return; }
        var latlng = [c[1], c[0]];
        if (p.cluster) {
          var group = L.marker(latlng, { icon: clusterIcon(L, p.count, labels), keyboard: true });
          group.on("click", function () {
            var b = p.bounds;
            if (b && (b[0][0] !== b[1][0] || b[0][1] !== b[1][1])) {
              element.map.fitBounds(b, { padding: [24, 24] });
            } else {
              element.map.setView(latlng, element.map.getZoom() + 3);
            }
          });
          element.serverClusters.addLayer(group);
          return;
        }
        var icon = L.divIcon({
          className: "vm-marker",
          html: node("span", "vm-hidden", p.name),
          iconSize: [22, 22],
          iconAnchor: [11, 22],
          popupAnchor: [0, -20]
        });
        var marker = L.marker(latlng, { icon: icon, title: p.name, keyboard: true });
        marker.bindPopup(function () { return element.popup(p, labels, element.target); });
        marker.on("popupopen", function () {
          element.dispatchEvent(new CustomEvent("verbund-map:open", {
            bubbles: true, detail: { slug: p.slug }
          }));
        });
        element.markersBySlug[p.slug] = marker;
        markers.push(marker);
      });
      this.cluster.addLayers(markers);
      if (this.pendingSlug && this.markersBySlug[this.pendingSlug]) {
        var slug = this.pendingSlug;
        this.pendingSlug = null;
        this.showOrganisation(slug);
      }
    }

    /* The markers or clusters of the current view, when there are too many for one load. */
    reload() {
      var element = this;
      var b = this.map.getBounds();
      var url = new URL(this.dataUrl());
      url.searchParams.set("bbox", [
        Math.max(b.getWest(), -180), Math.max(b.getSouth(), -90),
        Math.min(b.getEast(), 180), Math.min(b.getNorth(), 90)
      ].map(function (n) { return n.toFixed(4); }).join(","));
      url.searchParams.set("zoom", String(this.map.getZoom()));
      var sequence = (this.sequence || 0) + 1;
      this.sequence = sequence;
      fetch(url.href, { credentials: "omit" }).then(function (response) {
        return response.json();
      }).then(function (data) {
        if (sequence === element.sequence) { element.showData(data); }
      }).catch(function () { /* the last view stays */ });
    }

    popup(p, labels, target) {
      var box = node("div", "vm-popup");
      var title = node("a", "vm-popup-name", p.name);
      title.href = p.url.indexOf("http") === 0 ? p.url : site + p.url;
      if (target !== "_self") { title.target = target; title.rel = "noopener"; }
      box.appendChild(title);
      box.appendChild(node("p", "vm-popup-meta",
                           [p.kind_label, p.city].filter(Boolean).join(" · ")));
      if (p.languages && p.languages.length) {
        box.appendChild(node("p", "vm-popup-languages",
                             (labels.languages || "") + " " + p.languages.join(", ")));
      }
      return box;
    }

    renderList(features, labels, target) {
      var details = node("details", "vm-list");
      details.appendChild(node("summary", "", labels.list || "List"));
      var list = node("ul");
      features.forEach(function (feature) {
        var p = feature.properties;
        var item = node("li");
        var link = node("a", "", p.name);
        link.href = p.url.indexOf("http") === 0 ? p.url : site + p.url;
        if (target !== "_self") { link.target = target; link.rel = "noopener"; }
        item.appendChild(link);
        var meta = [p.kind_label, p.city].filter(Boolean).join(", ");
        if (meta) { item.appendChild(document.createTextNode(" – " + meta)); }
        list.appendChild(item);
      });
      details.appendChild(list);
      this.frame.appendChild(details);
    }

    /* Shows one organisation's marker and opens its popup (the map page's list uses it). */
    showOrganisation(slug) {
      if (!this.cluster) { return; }
      this.mapElement.scrollIntoView({ block: "nearest" });
      var marker = this.markersBySlug && this.markersBySlug[slug];
      if (marker) {
        this.cluster.zoomToShowLayer(marker, function () { marker.openPopup(); });
        return;
      }
      // Not loaded yet (a view with clusters): go there; the next load opens the popup.
      var element = this;
      var url = new URL(this.getAttribute("src") || site + "/embed/organisations.geojson",
                        location.href);
      url.searchParams.set("organisation", slug);
      url.searchParams.set("lang", this.interfaceLanguage());
      fetch(url.href, { credentials: "omit" }).then(function (response) {
        return response.json();
      }).then(function (data) {
        var feature = (data.features || [])[0];
        if (!feature) { return; }
        element.pendingSlug = slug;
        var c = feature.geometry.coordinates;
        element.map.setView([c[1], c[0]], Math.max(element.map.getZoom(), 15));
      });
    }
  }

  if (!window.customElements.get("verbund-map")) {
    window.customElements.define("verbund-map", VerbundMap);
  }
})();
