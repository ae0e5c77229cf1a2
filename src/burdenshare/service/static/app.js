// Draw every chart of the page with the shipped vega-embed; wire the image downloads.
(function () {
  "use strict";
  function save(url, name) {
    var a = document.createElement("a");
    a.href = url;
    a.download = name;
    document.body.appendChild(a);
    a.click();
    a.remove();
  }
  function draw() {
    var specs = document.querySelectorAll("script.chart-spec");
    var pending = specs.length;
    if (!pending) { document.documentElement.dataset.charts = "drawn"; }
    specs.forEach(function (el) {
      var target = document.getElementById(el.dataset.target);
      var spec = JSON.parse(el.textContent);
      vegaEmbed(target, spec, {
        renderer: "svg",
        actions: { export: true, source: false, compiled: false, editor: false },
      }).then(function (result) {
        target.dataset.drawn = "true";
        var figure = target.closest("figure");
        figure.querySelectorAll("button.dl-image").forEach(function (button) {
          button.disabled = false;
          button.addEventListener("click", function () {
            var format = button.dataset.format;
            result.view.toImageURL(format, format === "png" ? 2 : 1).then(function (url) {
              save(url, figure.dataset.name + "." + format);
            });
          });
        });
        pending -= 1;
        if (pending === 0) {
          document.documentElement.dataset.charts = "drawn";
          if (window.performance && performance.mark) { performance.mark("charts-drawn"); }
        }
      }).catch(function (error) {
        target.textContent = String(error);
        document.documentElement.dataset.charts = "error";
      });
    });
  }
  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", draw);
  } else {
    draw();
  }
})();
