import { describe, expect, it } from 'vitest';
import {
  createFileTickets,
  MAX_OPEN_TICKETS,
  TICKET_REFUSED,
  TICKET_TTL_MS,
  matchesAnnounced,
  type FileTicket,
} from '@/utils/core/file-tickets';

const TOKEN = '0123456789abcdef0123456789abcdef';
const OTHER = 'fedcba9876543210fedcba9876543210';
const ticket = (uploadId = 'u-1'): FileTicket => ({
  uploadId,
  tabId: 7,
  frameId: 0,
  sizes: new Map([
    [0, 10],
    [1, 0],
  ]),
  transient: false,
});
const announced = [
  { fileIndex: 0, size: 10 },
  { fileIndex: 1, size: 0 },
];
const refused = { ok: false, error: TICKET_REFUSED };

describe('file tickets', () => {
  it('a ticket is redeemed once, for exactly the announced files, within its time (control: the first redemption works)', () => {
    const tickets = createFileTickets();
    expect(tickets.issue(TOKEN, ticket(), 1000)).toBe(true);
    expect(tickets.redeem(TOKEN, announced, 1001)).toEqual({ ok: true, ticket: ticket() });
    expect(tickets.redeem(TOKEN, announced, 1002)).toEqual(refused);
  });

  it('refuses no token, a made-up token, another spelling of the token, and a token that is not a string', () => {
    const tickets = createFileTickets();
    tickets.issue(TOKEN, ticket(), 0);
    for (const forged of [
      undefined,
      '',
      OTHER,
      TOKEN.toUpperCase(),
      ` ${TOKEN}`,
      42,
      { toString: () => TOKEN },
      [TOKEN],
    ]) {
      expect(tickets.redeem(forged, announced, 1)).toEqual(refused);
    }
    expect(tickets.redeem(TOKEN, announced, 1)).toMatchObject({ ok: true }); // untouched by the forgeries
  });

  it('a delivery of other files than announced is refused and spends the ticket (the right files after it are refused too)', () => {
    for (const wrong of [
      [{ fileIndex: 0, size: 10 }],
      [
        { fileIndex: 0, size: 11 },
        { fileIndex: 1, size: 0 },
      ],
      [
        { fileIndex: 0, size: 10 },
        { fileIndex: 2, size: 0 },
      ],
      [
        { fileIndex: 0, size: 10 },
        { fileIndex: 0, size: 10 },
      ],
      [...announced, { fileIndex: 2, size: 1 }],
    ]) {
      const tickets = createFileTickets();
      tickets.issue(TOKEN, ticket(), 0);
      expect(tickets.redeem(TOKEN, wrong, 1)).toEqual(refused);
      expect(tickets.redeem(TOKEN, announced, 2)).toEqual(refused);
    }
  });

  it('expires TICKET_TTL_MS after issue (control: just before, it is redeemed)', () => {
    const tickets = createFileTickets();
    tickets.issue(TOKEN, ticket(), 0);
    tickets.issue(OTHER, ticket('u-2'), 0);
    expect(tickets.redeem(TOKEN, announced, TICKET_TTL_MS - 1)).toMatchObject({ ok: true });
    expect(tickets.redeem(OTHER, announced, TICKET_TTL_MS)).toEqual(refused);
  });

  it('revoking an upload forgets its tickets only', () => {
    const tickets = createFileTickets();
    tickets.issue(TOKEN, ticket('u-1'), 0);
    tickets.issue(OTHER, ticket('u-2'), 0);
    tickets.revoke('u-1');
    expect(tickets.redeem(TOKEN, announced, 1)).toEqual(refused);
    expect(tickets.redeem(OTHER, announced, 1)).toMatchObject({ ok: true });
  });

  it('issues only well-formed, fresh tokens, and at most MAX_OPEN_TICKETS at once', () => {
    const tickets = createFileTickets();
    expect(tickets.issue('short', ticket(), 0)).toBe(false);
    expect(tickets.issue(TOKEN.toUpperCase(), ticket(), 0)).toBe(false);
    expect(tickets.issue(TOKEN, ticket(), 0)).toBe(true);
    expect(tickets.issue(TOKEN, ticket('u-2'), 0)).toBe(false); // taken: the first ticket stays
    expect(tickets.redeem(TOKEN, announced, 1)).toEqual({ ok: true, ticket: ticket('u-1') });
    for (let i = 0; i < MAX_OPEN_TICKETS; i++)
      expect(tickets.issue(i.toString(16).padStart(32, '0'), ticket(`u-${i}`), 0)).toBe(true);
    expect(tickets.issue(OTHER, ticket(), 0)).toBe(false);
    expect(tickets.size).toBe(MAX_OPEN_TICKETS);
    expect(tickets.issue(OTHER, ticket(), TICKET_TTL_MS)).toBe(true); // the others expired
  });

  it('matchesAnnounced: each announced index once, with its size', () => {
    expect(matchesAnnounced(new Map(), [])).toBe(true);
    expect(matchesAnnounced(new Map([[0, 5]]), [{ fileIndex: 0, size: 5 }])).toBe(true);
    expect(matchesAnnounced(new Map([[0, 5]]), [{ fileIndex: 0, size: 4 }])).toBe(false);
    expect(
      matchesAnnounced(
        new Map([
          [0, 5],
          [1, 5],
        ]),
        [
          { fileIndex: 0, size: 5 },
          { fileIndex: 0, size: 5 },
        ],
      ),
    ).toBe(false);
  });
});
