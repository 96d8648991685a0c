// Keeps what is typed in a form marked data-draf="<key>" in this browser's localStorage,
// so a dropped connection or a closed tab does not lose it: restored on the next visit
// when the form is empty, dropped once the server confirms the save (data-draf-hapus).
// Files are not kept (a browser cannot restore a file input). No data leaves the device.
(function () {
  "use strict";
  function kunci(form) { return "ekinerja-draf:" + form.dataset.draf; }
  function medan(form) {
    return Array.prototype.filter.call(form.elements, function (el) {
      return el.name && el.name !== "csrfmiddlewaretoken" && el.type !== "file" &&
        el.type !== "hidden" && el.type !== "submit" && el.tagName !== "BUTTON";
    });
  }
  function simpan(form) {
    var data = {};
    medan(form).forEach(function (el) { data[el.name] = el.value; });
    try { localStorage.setItem(kunci(form), JSON.stringify(data)); } catch (e) { /* full or disabled */ }
  }
  function pulihkan(form) {
    var teks = null;
    try { teks = localStorage.getItem(kunci(form)); } catch (e) { return; }
    if (!teks) return;
    var data;
    try { data = JSON.parse(teks); } catch (e) { return; }
    // Only into an untouched form: a form the server sent back with errors keeps its own
    // values, which are newer. A draft without its main text is not worth restoring.
    if (form.querySelector(".galat, .errorlist")) return;
    var utama = form.querySelector("textarea");
    if (!utama || utama.value.trim() !== "" || !(data[utama.name] || "").trim()) return;
    medan(form).forEach(function (el) {
      if (el.name in data && data[el.name] !== "") el.value = data[el.name];
    });
    var dipulihkan = true;
    var info = form.querySelector(".draf-info");
    if (info && dipulihkan) info.hidden = false;
  }
  document.querySelectorAll("form[data-draf]").forEach(function (form) {
    if (form.hasAttribute("data-draf-hapus")) {
      try { localStorage.removeItem(kunci(form)); } catch (e) { /* ignore */ }
    } else {
      pulihkan(form);
    }
    form.addEventListener("input", function () { simpan(form); });
    form.addEventListener("change", function () { simpan(form); });
  });
})();
