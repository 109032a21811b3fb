import type { ComponentChildren } from 'preact';
import { t, tn } from '@/utils/i18n';

export interface QueueGroupProps {
  id: string;
  title: string;
  /** How many items the group has in total (not just those shown); undefined while not yet counted. */
  total?: number;
  shown: number;
  /** How many more items "Show more" adds. */
  pageSize?: number;
  /** Buttons next to the title (Retry all, Clear history). */
  actions?: ComponentChildren;
  /** Content above the list (a confirmation). */
  banner?: ComponentChildren;
  onShowMore(): void;
  children: ComponentChildren;
}

/** A titled group of items with its count; shows only the first items and a "Show more" button. */
export function QueueGroup({
  id,
  title,
  total,
  shown,
  pageSize = 25,
  actions,
  banner,
  onShowMore,
  children,
}: QueueGroupProps) {
  const headingId = `${id}-heading`;
  return (
    // Until counted, the group may still grow (the popup's first paint shows its first items only).
    <section
      class={`group group-${id}`}
      aria-labelledby={headingId}
      aria-busy={total === undefined ? 'true' : undefined}
      data-testid={`group-${id}`}
    >
      <div class="group-head">
        <h2 id={headingId}>
          {title}
          {total !== undefined && (
            <>
              {' '}
              <span class="count" data-i18n="text" data-testid={`count-${id}`} aria-label={tn('groupCount', total)}>
                {total}
              </span>
            </>
          )}
        </h2>
        {actions && <div class="group-actions">{actions}</div>}
      </div>
      {banner}
      <ul class="items">{children}</ul>
      {total !== undefined && shown < total && (
        <div class="more">
          <span class="muted">{t('showingOf', shown, total)}</span>
          <button type="button" class="button button-quiet" onClick={onShowMore}>
            {t('showMore', Math.min(total - shown, pageSize))}
          </button>
        </div>
      )}
    </section>
  );
}
