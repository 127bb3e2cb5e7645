// The big screen's charts: Apache ECharts (the bundle shipped in the Vizor.ECharts package, loaded on first use so
// other pages do not pay for it), dark theme, one chart per element, options set whole on every refresh.
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

export async function render(id, option) {
  await ensureEcharts();
  const element = document.getElementById(id);
  if (!element) {
    return;
  }
  const chart = globalThis.echarts.getInstanceByDom(element) ?? globalThis.echarts.init(element, 'dark', { renderer: 'canvas' });
  chart.setOption(option, true);
  element.dataset.rendered = '1';
}
