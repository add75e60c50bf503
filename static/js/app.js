// Small progressive enhancements; every page works without JavaScript.
(function () {
  "use strict";
  // Filters on the portfolio submit themselves when changed (the submit button stays for keyboard users).
  document.addEventListener("change", function (event) {
    var form = event.target.closest("form[data-autosubmit]");
    if (form) {
      if (window.htmx) { window.htmx.trigger(form, "submit"); } else { form.submit(); }
    }
  });
  // Forms with data-confirm ask before they are sent (a decision that cannot be undone, a deletion).
  document.addEventListener("submit", function (event) {
    var form = event.target;
    var question = form.getAttribute && form.getAttribute("data-confirm");
    if (question && !window.confirm(question)) {
      event.preventDefault();
      event.stopImmediatePropagation();
    }
  }, true);
  // After an htmx swap, move focus to the new content's heading so screen-reader users hear the result.
  document.addEventListener("htmx:afterSwap", function (event) {
    var heading = event.detail.target.querySelector("[data-focus-after-swap]");
    if (heading) { heading.setAttribute("tabindex", "-1"); heading.focus(); }
  });
})();
