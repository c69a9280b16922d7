// The window's address: a lab, the Pods page or a Pod survive a reload as the URL's hash, and
// anything unknown lands on the library rather than a blank page.
import { describe, expect, it } from 'vitest';
import { parseRoute, routeHash, type Route } from '../../renderer/src/app/route.js';

describe('routes', () => {
  it('reads what it writes', () => {
    const routes: Route[] = [{ page: 'labs' }, { page: 'lab', id: 'process-groups' }, { page: 'pods' }, { page: 'pods', pod: 'web-1' }];
    for (const r of routes) expect(parseRoute(routeHash(r))).toEqual(r);
  });

  it('keeps names with odd characters intact', () => {
    expect(parseRoute(routeHash({ page: 'pods', pod: 'a b/c' }))).toEqual({ page: 'pods', pod: 'a b/c' });
  });

  it('sends anything else to the library', () => {
    for (const hash of ['', '#', '#/', '#/nope', '#/lab', '#/lab/']) expect(parseRoute(hash)).toEqual({ page: 'labs' });
  });
});
