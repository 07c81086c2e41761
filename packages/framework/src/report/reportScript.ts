/**
 * The script a report runs in the browser: it reads the embedded run data and draws
 * the charts with lightweight-charts. Tables are written on the server; only the
 * canvases need the browser. When every chart is drawn it sets
 * `document.body.dataset.charts` to their count, which tests wait for.
 * @module
 */
export const REPORT_SCRIPT = `
(function () {
  'use strict';
  var LC = window.LightweightCharts;
  var data = JSON.parse(document.getElementById('run-data').textContent);
  var options = {
    autoSize: true,
    layout: { background: { color: '#ffffff' }, textColor: '#1f2933' },
    grid: { vertLines: { color: '#f1f5f9' }, horzLines: { color: '#f1f5f9' } },
    rightPriceScale: { borderVisible: false },
    timeScale: { timeVisible: true, secondsVisible: false, borderVisible: false },
  };
  var drawn = 0;
  function chartIn(name) {
    var element = document.querySelector('[data-chart="' + name + '"]');
    return element ? LC.createChart(element, options) : null;
  }
  function points(times, values, scale) {
    return times.map(function (t, i) { return { time: t, value: values[i] * scale }; });
  }
  function finish(chart) {
    chart.timeScale().fitContent();
    drawn += 1;
  }
  var palette = ['#1d4ed8', '#b45309', '#15803d', '#7c3aed', '#be123c', '#0f766e', '#4b5563'];
  if (data.curves && data.curves.length > 0) {
    var equityChart = chartIn('equity');
    data.curves.forEach(function (curve, index) {
      equityChart
        .addSeries(LC.LineSeries, { color: palette[index % palette.length], lineWidth: 2, title: curve.label })
        .setData(points(curve.time, curve.equity, 1));
    });
    finish(equityChart);
    var drawdownChart = chartIn('drawdown');
    if (drawdownChart) {
      data.curves.forEach(function (curve, index) {
        var color = data.curves.length > 1 ? palette[index % palette.length] : '#b91c1c';
        drawdownChart
          .addSeries(LC.AreaSeries, {
            lineColor: color,
            topColor: 'rgba(185, 28, 28, 0.05)',
            bottomColor: 'rgba(185, 28, 28, 0.35)',
            lineWidth: 1,
            title: curve.label,
            priceFormat: { type: 'custom', formatter: function (v) { return v.toFixed(2) + ' %'; } },
          })
          .setData(points(curve.time, curve.drawdown, 100));
      });
      finish(drawdownChart);
    }
  }
  (data.candles || []).forEach(function (set) {
    var chart = chartIn('candles:' + set.instrument);
    if (!chart) return;
    var series = chart.addSeries(LC.CandlestickSeries, {
      upColor: '#15803d', downColor: '#b91c1c', borderVisible: false,
      wickUpColor: '#15803d', wickDownColor: '#b91c1c',
    });
    series.setData(set.time.map(function (t, i) {
      return { time: t, open: set.open[i], high: set.high[i], low: set.low[i], close: set.close[i] };
    }));
    if (set.markers.length > 0) LC.createSeriesMarkers(series, set.markers);
    finish(chart);
  });
  document.body.dataset.charts = String(drawn);
})();
`;
