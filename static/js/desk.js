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

/* Reading a card with the laptop's camera, where the browser can decode QR codes itself
   (BarcodeDetector). Cameras need a secure context: open the desk at http://127.0.0.1 on the
   laptop itself, or over HTTPS. Elsewhere the button stays hidden and the note explains. */
(function () {
  "use strict";
  var button = document.querySelector("[data-camera]");
  var video = document.querySelector("[data-camera-view]");
  var note = document.querySelector("[data-camera-note]");
  var field = document.getElementById("code");
  if (!button || !video || !field) { return; }
  var supported = "BarcodeDetector" in window && navigator.mediaDevices &&
                  window.isSecureContext;
  if (!supported) { if (note) { note.hidden = false; } return; }
  button.hidden = false;
  button.addEventListener("click", function () {
    var detector = new window.BarcodeDetector({ formats: ["qr_code"] });
    navigator.mediaDevices.getUserMedia({ video: { facingMode: "environment" } })
      .then(function (stream) {
        video.srcObject = stream;
        video.hidden = false;
        return video.play().then(function () {
          var timer = setInterval(function () {
            detector.detect(video).then(function (codes) {
              if (!codes.length) { return; }
              clearInterval(timer);
              stream.getTracks().forEach(function (t) { t.stop(); });
              field.value = codes[0].rawValue;
              field.form.submit();
            }).catch(function () {});
          }, 250);
        });
      })
      .catch(function () { if (note) { note.hidden = false; } });
  });
})();
