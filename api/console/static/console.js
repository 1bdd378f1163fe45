// procesregie console: draws BPMN diagrams with bpmn-js and marks them; sends the CSRF token with htmx.
(function () {
  "use strict";

  document.addEventListener("htmx:configRequest", function (event) {
    var meta = document.querySelector('meta[name="csrf-token"]');
    if (meta) event.detail.headers["X-CSRF-Token"] = meta.content;
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
    json(container, "data-done", []).forEach(function (id) { if (registry.get(id)) canvas.addMarker(id, "pr-done"); });
    json(container, "data-active", []).forEach(function (id) { if (registry.get(id)) canvas.addMarker(id, "pr-active"); });
    var heat = json(container, "data-heat", {});
    Object.keys(heat).forEach(function (id) {
      var gfx = registry.getGraphics(id);
      var shape = gfx && gfx.querySelector(".djs-visual > :first-child");
      if (shape) shape.style.fill = "rgba(196, 106, 0, " + (0.1 + 0.6 * heat[id]).toFixed(2) + ")";
    });
    var texts = json(container, "data-overlays", {});
    Object.keys(texts).forEach(function (id) {
      if (registry.get(id)) overlays.add(id, { position: { top: -10, right: 10 }, html: overlay(texts[id]) });
    });
    var problems = json(container, "data-problems", {});
    Object.keys(problems).forEach(function (id) {
      if (!registry.get(id)) return;
      canvas.addMarker(id, "pr-problem");
      overlays.add(id, { position: { bottom: -6, left: 0 }, html: overlay(problems[id], "problem") });
    });
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
