// Service worker: precaches every asset of this build (the list, each asset's
// SHA-256 and the content-hash version are written by scripts/assemble_site.mjs),
// serves them cache-first so the page works offline, and deletes old caches on
// activate. The page has already fetched most assets when this installs, so
// each is taken from the HTTP cache; only one whose bytes are not this build's
// (an older version's, or none) is fetched from the network.
const VERSION = '__VERSION__';
const ASSETS = __ASSETS__;  // [{url, sha256}]
const CACHE = `model-architect-${VERSION}`;

async function sha256Hex(response) {
  const digest = await crypto.subtle.digest('SHA-256', await response.arrayBuffer());
  return [...new Uint8Array(digest)].map((b) => b.toString(16).padStart(2, '0')).join('');
}

// This build's bytes of an asset from the HTTP cache, or null. The page itself may have been
// fetched as `./` rather than `index.html`: both are tried for it.
async function fromHttpCache(url, sha256) {
  for (const candidate of url === 'index.html' ? ['./', url] : [url]) {
    try {
      const response = await fetch(candidate, { cache: 'only-if-cached', mode: 'same-origin' });
      if (response.ok && await sha256Hex(response.clone()) === sha256) return response;
    } catch { /* not cached */ }
  }
  return null;
}

async function precache(cache, { url, sha256 }) {
  const response = await fromHttpCache(url, sha256) ?? await fetch(url, { cache: 'no-cache' });
  if (!response.ok) throw new Error(`${url}: HTTP ${response.status}`);
  await cache.put(url, response);
}

self.addEventListener('install', (event) => {
  event.waitUntil(caches.open(CACHE)
    .then((cache) => Promise.all(ASSETS.map((asset) => precache(cache, asset))))
    .then(() => self.skipWaiting()));
});

self.addEventListener('activate', (event) => {
  event.waitUntil(caches.keys()
    .then((keys) => Promise.all(keys.filter((k) => k.startsWith('model-architect-') && k !== CACHE).map((k) => caches.delete(k))))
    .then(() => self.clients.claim()));
});

// A navigation (`./`, `index.html`, any link into the site) is answered with the one cached index.html.
self.addEventListener('fetch', (event) => {
  const url = new URL(event.request.url);
  if (event.request.method !== 'GET' || url.origin !== self.location.origin) return;
  event.respondWith(caches.open(CACHE).then(async (cache) => {
    const hit = event.request.mode === 'navigate' ? await cache.match('index.html') : await cache.match(event.request, { ignoreSearch: true });
    return hit ?? fetch(event.request);
  }));
});
