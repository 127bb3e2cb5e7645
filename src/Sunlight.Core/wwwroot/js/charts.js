// Charts of the supervision dashboard and the big screen: Apache ECharts (the bundle shipped in the Vizor.ECharts
// package, loaded on first use so other pages do not pay for it), one chart per element, options set whole on every
// refresh. The server sends only the numbers; drawing happens here, not in the server's render.
let loading;

function ensureEcharts() {
  if (globalThis.echarts) {
    return Promise.resolve();
  }
  loading ??= new Promise((resolve, reject) => {
    const script = document.createElement('script');
    script.src = '_content/Vizor.ECharts/js/vizor-echarts-bundle-min.js';
    script.onload = resolve;
    script.onerror = () => reject(new Error('ECharts could not be loaded'));
    document.head.appendChild(script);
  });
  return loading;
}

const observed = new WeakSet();

export async function render(id, option, theme) {
  await ensureEcharts();
  const element = document.getElementById(id);
  if (!element) {
    return;
  }
  const chart = globalThis.echarts.getInstanceByDom(element) ?? globalThis.echarts.init(element, theme ?? null, { renderer: 'canvas' });
  chart.setOption(option, true);
  if (!observed.has(element) && globalThis.ResizeObserver) {
    observed.add(element);
    new ResizeObserver(() => chart.resize()).observe(element);
  }
  element.dataset.rendered = '1';
}
