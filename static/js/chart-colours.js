/* One palette for every chart: the week and trend (charts.js) and the steady-intake timeline
   (anticoagulation.js). Loaded before them; the CSS colours of the same things match it. */
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

