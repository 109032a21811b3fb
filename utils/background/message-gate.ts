/**
 * The one gate every message to the background passes: it asks the browser who sent the message
 * (core/sender.ts), checks that against the protocol's MESSAGE_SENDERS, and only then calls the
 * message's handler with the typed sender. A handler cannot forget the check, and a new message
 * cannot be added without saying who may send it.
 */
import { browser } from 'wxt/browser';
import { refused } from '../core/failure';
import { classifySender, type ExtensionSender, type PageSender, type RawSender, type SenderKind } from '../core/sender';
import {
  ALLOWED_IN_PRIVATE_WINDOWS,
  MESSAGE_SENDERS,
  type Ack,
  type Envelope,
  type MessageType,
  type ProtocolMap,
} from '../messaging';

type Allowed<K extends MessageType> = (typeof MESSAGE_SENDERS)[K] extends readonly (infer Kind)[]
  ? Kind
  : (typeof MESSAGE_SENDERS)[K];

/** The sender a handler of message `K` is given. */
export type SenderOf<K extends MessageType> = Extract<PageSender | ExtensionSender, { kind: Allowed<K> }>;

export type MessageHandlers = {
  [K in MessageType]: (data: ProtocolMap[K]['data'], sender: SenderOf<K>) => Promise<ProtocolMap[K]['result']>;
};

/** Private windows leave nothing behind: their pages' messages are refused, whatever they say. */
export const PRIVATE_WINDOW_REFUSAL = refused('privateWindow');
export const NOT_ALLOWED: Record<'page' | 'extension', Ack> = {
  page: refused('notFromPage'),
  extension: refused('notFromExtension'),
};

function isEnvelope(message: unknown): message is Envelope {
  return (
    !!message &&
    typeof message === 'object' &&
    typeof (message as Envelope).type === 'string' &&
    Object.hasOwn(MESSAGE_SENDERS, (message as Envelope).type)
  );
}

/**
 * The runtime.onMessage listener for `handlers`. `run` wraps each handler call (database reopening,
 * error reporting). Answers a native Promise (Chrome ignores others), or undefined for messages that
 * are not the protocol's.
 */
export function createMessageGate(
  handlers: MessageHandlers,
  run: (type: MessageType, call: () => Promise<Ack>) => Promise<Ack>,
): (message: unknown, rawSender: RawSender) => Promise<Ack> | undefined {
  return (message, rawSender) => {
    if (!isEnvelope(message)) return undefined;
    const allowed: readonly SenderKind[] = [MESSAGE_SENDERS[message.type]].flat();
    const sender = classifySender(rawSender, browser.runtime.id, browser.runtime.getURL('/'));
    if (!sender || !allowed.includes(sender.kind)) return Promise.resolve(NOT_ALLOWED[allowed[0]]);
    if (sender.kind === 'page' && sender.incognito && !ALLOWED_IN_PRIVATE_WINDOWS.has(message.type))
      return Promise.resolve(PRIVATE_WINDOW_REFUSAL);
    const handler = handlers[message.type] as (data: unknown, sender: PageSender | ExtensionSender) => Promise<Ack>;
    return run(message.type, () => handler(message.data, sender));
  };
}
