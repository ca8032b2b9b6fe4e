// Operator dashboard: refreshes tiles, tables and the orders-per-minute chart every second.
(function () {
  'use strict';
  var main = document.querySelector('[data-dashboard]');
  if (!main) { return; }
  var url = main.dataset.dashboard;
  var chartEl = document.getElementById('chart-orders');
  var labels = (chartEl.dataset.labels || 'placed|paid|expired').split('|');
  var chart = null;
  var number = new Intl.NumberFormat(document.documentElement.lang || 'en');

  function set(id, value) {
    var el = document.getElementById(id);
    if (el) { el.textContent = value; }
  }

  function draw(series) {
    var data = [series.at, series.placed, series.paid, series.expired];
    if (!window.uPlot) { return; }
    var width = Math.max(280, chartEl.clientWidth);
    if (!chart) {
      chart = new uPlot({
        width: width, height: 220,
        series: [{}, { label: labels[0], stroke: '#1f5fbf', width: 2 },
          { label: labels[1], stroke: '#1a7f37', width: 2 }, { label: labels[2], stroke: '#b3261e', width: 2 }],
        axes: [{}, { size: 48 }]
      }, data, chartEl);
    } else {
      chart.setData(data);
      if (Math.abs(chart.width - width) > 10) { chart.setSize({ width: width, height: 220 }); }
    }
  }

  function update(m) {
    set('tile-placed', number.format(m.totals.placed));
    set('tile-paid', number.format(m.totals.paid));
    set('tile-expired', number.format(m.totals.expired));
    set('tile-cases', number.format(m.totals.casesOpened));
    set('tile-unsolved', number.format(m.totals.casesUnsolved));
    set('tile-breaches', number.format(m.totals.firstResponseBreaches));
    set('tile-backlog', number.format(m.outbox.backlog));
    set('tile-oldest', number.format(Math.round(m.outbox.oldestAgeSeconds)));
    set('tile-lateness', m.lateness.count ? number.format(Math.round(m.lateness.p50Ms)) + ' / '
      + number.format(Math.round(m.lateness.p99Ms)) : '–');
    m.methods.forEach(function (x) {
      var row = document.querySelector('#methods tr[data-method="' + x.method + '"]');
      if (!row) { return; }
      var p = m.payments[x.method] || {};
      var table = document.getElementById('methods');
      row.querySelector('.health').textContent = table.dataset[x.status.toLowerCase()] || x.status;
      row.querySelector('.ok').textContent = number.format(p.SUCCEEDED || 0);
      row.querySelector('.failed').textContent = number.format(p.FAILED || 0);
    });
    Object.keys(m.refunds).forEach(function (k) { set('refunds-' + k, number.format(m.refunds[k])); });
    set('updated', new Date(m.at).toLocaleTimeString(document.documentElement.lang || 'en'));
    draw(m.perMinute);
  }

  function poll() {
    fetch(url, { headers: { Accept: 'application/json' }, credentials: 'same-origin' })
      .then(function (r) { return r.ok ? r.json() : null; })
      .then(function (m) { if (m) { update(m); } })
      .catch(function () { /* the next poll tries again */ })
      .finally(function () { setTimeout(poll, 1000); });
  }
  poll();
})();
