// Service worker: precaches every asset of this build (the list and the
// content-hash version are written by scripts/assemble_site.mjs), serves them
// cache-first so the page works offline, and deletes old caches on activate.
const VERSION = '__VERSION__';
const ASSETS = __ASSETS__;
const CACHE = `model-architect-${VERSION}`;

self.addEventListener('install', (event) => {
  event.waitUntil(caches.open(CACHE).then((cache) => cache.addAll(ASSETS)).then(() => self.skipWaiting()));
});

self.addEventListener('activate', (event) => {
  event.waitUntil(caches.keys()
    .then((keys) => Promise.all(keys.filter((k) => k.startsWith('model-architect-') && k !== CACHE).map((k) => caches.delete(k))))
    .then(() => self.clients.claim()));
});

self.addEventListener('fetch', (event) => {
  const url = new URL(event.request.url);
  if (event.request.method !== 'GET' || url.origin !== self.location.origin) return;
  event.respondWith(caches.open(CACHE).then(async (cache) => {
    const hit = await cache.match(event.request, { ignoreSearch: true });
    if (hit) return hit;
    if (event.request.mode === 'navigate') {
      const page = await cache.match('./index.html');
      if (page) return page;
    }
    return fetch(event.request);
  }));
});
