// Every screen and host has an address: what a screen writes to the address
// bar opens that same screen again, and fragments that name no screen (the
// console's one-time token) are left alone.
import { describe, expect, it } from 'vitest';
import { hashToRoute, routeToHash } from '../../src/renderer/src/store/hash-route';
import { screens } from '../../src/renderer/src/store/ui-slice';

describe('hash routes', () => {
  it('round-trips every screen, and a host with characters a URL must escape', () => {
    for (const screen of screens.filter((s) => s !== 'Host')) expect(hashToRoute(routeToHash({ screen }))).toEqual({ screen });
    expect(routeToHash({ screen: 'Host', host: 'plc 1' })).toBe('#/host/plc%201');
    expect(hashToRoute('#/host/plc%201')).toEqual({ screen: 'Host', host: 'plc 1' });
    expect(routeToHash({ screen: 'Media & import' })).toBe('#/media');
  });

  it('names no screen for a token, an unknown screen, a host screen without a host, or a broken escape', () => {
    expect(hashToRoute('#token=abc')).toBeUndefined();
    expect(hashToRoute('#/nowhere')).toBeUndefined();
    expect(hashToRoute('#/host')).toBeUndefined();
    expect(hashToRoute('#/host/%E0%A4%A')).toBeUndefined();
    expect(hashToRoute('')).toBeUndefined();
  });
});
