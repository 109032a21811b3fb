/**
 * The frame of the extension's reply viewer (reply.html, `iframe[data-testid=reply-frame]`), read
 * and clicked as a person would, in either browser.
 *
 * Chromium: Playwright's frame locator. Firefox: Playwright's WebDriver BiDi backend never learns of a
 * sandboxed `srcdoc` frame inside a moz-extension page (page.frames() lists only the page, a frame
 * locator waits for ever), although Firefox lists the frame's browsing context and evaluates in it.
 * So the frame's text is read with a raw BiDi `script.evaluate` in that context (a privileged
 * evaluation: the frame's own scripts stay disabled), and a click is a real mouse click of the tab at
 * the element's position.
 */
import type { Page } from '@playwright/test';
import type { ExtBrowser } from './browsers';
import { bidi } from './firefox';

export const REPLY_FRAME = 'iframe[data-testid=reply-frame]';

export interface ReplyFrame {
  /** The text the frame renders (its body's innerText: what is shown, not hidden markup). */
  text(): Promise<string>;
  /** A real mouse click on the centre of the first element of the frame whose own text is `text`. */
  clickText(text: string): Promise<void>;
}

interface BidiContext {
  context: string;
  url: string;
  children: BidiContext[] | null;
}

/** Finds, in the frame's document, the element whose text is `text`; the expression's value is its viewport rectangle. */
const rectOf = (text: string) => `(() => {
  const wanted = ${JSON.stringify(text)};
  const element = [...document.body.querySelectorAll('*')].find((e) => e.textContent.trim() === wanted && ![...e.children].some((c) => c.textContent.trim() === wanted));
  if (!element) return null;
  element.scrollIntoView({ block: 'center' });
  const r = element.getBoundingClientRect();
  return JSON.stringify({ x: r.x, y: r.y, width: r.width, height: r.height });
})()`;

async function firefoxFrame(tab: Page): Promise<ReplyFrame> {
  const frameContext = async (): Promise<string> => {
    const href = await tab.evaluate(() => location.href);
    const { contexts } = await bidi<{ contexts: BidiContext[] }>(tab.context(), 'browsingContext.getTree', {});
    const top = contexts.find((c) => c.url === href);
    const frame = top?.children?.[0];
    if (!frame)
      throw new Error(
        `No frame in the tab at ${href}: ${JSON.stringify(contexts.map((c) => [c.url, c.children?.length ?? 0]))}`,
      );
    return frame.context;
  };
  const evaluate = async (expression: string): Promise<unknown> => {
    const answer = await bidi(tab.context(), 'script.evaluate', {
      expression,
      target: { context: await frameContext(), sandbox: 'form-outbox-tests' },
      awaitPromise: false,
    });
    if (answer.type !== 'success') throw new Error(`Evaluation in the reply frame failed: ${JSON.stringify(answer)}`);
    return answer.result?.value;
  };
  return {
    async text() {
      await tab.locator(REPLY_FRAME).waitFor();
      return String(await evaluate('document.body ? document.body.innerText : ""'));
    },
    async clickText(text) {
      await tab.locator(REPLY_FRAME).scrollIntoViewIfNeeded();
      const inner = await evaluate(rectOf(text));
      if (typeof inner !== 'string') throw new Error(`No element with the text "${text}" in the reply frame`);
      const rect = JSON.parse(inner) as { x: number; y: number; width: number; height: number };
      // The frame's content box in the tab's viewport.
      const box = await tab.locator(REPLY_FRAME).evaluate((frame) => {
        const r = frame.getBoundingClientRect();
        return { x: r.x + frame.clientLeft, y: r.y + frame.clientTop };
      });
      await tab.mouse.click(box.x + rect.x + rect.width / 2, box.y + rect.y + rect.height / 2);
    },
  };
}

function chromiumFrame(tab: Page): ReplyFrame {
  const frame = tab.frameLocator(REPLY_FRAME);
  return {
    text: () => frame.locator('body').innerText(),
    async clickText(text) {
      // force: a link made inert may not take pointer events; the click is still a real mouse click.
      await frame.getByText(text, { exact: true }).first().click({ force: true, timeout: 10_000 });
    },
  };
}

/** The reply frame of the reply viewer open in `tab`. */
export async function replyFrame(tab: Page, browser: ExtBrowser): Promise<ReplyFrame> {
  return browser === 'firefox' ? firefoxFrame(tab) : chromiumFrame(tab);
}
