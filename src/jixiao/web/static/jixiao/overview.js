// The overview's charts: each reads its ECharts option (plain data, no functions) from the JSON script beside it.
(function () {
  "use strict";
  function draw() {
    if (typeof echarts === "undefined") { return; }
    var charts = [];
    document.querySelectorAll("[data-chart]").forEach(function (box) {
      var source = document.getElementById(box.getAttribute("data-chart"));
      if (!source) { return; }
      var chart = echarts.init(box, null, { renderer: "canvas" });
      chart.setOption(JSON.parse(source.textContent));
      charts.push(chart);
    });
    window.addEventListener("resize", function () { charts.forEach(function (c) { c.resize(); }); });
  }
  if (document.readyState === "loading") { document.addEventListener("DOMContentLoaded", draw); } else { draw(); }
})();
