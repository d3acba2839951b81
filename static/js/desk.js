/* Counting desk keyboard: digits toggle the numbered boxes, Enter saves, Escape goes back to
   the code field. The desk works without this script (Tab, Space and Enter). */
(function () {
  "use strict";
  var form = document.querySelector("[data-desk-marks]");
  if (!form) { return; }
  var buffer = "";
  var timer = null;
  document.addEventListener("keydown", function (event) {
    if (event.target && event.target.id === "code") { return; }
    if (event.key >= "0" && event.key <= "9") {
      // Two quick digits make a number above 9 (for long lists).
      buffer += event.key;
      clearTimeout(timer);
      timer = setTimeout(function () { buffer = ""; }, 600);
      var box = form.querySelector('input[data-key="' + buffer + '"]') ||
                form.querySelector('input[data-key="' + event.key + '"]');
      if (box) { box.checked = !box.checked; box.focus(); }
      event.preventDefault();
    } else if (event.key === "Escape") {
      var code = document.getElementById("code");
      if (code) { code.focus(); code.select(); }
    } else if (event.key === "Enter" && event.target.type === "checkbox") {
      event.preventDefault();
      form.querySelector('button[value="count"]').click();
    }
  });
})();
