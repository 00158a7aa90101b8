/**
 * The script that draws the charts in the browser, from the specs embedded as JSON. Every chart
 * is kept in `window.pivotCharts` (Chart.js instances) so tests and users can inspect them.
 */
export const PAGE_SCRIPT = `(() => {
  const specs = JSON.parse(document.getElementById("pivot-plot-specs").textContent);
  const palette = ["#4c78a8", "#f58518", "#54a24b", "#e45756", "#72b7b2", "#b279a2", "#eeca3b", "#ff9da6", "#9d755d", "#bab0ac"];
  window.pivotCharts = [];
  specs.forEach((spec, index) => {
    if (spec.series.length === 0) return;
    const type = spec.template === "scatter" ? "scatter" : spec.template === "bar" ? "bar" : "line";
    const labels = spec.numericX ? undefined : [...new Set(spec.series.flatMap((s) => s.points.map((p) => String(p.x))))];
    const columns = [...new Set(spec.series.map((s) => s.column))];
    const color = (series) => palette[columns.indexOf(series.column) % palette.length];
    const datasets = spec.series.map((series) => ({
      label: series.label,
      data: series.points.map((p) => ({ x: spec.numericX ? p.x : String(p.x), y: p.y })),
      borderColor: color(series),
      backgroundColor: color(series) + (series.dashed ? "66" : "cc"),
      borderDash: series.dashed ? [6, 4] : [],
      pointRadius: type === "line" && series.points.length > 60 ? 0 : 3,
      showLine: type === "line",
      spanGaps: true,
    }));
    const chart = new Chart(document.getElementById("plot-" + index), {
      type,
      data: labels ? { labels, datasets } : { datasets },
      options: {
        animation: false,
        responsive: true,
        maintainAspectRatio: false,
        interaction: { mode: "nearest", intersect: false },
        scales: {
          x: { type: spec.numericX ? "linear" : "category", title: { display: true, text: spec.xLabel } },
          y: { title: { display: spec.series.length === 1, text: spec.series[0].label } },
        },
        plugins: { legend: { display: true, position: "bottom" } },
      },
    });
    window.pivotCharts.push(chart);
  });
})();`;
