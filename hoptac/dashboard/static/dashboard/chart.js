// Targets against actuals by district (Chart.js); the table above holds the same figures without JavaScript.
(function () {
  "use strict";

  function draw() {
    var canvas = document.getElementById("targets-chart");
    var source = document.getElementById("chart-data");
    if (!canvas || !source || typeof Chart === "undefined") return;
    var series = JSON.parse(source.textContent);
    if (!series.length) return;
    var styles = getComputedStyle(document.documentElement);
    var colour = function (name, fallback) { return (styles.getPropertyValue(name) || fallback).trim(); };
    var planColour = colour("--line", "#d5dbe3");
    var actualColour = colour("--brand", "#0b5cab");

    function config(item) {
      return {
        type: "bar",
        data: {
          labels: item.labels,
          datasets: [
            { label: item.target_label, data: item.target, backgroundColor: planColour, borderColor: "#8795a7", borderWidth: 1 },
            { label: item.actual_label, data: item.actual, backgroundColor: actualColour }
          ]
        },
        options: {
          responsive: true,
          maintainAspectRatio: false,
          animation: false,
          scales: { y: { beginAtZero: true, ticks: { precision: 0 }, title: { display: true, text: item.unit } } },
          plugins: { legend: { position: "bottom" }, title: { display: true, text: item.label } }
        }
      };
    }

    var chart = new Chart(canvas, config(series[0]));
    var tools = document.querySelector(".chart-tools");
    var select = document.getElementById("chart-series");
    if (tools && select && series.length > 1) {
      tools.hidden = false;
      select.addEventListener("change", function () {
        chart.destroy();
        chart = new Chart(canvas, config(series[Number(select.value)] || series[0]));
      });
    }
  }

  if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", draw);
  else draw();
})();
