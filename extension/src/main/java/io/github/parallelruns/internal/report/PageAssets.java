package io.github.parallelruns.internal.report;

/**
 * The HTML report's inline style sheet and script. Both are inline so the page is one file that
 * opens anywhere without a network; the page is complete without the script, which only makes the
 * summary table sortable and marks the table with {@code data-sortable="ready"} when it has.
 */
final class PageAssets {

    /** Allows nothing but the page's own inline style and script: no fetch can leave the file. */
    static final String CONTENT_SECURITY_POLICY =
            "default-src 'none'; style-src 'unsafe-inline'; script-src 'unsafe-inline'; img-src data:";

    static final String STYLE = """
            :root { --pass: #1a7f37; --fail: #cf222e; --inconclusive: #9a6700; --other: #6e7781;
              --ink: #1f2328; --muted: #57606a; --line: #d0d7de; --soft: #f6f8fa; }
            * { box-sizing: border-box; }
            body { margin: 0 auto; max-width: 1260px; padding: 16px 24px 48px; color: var(--ink); background: #fff;
              font: 14px/1.45 system-ui, -apple-system, "Segoe UI", Roboto, "Helvetica Neue", Arial, sans-serif; }
            h1 { font-size: 26px; margin: 8px 0 4px; }
            h2 { font-size: 19px; margin: 0 0 6px; }
            h3 { font-size: 15px; margin: 18px 0 6px; }
            h4 { font-size: 14px; margin: 0 0 6px; font-weight: 600; }
            code, pre { font: 12px/1.4 ui-monospace, "SFMono-Regular", Menlo, Consolas, "DejaVu Sans Mono", monospace; }
            pre { background: var(--soft); border: 1px solid var(--line); padding: 8px; overflow-x: auto;
              white-space: pre-wrap; word-break: break-word; }
            a { color: #0969da; }
            .generated { color: var(--muted); margin: 0 0 8px; }
            dl { margin: 0; display: flex; flex-wrap: wrap; gap: 4px 22px; }
            dl > div { display: flex; gap: 6px; }
            dt { color: var(--muted); }
            dd { margin: 0; font-weight: 500; }
            header dl { margin-bottom: 14px; }
            table { border-collapse: collapse; width: 100%; font-variant-numeric: tabular-nums; }
            th, td { border-bottom: 1px solid var(--line); padding: 5px 8px; text-align: left; vertical-align: top; }
            th { background: var(--soft); font-weight: 600; white-space: nowrap; }
            td.num { text-align: right; white-space: nowrap; }
            table.points th, table.points td.num { white-space: normal; }
            tbody tr:nth-child(even) { background: #fbfcfd; }
            tr.reference { color: var(--muted); }
            table.summary[data-sortable="ready"] th { cursor: pointer; user-select: none; }
            table.summary th[aria-sort="ascending"]::after { content: " \\25B2"; font-size: 10px; }
            table.summary th[aria-sort="descending"]::after { content: " \\25BC"; font-size: 10px; }
            .scroll { overflow-x: auto; }
            .badge { display: inline-block; padding: 1px 8px; border-radius: 10px; color: #fff; font-size: 12px;
              font-weight: 600; letter-spacing: .02em; vertical-align: middle; }
            .verdict-pass { background: var(--pass); }
            .verdict-fail { background: var(--fail); }
            .verdict-inconclusive { background: var(--inconclusive); }
            .verdict-other { background: var(--other); }
            .baseline { font-weight: 600; }
            .baseline-dropped { color: var(--fail); }
            .baseline-pass { color: var(--pass); }
            .note { color: var(--muted); font-size: 12px; }
            section.record { border-top: 2px solid var(--line); margin-top: 28px; padding-top: 16px; }
            .test-id code { color: var(--muted); word-break: break-all; }
            .reason { background: var(--soft); border-left: 4px solid var(--line); padding: 6px 10px; }
            .environment-note { color: var(--inconclusive); }
            .charts { display: flex; flex-wrap: wrap; gap: 16px; }
            figure { margin: 8px 0; flex: 1 1 540px; max-width: 680px; }
            figcaption { color: var(--muted); font-size: 12px; }
            svg { width: 100%; height: auto; background: #fff; font-family: inherit; }
            .fits { display: flex; flex-wrap: wrap; gap: 12px 40px; }
            .fit { flex: 1 1 420px; }
            .fit-note { color: var(--muted); font-style: italic; }
            .failures li { margin-bottom: 8px; }
            .failures p { margin: 0 0 2px; }
            .back { font-size: 12px; }
            .grid line { stroke: #eaeef2; }
            .axis-line, .tick { stroke: #8c959f; }
            .tick-label, .legend-label { font-size: 11px; fill: var(--muted); }
            .axis-label { font-size: 12px; fill: var(--ink); }
            .ideal-line, .swatch-ideal { stroke: #8c959f; stroke-width: 1.5; stroke-dasharray: 6 4; fill: none; }
            .fit-amdahl, .swatch-amdahl { stroke: #0969da; stroke-width: 2; fill: none; }
            .fit-usl, .swatch-usl { stroke: #8250df; stroke-width: 2; fill: none; stroke-dasharray: 10 3 2 3; }
            .bound-line, .swatch-bound { stroke: var(--fail); stroke-width: 1.2; stroke-dasharray: 3 3; }
            .cores-line, .swatch-cores { stroke: #bf8700; stroke-width: 1; stroke-dasharray: 1 3; }
            .point, .swatch-point { fill: var(--ink); stroke: #fff; stroke-width: 1; }
            .point.reference { fill: #fff; stroke: var(--ink); stroke-width: 1.5; }
            .error-bar line { stroke: var(--ink); stroke-width: 1.5; }
            .error-bar path { fill: var(--ink); }
            .pair-dot, .swatch-pair { fill: #0969da; fill-opacity: .55; }
            .pair-dot.disturbed, .swatch-disturbed { fill: #fff; fill-opacity: 1; stroke: #bc4c00; stroke-width: 1.5; }
            .median, .swatch-median { stroke: var(--ink); stroke-width: 2.5; }
            .interval-band, .swatch-interval { fill: #0969da; fill-opacity: .10; stroke: #0969da; stroke-opacity: .3; }
            @media print { section.record { break-inside: avoid; } }
            """;

