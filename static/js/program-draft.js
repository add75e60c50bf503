// Keeps a field form's draft in this browser (localStorage) while it is filled in, so a dropped connection or
// a closed tab loses nothing. The draft is restored only into an empty form (a page the server sent back with
// errors keeps what was submitted), and cleared once the server confirms the save (data-clear-draft).
(function () {
  "use strict";
  var PREFIX = "secor-draft:";
  function fields(form) {
    return Array.prototype.filter.call(form.elements, function (el) {
      return el.name && el.type !== "file" && el.type !== "hidden" && el.type !== "submit";
    });
  }
  function save(form) {
    var data = {};
    fields(form).forEach(function (el) {
      if (el.type === "checkbox") {
        // Several ticks share a name (attendance): keep every ticked value.
        data[el.name] = data[el.name] || [];
        if (el.checked) data[el.name].push(el.value);
      } else if (el.type === "radio") {
        if (el.checked) data[el.name] = el.value;
      } else {
        data[el.name] = el.value;
      }
    });
    try { localStorage.setItem(PREFIX + form.dataset.draft, JSON.stringify(data)); } catch (e) { /* full or off */ }
  }
  function restore(form) {
    var raw;
    try { raw = localStorage.getItem(PREFIX + form.dataset.draft); } catch (e) { return; }
    if (!raw) return;
    var data = JSON.parse(raw);
    var restored = false;
    fields(form).forEach(function (el) {
      if (!(el.name in data)) return;
      if (el.type === "checkbox") {
        var ticked = data[el.name];
        el.checked = Array.isArray(ticked) ? ticked.indexOf(el.value) !== -1 : ticked === el.value;
      } else if (el.type === "radio") {
        el.checked = data[el.name] === el.value;
      } else {
        el.value = data[el.name];
      }
      restored = true;
    });
    var note = form.querySelector("[data-draft-note]");
    if (restored && note) note.hidden = false;
  }
  document.querySelectorAll("[data-clear-draft]").forEach(function (el) {
    try { localStorage.removeItem(PREFIX + el.dataset.clearDraft); } catch (e) { /* ignore */ }
  });
  document.querySelectorAll("form[data-draft]").forEach(function (form) {
    if (form.dataset.bound !== "1") restore(form);
    form.addEventListener("input", function () { save(form); });
    form.addEventListener("change", function () { save(form); });
  });
})();
