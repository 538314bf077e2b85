/* What every chart shares, the week and trend (charts.js) and the steady-intake timeline
   (anticoagulation.js): one palette (the CSS colours of the same things match it) and the
   options every chart starts from. Loaded before them. */
window.K2_CHART_COLOURS = Object.freeze({
  k1: "#2f5fa7",
  k2: "#1f6f4a",
  neutral: "#5a6472",
  unseparated: "#8a93a0",
  accent: "#8a4b00",
  warning: "#b3261e",
  k2Band: "rgba(31, 111, 74, 0.16)",
  usualBand: "rgba(31, 111, 74, 0.14)",
  k1Band: "rgba(47, 95, 167, 0.12)"
});

// Sized by its box, drawn at once, a tooltip for the whole day under the pointer.
window.K2_CHART_OPTIONS = function (own) {
  return Object.assign(
    {
      responsive: true,
      maintainAspectRatio: false,
      animation: false,
      interaction: { mode: "index", intersect: false }
    },
    own
  );
};
