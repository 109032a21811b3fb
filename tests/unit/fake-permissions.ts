/**
 * An in-memory `browser.permissions` for unit tests (WXT's fake browser has none): optional
 * permissions start withdrawn; `request` grants what it is asked for, as a person who accepts the
 * browser's prompt would, unless `answer` is set to false. Events fire as the browser's do.
 */
import { fakeBrowser } from 'wxt/testing';

type Request = { permissions?: string[] };
type Listener = (p: Request) => void;

export interface FakePermissions {
  granted: Set<string>;
  /** What the person answers to the next requests. */
  answer: boolean;
  /** How many times the browser was asked. */
  requests: number;
}

export function installFakePermissions(): FakePermissions {
  const state: FakePermissions = { granted: new Set(), answer: true, requests: 0 };
  const added = new Set<Listener>();
  const removed = new Set<Listener>();
  const event = (set: Set<Listener>) => ({
    addListener: (l: Listener) => void set.add(l),
    removeListener: (l: Listener) => void set.delete(l),
  });
  const fire = (set: Set<Listener>, permissions: string[]) =>
    permissions.length && set.forEach((l) => l({ permissions }));
  (fakeBrowser as unknown as { permissions: unknown }).permissions = {
    contains: async ({ permissions = [] }: Request) => permissions.every((p) => state.granted.has(p)),
    request: async ({ permissions = [] }: Request) => {
      state.requests++;
      if (!state.answer) return false;
      const fresh = permissions.filter((p) => !state.granted.has(p));
      fresh.forEach((p) => state.granted.add(p));
      fire(added, fresh);
      return true;
    },
    remove: async ({ permissions = [] }: Request) => {
      const gone = permissions.filter((p) => state.granted.delete(p));
      fire(removed, gone);
      return true;
    },
    onAdded: event(added),
    onRemoved: event(removed),
  };
  return state;
}
