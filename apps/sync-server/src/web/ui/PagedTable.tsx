import type { ReactNode } from 'react';

export interface Column<Row> {
  readonly header: string;
  readonly cell: (row: Row) => ReactNode;
  /** A CSS width (`8rem`, `12%`); columns without one share the rest. */
  readonly width?: string;
  /** `nowrap` for ids and times (read as one token), `num` for right-aligned figures. */
  readonly className?: string;
}

export interface PageInfo {
  readonly offset: number;
  readonly limit: number;
  /** All rows matching, when the server counts them. */
  readonly total?: number;
}

/**
 * A table that fits the page (fixed layout, long values wrap: no sideways scrolling at 1280 or on a
 * tablet), with Previous/Next paging. Rows can open a detail view (click or Enter).
 */
export function PagedTable<Row>({
  columns,
  rows,
  rowKey,
  page,
  onPage,
  onOpen,
  empty = 'Nothing to show.',
  caption,
  loading = false,
  rowData,
}: {
  columns: readonly Column<Row>[];
  rows: readonly Row[];
  rowKey: (row: Row) => string;
  page?: PageInfo;
  onPage?: (offset: number) => void;
  onOpen?: (row: Row) => void;
  empty?: ReactNode;
  caption?: string;
  loading?: boolean;
  /** `data-*` attributes of a row (without the prefix), for tests and for scripts that read the page. */
  rowData?: (row: Row) => Record<string, string | number>;
}) {
  const from = page ? page.offset + 1 : 1;
  const to = page ? page.offset + rows.length : rows.length;
  const hasNext = page ? (page.total !== undefined ? to < page.total : rows.length === page.limit) : false;
  return (
    <div className={`paged-table${loading ? ' is-loading' : ''}`}>
      <table>
        {caption ? <caption>{caption}</caption> : null}
        <colgroup>
          {columns.map((c) => (
            <col key={c.header} style={c.width ? { width: c.width } : undefined} />
          ))}
        </colgroup>
        <thead>
          <tr>
            {columns.map((c) => (
              <th key={c.header} scope="col" className={c.className}>
                {c.header}
              </th>
            ))}
          </tr>
        </thead>
        <tbody>
          {rows.length === 0 ? (
            <tr>
              <td colSpan={columns.length} className="empty">
                {loading ? 'Loading…' : empty}
              </td>
            </tr>
          ) : (
            rows.map((row) => (
              <tr
                key={rowKey(row)}
                {...Object.fromEntries(Object.entries(rowData?.(row) ?? {}).map(([k, v]) => [`data-${k}`, String(v)]))}
                className={onOpen ? 'openable' : undefined}
                tabIndex={onOpen ? 0 : undefined}
                onClick={onOpen ? () => onOpen(row) : undefined}
                onKeyDown={onOpen ? (e) => (e.key === 'Enter' ? onOpen(row) : undefined) : undefined}
              >
                {columns.map((c) => (
                  <td key={c.header} className={c.className}>
                    {c.cell(row)}
                  </td>
                ))}
              </tr>
            ))
          )}
        </tbody>
      </table>
      {page && onPage && (page.offset > 0 || hasNext) ? (
        <div className="pager">
          <button type="button" disabled={page.offset === 0 || loading} onClick={() => onPage(Math.max(0, page.offset - page.limit))}>
            ← Previous
          </button>
          <span>
            {rows.length === 0 ? 'none' : `${from}–${to}`}
            {page.total !== undefined ? ` of ${page.total}` : ''}
          </span>
          <button type="button" disabled={!hasNext || loading} onClick={() => onPage(page.offset + page.limit)}>
            Next →
          </button>
        </div>
      ) : page && page.total !== undefined && rows.length > 0 ? (
        <div className="pager">
          <span>
            {page.total} in all
          </span>
        </div>
      ) : null}
    </div>
  );
}
