// procesregie console: draws BPMN diagrams with bpmn-js and marks them; sends the CSRF token with htmx.
(function () {
  "use strict";

  document.addEventListener("htmx:configRequest", function (event) {
    var meta = document.querySelector('meta[name="csrf-token"]');
    if (meta) event.detail.headers["X-CSRF-Token"] = meta.content;
  });

  // A refused button (a task a colleague just picked up or completed): the service sends its Dutch
  // error page for the page's content (HX-Retarget), which htmx would drop as an error; show it, and
  // put the focus on it so a keyboard or screen reader user is where the message is.
  document.addEventListener("htmx:beforeSwap", function (event) {
    var xhr = event.detail.xhr;
    if (xhr.status >= 400 && xhr.getResponseHeader("HX-Retarget")) {
      event.detail.shouldSwap = true;
      event.detail.isError = false;
    }
  });
  document.addEventListener("htmx:afterSwap", function (event) {
    if (event.detail.xhr && event.detail.xhr.status >= 400) {
      var main = document.getElementById("inhoud");
      if (main) main.focus();
    }
  });

  function json(element, name, fallback) {
    try { return JSON.parse(element.getAttribute(name) || "") || fallback; } catch (e) { return fallback; }
  }

  function overlay(text, className) {
    var span = document.createElement("span");
    span.className = "pr-overlay" + (className ? " " + className : "");
    span.textContent = text;
    return span;
  }

  async function draw(container) {
    if (container.dataset.drawn) return;
    container.dataset.drawn = "1";
    var viewer = new BpmnJS({ container: container });
    var response = await fetch(container.dataset.bpmn, { credentials: "same-origin" });
    if (!response.ok) {
      container.innerHTML = '<p class="diagram-error">Het diagram kon niet worden geladen.</p>';
      return;
    }
    try {
      await viewer.importXML(await response.text());
    } catch (err) {
      container.innerHTML = "";
      var p = document.createElement("p");
      p.className = "diagram-error";
      p.textContent = "Het diagram kan niet worden getekend: " + err.message;
      container.appendChild(p);
      return;
    }
    var canvas = viewer.get("canvas");
    var overlays = viewer.get("overlays");
    var registry = viewer.get("elementRegistry");
    canvas.zoom("fit-viewport", "auto");
    var whole = canvas.viewbox();
    json(container, "data-done", []).forEach(function (id) { if (registry.get(id)) canvas.addMarker(id, "pr-done"); });
    var active = json(container, "data-active", []).map(function (id) { return registry.get(id); }).filter(Boolean);
    active.forEach(function (element) {
      canvas.addMarker(element.id, "pr-active");
      // A running subprocess gets the orange line only: the task inside it stands out in orange.
      if (element.type === "bpmn:SubProcess") canvas.addMarker(element.id, "pr-container");
    });
    var heat = json(container, "data-heat", {});
    if (whole.scale < READABLE) {
      // Too small to read: open on where the case is, else on the busiest tasks of the heat map, else
      // on where the process starts; the button shows the whole.
      var most = Math.max.apply(null, [0].concat(Object.keys(heat).map(function (id) { return heat[id]; })));
      var busiest = Object.keys(heat).filter(function (id) { return heat[id] === most; }).map(function (id) { return registry.get(id); }).filter(Boolean);
      var starts = registry.filter(function (e) { return e.type === "bpmn:StartEvent" && e.parent && !/SubProcess$/.test(e.parent.type); });
      var shown = active.length ? active : busiest.length ? busiest : starts;
      if (shown.length) {
        focus(canvas, shown, drawn(registry));
        offerWhole(container, canvas, whole);
      }
    }
    Object.keys(heat).forEach(function (id) {
      var gfx = registry.getGraphics(id);
      var shape = gfx && gfx.querySelector(".djs-visual > :first-child");
      if (shape) shape.style.fill = "rgba(196, 106, 0, " + (0.1 + 0.6 * heat[id]).toFixed(2) + ")";
    });
    var texts = json(container, "data-overlays", {});
    var obstacles = registry.filter(function (e) { return !e.waypoints && !CONTAINERS.test(e.type) && e.type !== "bpmn:SubProcess"; });
    Object.keys(texts).forEach(function (id) {
      var element = registry.get(id);
      if (!element) return;
      var html = overlay(texts[id], "count");
      overlays.add(id, { position: corner(element, size(container, html), obstacles), html: html });
    });
    var problems = json(container, "data-problems", {});
    Object.keys(problems).forEach(function (id) {
      if (!registry.get(id)) return;
      canvas.addMarker(id, "pr-problem");
      overlays.add(id, { position: { bottom: -6, left: 0 }, html: overlay(problems[id], "problem") });
    });
  }

  // Shapes that hold others: an overlay may lie on them, not on their names (those are labels).
  var CONTAINERS = /^bpmn:(Process|Collaboration|Participant|Lane)$/;

  // The size of an overlay in the diagram's units (overlays zoom with the diagram, so one CSS pixel is one unit).
  function size(container, html) {
    html.style.visibility = "hidden";
    html.style.position = "absolute";
    container.appendChild(html);
    var measured = { width: html.offsetWidth, height: html.offsetHeight };
    container.removeChild(html);
    html.style.visibility = html.style.position = "";
    return measured;
  }

  // Where a count goes on its element: the outside corner (top right first) that covers the least of the
  // names and shapes around it; a gateway's or event's name stands outside its shape, often at the top right.
  function corner(element, box, obstacles) {
    var lap = 6, w = element.width, h = element.height;
    var candidates = [
      { top: lap - box.height, left: w - lap },
      { top: h - lap, left: w - lap },
      { top: lap - box.height, left: lap - box.width },
      { top: h - lap, left: lap - box.width },
    ];
    var best = candidates[0], least = Infinity;
    candidates.forEach(function (c) {
      var x = element.x + c.left, y = element.y + c.top, covered = 0;
      obstacles.forEach(function (o) {
        if (o === element) return;
        var dx = Math.min(x + box.width, o.x + o.width) - Math.max(x, o.x);
        var dy = Math.min(y + box.height, o.y + o.height) - Math.max(y, o.y);
        if (dx > 0 && dy > 0) covered += dx * dy;
      });
      if (covered < least) { least = covered; best = c; }
    });
    return best;
  }

  // Below this scale the names in a diagram cannot be read: a page that marks where a case is then
  // shows that part at a readable scale, and a button shows the whole diagram again.
  var READABLE = 0.6;

  // What the diagram draws (its shapes, their names and its flows, not the pools and lanes around them, which
  // can be empty where a view opens), as boxes: a flow by its segments.
  function drawn(registry) {
    var boxes = [];
    registry.forEach(function (e) {
      if (CONTAINERS.test(e.type)) return;
      if (!e.waypoints) boxes.push({ x: e.x, y: e.y, width: e.width, height: e.height });
      else for (var i = 1; i < e.waypoints.length; i++) {
        var a = e.waypoints[i - 1], b = e.waypoints[i];
        boxes.push({ x: Math.min(a.x, b.x), y: Math.min(a.y, b.y), width: Math.abs(a.x - b.x), height: Math.abs(a.y - b.y) });
      }
    });
    return boxes;
  }

  // A view of the diagram moved up or down (not zoomed, nor sideways) so that it shows as little as possible
  // beside what is drawn in its columns: a lane empty there (the klant's, above the aanvraag's decision)
  // stays out of view, and where the view is taller than what is drawn there, that stands in its middle.
  function within(view, boxes) {
    var margin = 40;
    var columns = boxes.filter(function (b) { return b.x <= view.x + view.width && b.x + b.width >= view.x; });
    if (!columns.length) return view;
    var top = Math.min.apply(null, columns.map(function (b) { return b.y; }));
    var bottom = Math.max.apply(null, columns.map(function (b) { return b.y + b.height; }));
    var y = view.height >= bottom - top + 2 * margin
      ? (top + bottom - view.height) / 2
      : Math.max(top - margin, Math.min(view.y, bottom + margin - view.height));
    return { x: view.x, y: y, width: view.width, height: view.height };
  }

  function focus(canvas, elements, boxes) {
    // The tasks where the case is, not the subprocess around them nor its running timers.
    var tasks = elements.filter(function (e) { return /Task$/.test(e.type); });
    var inner = elements.filter(function (e) { return e.type !== "bpmn:SubProcess"; });
    var shown = tasks.length ? tasks : inner.length ? inner : elements;
    var minX = Math.min.apply(null, shown.map(function (e) { return e.x; }));
    var minY = Math.min.apply(null, shown.map(function (e) { return e.y; }));
    var maxX = Math.max.apply(null, shown.map(function (e) { return e.x + e.width; }));
    var maxY = Math.max.apply(null, shown.map(function (e) { return e.y + e.height; }));
    var box = canvas.viewbox(), outer = box.outer;
    if (shown.every(function (e) { return e.type === "bpmn:StartEvent"; })) {
      // Nothing marked: the first part of the process at a readable scale, from its left edge, the
      // diagram's middle in the middle, unless that would cut off the start (a klant's lane on top).
      var w = outer.width / READABLE, h = outer.height / READABLE;
      var y = box.inner.y + box.inner.height / 2 - h / 2;
      y = Math.max(Math.min(y, minY - 40), maxY + 40 - h);
      canvas.viewbox(within({ x: box.inner.x - 10, y: y, width: w, height: h }, boxes));
      return;
    }
    var margin = 120;
    var scale = Math.min(0.8, outer.width / (maxX - minX + 2 * margin), outer.height / (maxY - minY + 2 * margin));
    var width = outer.width / scale, height = outer.height / scale;
    canvas.viewbox(within({ x: (minX + maxX - width) / 2, y: (minY + maxY - height) / 2, width: width, height: height }, boxes));
  }

  function offerWhole(container, canvas, whole) {
    var button = document.createElement("button");
    button.type = "button";
    button.className = "secondary diagram-whole";
    button.textContent = "Hele diagram tonen";
    button.addEventListener("click", function () {
      canvas.viewbox({ x: whole.x, y: whole.y, width: whole.width, height: whole.height });
      button.remove();
    });
    container.insertAdjacentElement("afterend", button);
  }

  function drawAll(root) {
    (root || document).querySelectorAll(".diagram[data-bpmn]").forEach(function (container) { draw(container); });
  }

  // A form that came back with errors: the summary gets the focus, so a keyboard or screen reader user hears it.
  function focusErrors() {
    var summary = document.querySelector(".error-summary[tabindex]");
    if (summary) summary.focus();
  }

  if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", focusErrors);
  else focusErrors();
  if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", function () { drawAll(); });
  else drawAll();
  document.addEventListener("htmx:afterSwap", function (event) { drawAll(event.target); });
})();
