// Where the window is, kept in the URL's hash (#/labs, #/lab/<id>, #/pods): a reload or the
// browser's back button returns to the same place, in the desktop app and in browser mode alike.
import { useEffect, useState } from 'react';

export type Route = { page: 'labs' } | { page: 'lab'; id: string } | { page: 'pods'; pod?: string };

export function parseRoute(hash: string): Route {
  const parts = hash.replace(/^#\/?/, '').split('/').filter(Boolean).map(decodeURIComponent);
  if (parts[0] === 'lab' && parts[1]) return { page: 'lab', id: parts[1] };
  if (parts[0] === 'pods') return parts[1] ? { page: 'pods', pod: parts[1] } : { page: 'pods' };
  return { page: 'labs' };
}

export function routeHash(route: Route): string {
  if (route.page === 'lab') return `#/lab/${encodeURIComponent(route.id)}`;
  if (route.page === 'pods') return route.pod ? `#/pods/${encodeURIComponent(route.pod)}` : '#/pods';
  return '#/labs';
}

export function navigate(route: Route): void {
  window.location.hash = routeHash(route);
}

export function useRoute(): Route {
  const [route, setRoute] = useState(() => parseRoute(window.location.hash));
  useEffect(() => {
    const onHash = () => setRoute(parseRoute(window.location.hash));
    window.addEventListener('hashchange', onHash);
    return () => window.removeEventListener('hashchange', onHash);
  }, []);
  return route;
}
