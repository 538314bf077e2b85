/* The steady-intake timeline: daily vitamin K bars, the usual mean ± SD as a band, the
   4-day average as a line, INR points on a second axis with the clinic's range shaded, dose
   changes as dashed markers. Data from the json_script block "timeline-data" (strict CSP). */
(function () {
  "use strict";

  var C = window.K2_CHART_COLOURS;
  var BARS = C.neutral, AVERAGE = C.k2, USUAL = C.usualBand, INR = C.warning, RANGE = C.k1Band;
  var DOSE = C.accent;
  var SUPPLEMENT = C.k2; // scheduled supplements started, changed or stopped

  function band(chart, scale, low, high, colour) {
    var area = chart.chartArea;
    var top = scale.getPixelForValue(high);
    var bottom = scale.getPixelForValue(low);
    chart.ctx.save();
    chart.ctx.fillStyle = colour;
    chart.ctx.fillRect(area.left, top, area.right - area.left, bottom - top);
    chart.ctx.restore();
  }

  // Bands behind the data, dose markers over it: a small plugin, no annotation library.
  var timelinePlugin = {
    id: "k2Timeline",
    beforeDatasetsDraw: function (chart, args, options) {
      var data = options.data;
      if (data.usual) band(chart, chart.scales.y, data.usual.low, data.usual.high, USUAL);
      if (data.range && chart.scales.inr) band(chart, chart.scales.inr, data.range[0], data.range[1], RANGE);
    },
    afterDatasetsDraw: function (chart, args, options) {
      (options.data.supplements || []).forEach(function (text, i) {
        if (text) marker(chart, i, SUPPLEMENT, [1, 3], "supplement " + text, 24);
      });
      options.data.doses.forEach(function (dose, i) {
        if (dose) marker(chart, i, DOSE, [4, 3], "dose: " + dose.split(": ").slice(1).join(": "), 11);
      });
    },
  };

  // A dated event: a vertical line across the chart at day i, labelled near the top.
  function marker(chart, i, colour, dash, label, y) {
    var ctx = chart.ctx;
    var area = chart.chartArea;
    var x = chart.scales.x.getPixelForValue(i);
    ctx.save();
    ctx.strokeStyle = colour;
    ctx.setLineDash(dash);
    ctx.beginPath();
    ctx.moveTo(x, area.top);
    ctx.lineTo(x, area.bottom);
    ctx.stroke();
    ctx.fillStyle = colour;
    ctx.font = "11px system-ui, sans-serif";
    ctx.fillText(label, x + 3, area.top + y);
    ctx.restore();
  }

  function start() {
    var node = document.getElementById("timeline-data");
    var canvas = document.getElementById("timeline-chart");
    if (!node || !canvas || typeof Chart === "undefined") return; // the table has the numbers
    var data = JSON.parse(node.textContent);
    var inrMax = Math.max.apply(null, [4].concat(data.inr.filter(function (v) { return v !== null; })));
    canvas.chart = new Chart(canvas, {
      data: {
        labels: data.labels,
        datasets: [
          { type: "bar", label: "Vitamin K (µg)", data: data.total, backgroundColor: BARS, yAxisID: "y", order: 3 },
          { type: "line", label: "4-day average (µg)", data: data.last4, borderColor: AVERAGE, backgroundColor: AVERAGE,
            pointRadius: 0, borderWidth: 2, spanGaps: false, yAxisID: "y", order: 2 },
          { type: "line", label: "INR", data: data.inr, borderColor: INR, backgroundColor: INR, showLine: false,
            pointRadius: 5, pointStyle: "rectRot", yAxisID: "inr", order: 1 },
        ],
      },
      options: window.K2_CHART_OPTIONS({
        scales: {
          x: { ticks: { autoSkip: true, maxTicksLimit: 12 } },
          y: { beginAtZero: true, title: { display: true, text: "vitamin K, µg/day" } },
          inr: { position: "right", min: 0, suggestedMax: inrMax + 0.5, grid: { drawOnChartArea: false },
            title: { display: true, text: "INR" } },
        },
        plugins: { k2Timeline: { data: data } },
      }),
      plugins: [timelinePlugin],
    });
  }

  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", start);
  } else {
    start();
  }
})();
