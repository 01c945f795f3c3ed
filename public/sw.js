// Service worker: after the first visit the app works offline.
//
// Only the app's own static files pass through here (same origin, GET). Strategy: network
// first, so a new version shows up as soon as it is deployed; the cache answers when the
// network does not. Nothing else is ever fetched, and no user data is ever in a request.
const CACHE = 'kefu-workbench-v1';
const CORE = ['./', './index.html', './boot.js', './kefu-workbench.js', './kefu-workbench_bg.wasm',
  './worker_loader.js', './worker.js', './worker_bg.wasm', './manifest.webmanifest'];

self.addEventListener('install', (event) => {
  event.waitUntil(
    caches.open(CACHE)
      .then((cache) => Promise.all(CORE.map((url) => cache.add(url).catch(() => undefined))))
      .then(() => self.skipWaiting()),
  );
});

self.addEventListener('activate', (event) => {
  event.waitUntil(
    caches.keys()
      .then((keys) => Promise.all(keys.filter((k) => k !== CACHE).map((k) => caches.delete(k))))
      .then(() => self.clients.claim()),
  );
});

self.addEventListener('fetch', (event) => {
  const req = event.request;
  if (req.method !== 'GET' || new URL(req.url).origin !== self.location.origin) return;
  event.respondWith(
    fetch(req)
      .then((res) => {
        if (res.ok) {
          const copy = res.clone();
          caches.open(CACHE).then((cache) => cache.put(req, copy));
        }
        return res;
      })
      .catch(() => caches.match(req, { ignoreSearch: true })
        .then((hit) => hit || (req.mode === 'navigate' ? caches.match('./index.html') : undefined))
        .then((hit) => hit || Response.error())),
  );
});
