// The overview's chart: throughput and p99 end-to-end latency over the last hour, redrawn every 10 s.
(function () {
  "use strict";
  var chart = null;
  function draw(series) {
    var el = document.getElementById("chart");
    var data = [series.times, series.throughput, series.p99Millis];
    var width = Math.max(300, el.clientWidth || 800);
    if (chart) { chart.setData(data); chart.setSize({ width: width, height: 260 }); return; }
    chart = new uPlot({
      width: width, height: 260,
      scales: { x: { time: true }, rate: { auto: true }, ms: { auto: true } },
      series: [
        {},
        { label: "commands/s", scale: "rate", stroke: "#1f6feb", width: 2 },
        { label: "p99 ms", scale: "ms", stroke: "#d1242f", width: 2 }
      ],
      axes: [{}, { scale: "rate", label: "commands/s" }, { scale: "ms", side: 1, label: "p99 ms", grid: { show: false } }]
    }, data, el);
  }
  function load() {
    fetch("/overview/series", { credentials: "same-origin", headers: { "Accept": "application/json" } })
      .then(function (r) { return r.ok ? r.json() : null; })
      .then(function (s) { if (s) { draw(s); } })
      .catch(function () { /* the table above says when figures are missing */ });
  }
  document.addEventListener("DOMContentLoaded", function () { load(); setInterval(load, 10000); });
})();