    /**
     * Sorts the summary table by the clicked column (again: the other way round). Cells with a
     * {@code data-sort} attribute sort as numbers, an empty one last; the others by their text.
     */
    static final String SCRIPT = """
            (function () {
              'use strict';
              var table = document.querySelector('table.summary');
              if (!table || !table.tHead || !table.tBodies.length) { return; }
              var body = table.tBodies[0];
              var headers = Array.prototype.slice.call(table.tHead.rows[0].cells);
              function key(cell) {
                if (cell.hasAttribute('data-sort')) {
                  var number = parseFloat(cell.getAttribute('data-sort'));
                  return { number: isNaN(number) ? -Infinity : number };
                }
                return { text: cell.textContent.trim().toLowerCase() };
              }
              function compare(a, b) {
                if (a.number !== undefined && b.number !== undefined) {
                  return a.number === b.number ? 0 : (a.number < b.number ? -1 : 1);
                }
                return String(a.text || '').localeCompare(String(b.text || ''));
              }
              headers.forEach(function (header, column) {
                header.tabIndex = 0;
                header.setAttribute('aria-sort', 'none');
                function sort() {
                  var ascending = header.getAttribute('aria-sort') !== 'ascending';
                  headers.forEach(function (other) { other.setAttribute('aria-sort', 'none'); });
                  header.setAttribute('aria-sort', ascending ? 'ascending' : 'descending');
                  var rows = Array.prototype.slice.call(body.rows).map(function (row, index) {
                    return { row: row, key: key(row.cells[column]), index: index };
                  });
                  rows.sort(function (x, y) {
                    return (ascending ? 1 : -1) * compare(x.key, y.key) || x.index - y.index;
                  });
                  rows.forEach(function (entry) { body.appendChild(entry.row); });
                }
                header.addEventListener('click', sort);
                header.addEventListener('keydown', function (event) {
                  if (event.key === 'Enter' || event.key === ' ') { event.preventDefault(); sort(); }
                });
              });
              table.setAttribute('data-sortable', 'ready');
            })();
            """;

    private PageAssets() {}
}
