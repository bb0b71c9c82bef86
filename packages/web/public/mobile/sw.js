// The Podpis mobile service worker (scope /mobile/): keeps the app's shell
// for a phone without network (the offline confirmation needs no server),
// and turns a push into a notification. A push's payload is a sealed hint
// the worker does not open: it only says "look at the list".
const CACHE = 'podpis-mobile-v1';
const SHELL = ['/mobile/', '/mobile/manifest.webmanifest', '/mobile/icon-192.png', '/mobile/icon.svg'];

self.addEventListener('install', (event) => {
  event.waitUntil(
    caches
      .open(CACHE)
      .then((cache) => cache.addAll(SHELL))
      .then(() => self.skipWaiting()),
  );
});

self.addEventListener('activate', (event) => {
  event.waitUntil(
    caches
      .keys()
      .then((names) => Promise.all(names.filter((name) => name !== CACHE).map((name) => caches.delete(name))))
      .then(() => self.clients.claim()),
  );
});

self.addEventListener('fetch', (event) => {
  const url = new URL(event.request.url);
  if (event.request.method !== 'GET' || url.origin !== self.location.origin) return;
  if (url.pathname.startsWith('/assets/')) {
    // Content-hashed, never changing: the cached copy is as good as the network's.
    event.respondWith(
      caches.match(event.request).then(
        (cached) =>
          cached ??
          fetch(event.request).then((response) => {
            if (response.ok) {
              const copy = response.clone();
              void caches.open(CACHE).then((cache) => cache.put(event.request, copy));
            }
            return response;
          }),
      ),
    );
  } else if (event.request.mode === 'navigate' && url.pathname.startsWith('/mobile/')) {
    // The page itself: the network's newest, the cached shell without network.
    event.respondWith(
      fetch(event.request)
        .then((response) => {
          const copy = response.clone();
          void caches.open(CACHE).then((cache) => cache.put('/mobile/', copy));
          return response;
        })
        .catch(() => caches.match('/mobile/').then((cached) => cached ?? Response.error())),
    );
  }
});

self.addEventListener('push', (event) => {
  event.waitUntil(
    self.clients.matchAll({ type: 'window', includeUncontrolled: true }).then((windows) => {
      // An open app asks the list at once; the notification is for a phone in a pocket.
      for (const client of windows) client.postMessage({ type: 'pending' });
      const russian = (self.navigator.language || 'ru').toLowerCase().startsWith('ru');
      return self.registration.showNotification(russian ? 'Подпись' : 'Podpis', {
        body: russian ? 'Новая операция на подтверждение' : 'A new operation to confirm',
        icon: '/mobile/icon-192.png',
        tag: 'podpis-pending',
        renotify: true,
      });
    }),
  );
});

self.addEventListener('notificationclick', (event) => {
  event.notification.close();
  event.waitUntil(
    self.clients.matchAll({ type: 'window', includeUncontrolled: true }).then((windows) => {
      const open = windows.find((client) => new URL(client.url).pathname.startsWith('/mobile/'));
      return open ? open.focus() : self.clients.openWindow('/mobile/');
    }),
  );
});
