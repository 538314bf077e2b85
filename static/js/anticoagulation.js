/* The steady-intake timeline: daily vitamin K bars, the usual mean ± SD as a band, the
   4-day average as a line, INR points on a second axis with the clinic's range shaded, dose
   changes as dashed markers. Data from the json_script block "timeline-data" (strict CSP). */
(function () {
  "use strict";

  var C = window.K2_CHART_COLOURS;
  var BARS = C.neutral, AVERAGE = C.k2, USUAL = C.usualBand, INR = C.warning, RANGE = C.k1Band;
  var DOSE = C.accent;

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
      var ctx = chart.ctx;
      var area = chart.chartArea;
      options.data.doses.forEach(function (dose, i) {
        if (!dose) return;
        var x = chart.scales.x.getPixelForValue(i);
        ctx.save();
        ctx.strokeStyle = DOSE;
        ctx.setLineDash([4, 3]);
        ctx.beginPath();
        ctx.moveTo(x, area.top);
        ctx.lineTo(x, area.bottom);
        ctx.stroke();
        ctx.fillStyle = DOSE;
        ctx.font = "11px system-ui, sans-serif";
        ctx.fillText("dose: " + dose.split(": ").slice(1).join(": "), x + 3, area.top + 11);
        ctx.restore();
      });
    },
  };

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
