/* Lantoa's service worker: the field pages keep opening without a network.
 *
 * - Static files: cache first (their names change with their content only on a new release; the cache
 *   name below changes with it).
 * - The pages a unit uses in the field ("Việc cần làm" /, the ledger /hoat-dong/, the activity form
 *   /hoat-dong/ghi/): network first, the last copy when offline.
 * - Nothing else is cached, no POST is touched: activities logged offline wait in IndexedDB, and the
 *   page (capture.js) sends them, so that each is sent exactly once with its key.
 * - Pages are one person's: capture.js deletes the page cache when the person on the phone changes or
 *   logs out, and a redirected answer (to the login page) is never stored.
 */
const STATIC_CACHE = "lantoa-static-v1";
const PAGE_CACHE = "lantoa-pages";
const FIELD_PAGES = [/^\/$/, /^\/hoat-dong\/$/, /^\/hoat-dong\/ghi\/$/];

self.addEventListener("install", () => self.skipWaiting());

self.addEventListener("activate", (event) => {
  event.waitUntil(
    caches
      .keys()
      .then((names) =>
        Promise.all(
          names
            .filter((name) => name.startsWith("lantoa-static-") && name !== STATIC_CACHE)
            .map((name) => caches.delete(name)),
        ),
      )
      .then(() => self.clients.claim()),
  );
});

self.addEventListener("message", (event) => {
  if (event.data && event.data.type === "forget-pages") {
    event.waitUntil(caches.delete(PAGE_CACHE));
  }
});

function offlinePage() {
  const body =
    '<!doctype html><html lang="vi"><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">' +
    "<title>Không có mạng · Lantoa</title><body><h1>Không có mạng</h1>" +
    "<p>Trang này chưa được lưu trên điện thoại. Hãy mở lại khi có mạng; các hoạt động đã ghi vẫn chờ gửi.</p>" +
    '<p><a href="/hoat-dong/">Sổ theo dõi</a></p></body></html>';
  return new Response(body, { status: 503, headers: { "Content-Type": "text/html; charset=utf-8" } });
}

async function staticFirst(request) {
  const cache = await caches.open(STATIC_CACHE);
  const hit = await cache.match(request);
  if (hit) return hit;
  const response = await fetch(request);
  if (response.ok && response.type === "basic") cache.put(request, response.clone());
  return response;
}

async function pageNetworkFirst(request) {
  try {
    const response = await fetch(request);
    if (response.ok && !response.redirected && response.type === "basic") {
      const cache = await caches.open(PAGE_CACHE);
      await cache.put(request, response.clone());
    }
    return response;
  } catch (error) {
    const cache = await caches.open(PAGE_CACHE);
    const hit = (await cache.match(request)) || (await cache.match(request, { ignoreSearch: true }));
    return hit || offlinePage();
  }
}

self.addEventListener("fetch", (event) => {
  const request = event.request;
  if (request.method !== "GET") return;
  const url = new URL(request.url);
  if (url.origin !== self.location.origin) return;
  if (url.pathname.startsWith("/static/")) {
    event.respondWith(staticFirst(request));
  } else if (request.mode === "navigate" && FIELD_PAGES.some((pattern) => pattern.test(url.pathname))) {
    event.respondWith(pageNetworkFirst(request));
  }
});
