// The dashboard's chart: each share target's value against its goal. Data comes from the
// json_script block (no inline script: the Content Security Policy forbids it).
(function () {
  "use strict";
  function draw() {
    var source = document.getElementById("chart-data");
    var canvas = document.getElementById("targets-chart");
    if (!source || !canvas || typeof Chart === "undefined") { return; }
    var data = JSON.parse(source.textContent);
    new Chart(canvas, {
      type: "bar",
      data: {
        labels: data.labels,
        datasets: [
          { label: "Đã đạt (%)", data: data.values, backgroundColor: "#198754" },
          { label: "Mục tiêu (%)", data: data.goals, backgroundColor: "#adb5bd" }
        ]
      },
      options: {
        indexAxis: "y",
        animation: false,
        scales: { x: { min: 0, max: 100 } },
        plugins: { tooltip: { callbacks: { title: function (items) {
          return data.titles[items[0].dataIndex];
        } } } }
      }
    });
    canvas.dataset.drawn = "true";
  }
  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", draw);
  } else {
    draw();
  }
})();
