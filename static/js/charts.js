/* Week and trend charts. Data comes from json_script blocks ("week-data", "week-bone-data",
   "trend-data");
   nothing inline (strict CSP). A null value is a day with no figure: a gap, never a 0. */
(function () {
  "use strict";

  var C = window.K2_CHART_COLOURS;
  var K1 = C.k1, K2 = C.k2, TOTAL = C.neutral, UNSEPARATED = C.unseparated, BAND = C.k2Band;
  var BAND_TEXT = C.k2, TARGET = C.accent;

  function readData(id) {
    var node = document.getElementById(id);
    return node ? JSON.parse(node.textContent) : null;
  }

  // The server already rounded every number half up to 0.1 µg (foods/formatting.py); this only
  // writes it as the pages do: "1,643.3 µg", "939 µg", "<0.1 µg" for a trace, "no data".
  var ugFormat = new Intl.NumberFormat("en", { maximumFractionDigits: 1 });

  // Vitamin D (µg) and calcium (mg) go by the same rule in their own unit.
  function ug(value, unit) {
    unit = unit || "µg";
    if (value === null || value === undefined) return "no data";
    if (value > 0 && value < 0.1) return "<0.1 " + unit;
    return ugFormat.format(value) + " " + unit;
  }

  // Draws the reference band (the adult range 90–120 µg) behind the data, named at its left,
  // and the line at the person's own value across it: a tiny plugin instead of
  // chartjs-plugin-annotation.
  var referencePlugin = {
    id: "k2Reference",
    beforeDatasetsDraw: function (chart, args, options) {
      var y = chart.scales.y;
      var area = chart.chartArea;
      if (!y || !options.band) return;
      var top = y.getPixelForValue(options.band[1]);
      var bottom = y.getPixelForValue(options.band[0]);
      var ctx = chart.ctx;
      ctx.save();
      ctx.fillStyle = BAND;
      ctx.fillRect(area.left, top, area.right - area.left, bottom - top);
      if (options.bandLabel) {
        ctx.fillStyle = BAND_TEXT;
        ctx.font = "12px system-ui, sans-serif";
        ctx.textAlign = "left";
        ctx.textBaseline = "bottom";
        ctx.fillText(options.bandLabel, area.left + 4, top - 2);
      }
      ctx.restore();
    },
    afterDatasetsDraw: function (chart, args, options) {
      var y = chart.scales.y;
      var area = chart.chartArea;
      if (!y || options.target === null || options.target === undefined) return;
      var at = y.getPixelForValue(options.target);
      if (at < area.top || at > area.bottom) return;
      var ctx = chart.ctx;
      ctx.save();
      ctx.strokeStyle = TARGET;
      ctx.lineWidth = 2;
      ctx.setLineDash([6, 4]);
      ctx.beginPath();
      ctx.moveTo(area.left, at);
      ctx.lineTo(area.right, at);
      ctx.stroke();
      ctx.setLineDash([]);
      ctx.fillStyle = TARGET;
      ctx.font = "12px system-ui, sans-serif";
      ctx.textAlign = "right";
      ctx.textBaseline = "bottom";
      ctx.fillText(
        (options.label || "target") + " " + ug(options.target, options.unit),
        area.right - 4,
        at - 2
      );
      ctx.restore();
    },
  };

  function yMax(data) {
    // Keep the band and the target in view even on a week of small numbers; larger data
    // extends the axis by itself.
    return Math.max(data.band ? data.band[1] : 0, data.target || 0) * 1.25;
  }

  // What both charts share: sizing, tooltips for the whole day, a µg axis from 0 that keeps the
  // band and the target in view, and the reference plugin. `spec` holds the rest.
  function referenceChart(canvas, data, spec) {
    return new Chart(canvas, {
      type: spec.type,
      data: { labels: data.labels, datasets: spec.datasets },
      options: window.K2_CHART_OPTIONS({
        scales: {
          x: spec.x,
          y: Object.assign(
            {
              beginAtZero: true,
              suggestedMax: yMax(data),
              title: { display: true, text: data.unit || "µg" },
            },
            spec.y
          ),
        },
        plugins: {
          k2Reference: {
            band: data.band,
            bandLabel: data.bandLabel,
            target: data.target,
            label: data.targetLabel,
            unit: data.unit,
          },
          tooltip: { callbacks: spec.tooltip },
        },
      }),
      plugins: [referencePlugin],
    });
  }

  function weekChart(canvas, data) {
    return referenceChart(canvas, data, {
      type: "bar",
      datasets: [
        { label: "K1", data: data.k1, backgroundColor: K1, stack: "k" },
        { label: "K2", data: data.k2, backgroundColor: K2, stack: "k" },
      ].concat(
        // Only a week with a food whose vitamin K was not separated into forms gets the third part.
        data.unseparated.some(function (v) { return v !== null; })
          ? [{ label: "form not separated", data: data.unseparated, backgroundColor: UNSEPARATED, stack: "k" }]
          : []
      ),
      x: { stacked: true },
      y: { stacked: true },
      tooltip: {
        title: function (items) {
          var label = data.labels[items[0].dataIndex];
          return Array.isArray(label) ? label.join(" – ") : label;
        },
        label: function (item) {
          return item.dataset.label + ": " + ug(item.raw);
        },
        afterLabel: function (item) {
          if (item.datasetIndex !== 1) return "";
          var i = item.dataIndex;
          return [
            "  MK-7: " + ug(data.mk7[i]),
            "  MK-4: " + ug(data.mk4[i]),
            "  other (MK-5–10, form not reported): " + ug(data.k2Other[i]),
          ];
        },
        footer: function (items) {
          return "Total: " + ug(data.total[items[0].dataIndex]);
        },
      },
    });
  }

  function trendChart(canvas, data) {
    return referenceChart(canvas, data, {
      type: "line",
      datasets: [
        {
          label: "Daily total",
          data: data.total,
          borderColor: TOTAL,
          backgroundColor: TOTAL,
          borderWidth: 1,
          spanGaps: false, // a day not logged breaks the line rather than dipping to 0
          pointRadius: data.labels.length > 120 ? 1.5 : 3,
        },
        {
          label: "7-day average",
          data: data.rolling,
          borderColor: K2,
          backgroundColor: K2,
          borderWidth: 2,
          pointRadius: 0,
          spanGaps: false,
          tension: 0.2,
        },
      ],
      x: { ticks: { autoSkip: true, maxTicksLimit: 12 } },
      y: {},
      tooltip: {
        label: function (item) {
          if (item.datasetIndex === 0 && !data.logged[item.dataIndex]) {
            return "Daily total: not logged";
          }
          return item.dataset.label + ": " + ug(item.raw, data.unit);
        },
      },
    });
  }

  // One nutrient of the week's vitamin D and calcium: a bar a day against the line at the RDA.
  function boneChart(canvas, data, series) {
    var one = Object.assign({ labels: data.labels }, series);
    return referenceChart(canvas, one, {
      type: "bar",
      datasets: [{ label: series.name, data: series.values, backgroundColor: TOTAL }],
      x: {},
      y: {},
      tooltip: {
        label: function (item) {
          if (!data.logged[item.dataIndex]) return series.name + ": not logged";
          return series.name + ": " + ug(item.raw, series.unit);
        },
      },
    });
  }

  function start() {
    if (typeof Chart === "undefined") return; // the table carries the same numbers
    var week = readData("week-data");
    var weekCanvas = document.getElementById("week-chart");
    if (week && weekCanvas) weekChart(weekCanvas, week);
    var bone = readData("week-bone-data");
    if (bone) {
      ["week-d-chart", "week-calcium-chart"].forEach(function (id, i) {
        var canvas = document.getElementById(id);
        if (canvas) boneChart(canvas, bone, bone.series[i]);
      });
    }
    var trend = readData("trend-data");
    var trendCanvas = document.getElementById("trend-chart");
    if (trend && trendCanvas) trendChart(trendCanvas, trend);
  }

  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", start);
  } else {
    start();
  }
})();
