// Orderly console: small progressive enhancement. Everything works without it.
(function () {
  'use strict';
  // the viewer's time zone, for the server to show times in (read from the cookie "tz")
  try {
    var zone = Intl.DateTimeFormat().resolvedOptions().timeZone;
    if (zone && document.cookie.indexOf('tz=' + encodeURIComponent(zone)) < 0) {
      document.cookie = 'tz=' + encodeURIComponent(zone) + '; path=/; max-age=31536000; SameSite=Lax';
    }
  } catch (e) { /* keep UTC */ }

  // countdowns: <span class="countdown" data-until="epoch millis">
  function pad(n) { return n < 10 ? '0' + n : '' + n; }
  function tick() {
    var now = Date.now();
    document.querySelectorAll('.countdown[data-until]').forEach(function (el) {
      var left = Math.max(0, Math.floor((Number(el.dataset.until) - now) / 1000));
      var h = Math.floor(left / 3600), m = Math.floor((left % 3600) / 60), s = left % 60;
      el.textContent = h > 0 ? h + ':' + pad(m) + ':' + pad(s) : m + ':' + pad(s);
      el.classList.toggle('due', left === 0);
    });
  }
  setInterval(tick, 1000);
  document.addEventListener('DOMContentLoaded', tick);

  // the proof of cancellation prints by itself
  document.addEventListener('click', function (e) {
    var t = e.target;
    if (t && t.classList && t.classList.contains('print')) {
      var proof = t.closest('.proof');
      if (proof) { proof.classList.add('printing'); }
      window.print();
      if (proof) { proof.classList.remove('printing'); }
    }
  });
})();
