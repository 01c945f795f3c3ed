// Starts the app: load the WebAssembly module, then register the service worker that keeps
// the app usable offline. Relative URLs only, so the site works under any sub-path.
import init from './kefu-workbench.js';

const message = document.getElementById('boot-message');
init({ module_or_path: new URL('./kefu-workbench_bg.wasm', import.meta.url) })
  .then(() => { if (message) message.remove(); })
  .catch((err) => {
    if (message) {
      message.textContent = '无法启动：' + err + '。请使用最新版 Chrome、Edge 或 Firefox。 / Could not start: ' + err + '. Use a current Chrome, Edge or Firefox.';
      message.classList.add('boot-error');
    }
  });

if ('serviceWorker' in navigator && location.protocol !== 'file:') {
  navigator.serviceWorker.register('./sw.js').catch(() => { /* offline use is a bonus */ });
}
